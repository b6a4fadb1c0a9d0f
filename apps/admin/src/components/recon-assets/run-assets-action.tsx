'use client';
// 运行对账 (recon.run): the checks of a business date, today by default; the engine's counts
// are said and the page turns to the new run.
import { DatePicker, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { MutationModalButton } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

export type AssetRunAnswer = RouterOutputs['reconAssets']['run'];

export function RunAssetsAction(props: { onAnswer: (answer: AssetRunAnswer) => void }) {
  const t = useT();
  const trpc = useTRPC();
  return (
    <MutationModalButton
      button={{ label: t('reconAssets.run'), type: 'primary' }}
      intro={<p>{t('reconAssets.runHelp')}</p>}
      initialValues={{ date: dayjs() }}
      mutation={trpc.reconAssets.run.mutationOptions()}
      input={(v: { date: Dayjs }) => ({ date: v.date.format('YYYY-MM-DD') })}
      success={(answer) =>
        t('reconAssets.ran', {
          date: answer.date,
          attempt: answer.attempt,
          loans: answer.loans,
          funders: answer.funders,
          breaks: answer.breaks,
        })
      }
      onSuccess={props.onAnswer}
      invalidate={[trpc.reconAssets.pathKey()]}
    >
      <Form.Item
        name="date"
        label={t('reconAssets.date')}
        rules={[{ required: true, message: t('reconAssets.dateRequired') }]}
      >
        <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
    </MutationModalButton>
  );
}
