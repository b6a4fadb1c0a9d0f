'use client';
// Starting a window run by hand (debits.run): the engine's business date and one of today's
// configured slots (each says whether it ran, is open now, or was missed), optionally one
// funder or business line, with a reason.
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { MutationModalButton, ReasonField } from '@/components/kit';
import { useT } from '@/i18n';
import { businessLines, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';

interface StartValues {
  date: Dayjs;
  window: string;
  funderCode?: string;
  businessLine?: (typeof businessLines)[number];
  reason: string;
}

export function StartRunAction() {
  const t = useT();
  const trpc = useTRPC();
  const now = useQuery(trpc.debits.now.queryOptions());
  const slots = useQuery(trpc.debits.slotsToday.queryOptions());
  const slotOptions = (slots.data ?? []).map((x) => ({
    value: x.start,
    label: `${x.start}–${x.end} · ${t(
      x.missed
        ? 'debits.slotMissed'
        : x.run
          ? 'debits.slotRan'
          : x.open
            ? 'debits.slotOpen'
            : 'debits.slotLater',
    )}`,
  }));
  // The slot open now, else the first missed one: what a person most likely runs by hand.
  const suggested =
    slots.data?.find((x) => x.open)?.start ?? slots.data?.find((x) => x.missed)?.start;
  const { funders } = useReferenceOptions();
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const today = dayjs(now.data?.date);

  return (
    <MutationModalButton
      button={{ label: t('debits.startRun'), type: 'primary' }}
      // The engine's business date and the current slot, not the browser's clock.
      initialValues={{ date: today, window: suggested }}
      mutation={trpc.debits.startRun.mutationOptions()}
      input={(v: StartValues) => ({
        date: v.date.format('YYYY-MM-DD'),
        window: v.window,
        funderCode: v.funderCode,
        businessLine: v.businessLine,
        reason: v.reason,
      })}
      invalidate={[trpc.debits.runs.queryKey()]}
    >
      <Space>
        <Form.Item name="date" label={t('debits.date')} rules={[{ required: true }]}>
          {/* A run is for the engine's business today: other dates are refused there too. */}
          <DatePicker disabledDate={(d) => !d.isSame(today, 'day')} />
        </Form.Item>
        <Form.Item name="window" label={t('debits.window')} rules={[{ required: true }]}>
          <Select options={slotOptions} style={{ minWidth: 220 }} />
        </Form.Item>
      </Space>
      <Form.Item name="funderCode" label={t('debits.funder')}>
        <Select allowClear options={funders} />
      </Form.Item>
      <Form.Item name="businessLine" label={t('debits.businessLine')}>
        <Select allowClear options={lineOptions} />
      </Form.Item>
      <ReasonField label={t('debits.reason')} />
    </MutationModalButton>
  );
}
