'use client';
// The channel's configuration as one form: limits per bank, cost, concurrency, rate, timeout
// and maintenance windows, with the reason that goes into the audit log. The engine checks it
// as a whole; every problem it finds lands on its field.
import { Divider, Form, Input, InputNumber, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import type { BANK_CODES } from '@repay/rules';
import { EditDrawer, ReasonField, yuanRule } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';
import type { Channel } from './channel-columns';
import { BankLimitsList, clockTime, MaintenanceWindowsList } from './channel-limits';

interface ConfigForm {
  name: string;
  banks: { bankCode: (typeof BANK_CODES)[number]; singleLimit: string; dailyLimit: string }[];
  costPerTxn: string;
  maxConcurrency: number;
  ratePerSecond: number;
  timeoutMs: number;
  maintenance: { start: Dayjs; end: Dayjs }[];
  reason: string;
}

const toForm = (channel: Channel): Partial<ConfigForm> => ({
  name: channel.name,
  banks: channel.banks.map((b) => ({
    ...b,
    bankCode: b.bankCode as ConfigForm['banks'][number]['bankCode'],
  })),
  costPerTxn: channel.costPerTxn,
  maxConcurrency: channel.maxConcurrency,
  ratePerSecond: channel.ratePerSecond,
  timeoutMs: channel.timeoutMs,
  maintenance: channel.maintenance.map((m) => ({
    start: clockTime(m.start),
    end: clockTime(m.end),
  })),
});

export function ChannelConfigDrawer({
  channel,
  onClose,
}: {
  channel: Channel | null;
  onClose: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const initialValues = useMemo(() => (channel ? toForm(channel) : undefined), [channel]);

  return (
    <EditDrawer
      title={channel ? t('channels.configTitle', { code: channel.code }) : ''}
      open={channel !== null}
      size={640}
      initialValues={initialValues}
      onClose={onClose}
      mutation={trpc.channels.updateConfig.mutationOptions()}
      input={(values: ConfigForm) => ({
        ...values,
        code: channel!.code,
        maintenance: (values.maintenance ?? []).map((m) => ({
          start: m.start.format('HH:mm'),
          end: m.end.format('HH:mm'),
        })),
      })}
      invalidate={[trpc.channels.list.queryKey()]}
    >
      {() => (
        <>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 40 }]}>
            <Input />
          </Form.Item>
          <Divider titlePlacement="start">{t('channels.limits')}</Divider>
          <BankLimitsList />
          <Divider />
          <Space wrap>
            <Form.Item
              name="costPerTxn"
              label={t('channels.cost')}
              rules={[{ required: true }, yuanRule(t('channels.yuanFormat'))]}
            >
              <Input prefix="¥" style={{ width: 140 }} />
            </Form.Item>
            <Form.Item
              name="maxConcurrency"
              label={t('channels.maxConcurrency')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={1000} precision={0} />
            </Form.Item>
            <Form.Item
              name="ratePerSecond"
              label={t('channels.ratePerSecond')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={10000} precision={0} />
            </Form.Item>
            <Form.Item
              name="timeoutMs"
              label={t('channels.timeoutMs')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1000} max={120000} step={1000} precision={0} />
            </Form.Item>
          </Space>
          <Divider titlePlacement="start">{t('channels.maintenance')}</Divider>
          <MaintenanceWindowsList />
          <Divider />
          <ReasonField label={t('channels.changeReason')} />
        </>
      )}
    </EditDrawer>
  );
}
