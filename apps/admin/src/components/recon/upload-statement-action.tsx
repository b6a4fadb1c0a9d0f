'use client';
// 上传对账单 (recon.run): a channel's statement file for a business date, read with the channel's
// format unless another is chosen. The engine's answer is said and handed to the page: the
// lines and the success amount, or that the very same file was imported before (a duplicate
// changes nothing). A malformed file is refused on the file field with its line and column.
import { DatePicker, Form, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { formatYuan } from '@/lib/format';
import { MutationModalButton } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { FileField } from './file-field';
import {
  STATEMENT_MAX_BYTES,
  useChannelOptions,
  useFormatOptions,
  type PickedFile,
} from './recon-options';

export type ImportAnswer = RouterOutputs['recon']['upload'];

interface UploadValues {
  channel: string;
  date: Dayjs;
  format?: string;
  file: PickedFile;
}

export function UploadStatementAction(props: { onAnswer: (answer: ImportAnswer) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const channels = useChannelOptions();
  const formats = useFormatOptions();
  return (
    <MutationModalButton
      button={{ label: t('recon.upload'), type: 'primary' }}
      intro={<p>{t('recon.uploadHelp')}</p>}
      mutation={trpc.recon.upload.mutationOptions()}
      input={(v: UploadValues) => ({
        channel: v.channel,
        date: v.date.format('YYYY-MM-DD'),
        format: v.format,
        fileName: v.file.name,
        file: v.file.base64,
      })}
      success={(answer) => {
        const vars = {
          id: answer.importId,
          lines: answer.lines,
          amount: formatYuan(answer.amount),
        };
        return answer.duplicate
          ? { type: 'warning', content: t('recon.duplicate', vars), duration: 6 }
          : t('recon.imported', vars);
      }}
      onSuccess={props.onAnswer}
      invalidate={[trpc.recon.pathKey()]}
    >
      <Form.Item
        name="channel"
        label={t('recon.channel')}
        rules={[{ required: true, message: t('recon.channelRequired') }]}
      >
        <Select options={channels} showSearch optionFilterProp="label" />
      </Form.Item>
      <Form.Item
        name="date"
        label={t('recon.businessDate')}
        rules={[{ required: true, message: t('recon.dateRequired') }]}
      >
        <DatePicker />
      </Form.Item>
      <Form.Item name="format" label={t('recon.format')} extra={t('recon.formatHelp')}>
        <Select options={formats} allowClear />
      </Form.Item>
      <FileField
        name="file"
        label={t('recon.file')}
        ariaLabel={t('recon.pickStatement')}
        maxBytes={STATEMENT_MAX_BYTES}
      />
    </MutationModalButton>
  );
}
