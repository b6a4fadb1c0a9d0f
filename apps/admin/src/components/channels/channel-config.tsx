'use client';
// The channel's configuration as one form: limits per bank, cost, concurrency, rate, timeout
// and maintenance windows, with the reason that goes into the audit log. The engine checks it
// as a whole; every problem it finds lands on its field.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Divider, Form, Input, InputNumber, Select, Space, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { BANK_CODES } from '@repay/rules';
import { EditDrawer } from '@/components/edit-drawer';
import { enumLabel, useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Channel = RouterOutputs['channels']['list'][number];

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

const YUAN = /^\d{1,12}(\.\d{1,2})?$/;
const time = (hhmm: string) => dayjs(`2000-01-01T${hhmm}`);

export function ChannelConfigDrawer({
  channel,
  onClose,
}: {
  channel: Channel | null;
  onClose: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.channels.updateConfig.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const bankOptions = BANK_CODES.map((b) => ({
    value: b,
    label: `${enumLabel(t, 'bank', b)} (${b})`,
  }));
  const yuanRule = { pattern: YUAN, message: t('channels.yuanFormat') };

  const initialValues = useMemo<Partial<ConfigForm> | undefined>(
    () =>
      channel
        ? {
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
              start: time(m.start),
              end: time(m.end),
            })),
          }
        : undefined,
    [channel],
  );

  return (
    <EditDrawer<ConfigForm>
      title={channel ? t('channels.configTitle', { code: channel.code }) : ''}
      open={channel !== null}
      size={640}
      initialValues={initialValues}
      onClose={onClose}
      onSubmit={async (values) => {
        await update.mutateAsync({
          ...values,
          code: channel!.code,
          maintenance: (values.maintenance ?? []).map((m) => ({
            start: m.start.format('HH:mm'),
            end: m.end.format('HH:mm'),
          })),
        });
        await queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() });
      }}
    >
      {() => (
        <>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 40 }]}>
            <Input />
          </Form.Item>
          <Divider titlePlacement="start">{t('channels.limits')}</Divider>
          <Form.List name="banks">
            {(fields, { add, remove }) => (
              <>
                <Space style={{ display: 'flex', marginBottom: 4 }}>
                  <span style={{ width: 170, display: 'inline-block' }}>{t('channels.bank')}</span>
                  <span style={{ width: 170, display: 'inline-block' }}>
                    {t('channels.singleLimit')}
                  </span>
                  <span style={{ width: 170, display: 'inline-block' }}>
                    {t('channels.dailyLimit')}
                  </span>
                </Space>
                {fields.map((field) => (
                  <Space key={field.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'bankCode']} rules={[{ required: true }]}>
                      <Select
                        options={bankOptions}
                        style={{ width: 170 }}
                        showSearch
                        aria-label="bankCode"
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'singleLimit']}
                      rules={[{ required: true }, yuanRule]}
                    >
                      <Input
                        prefix="¥"
                        placeholder={t('channels.singleLimit')}
                        style={{ width: 170 }}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'dailyLimit']}
                      rules={[{ required: true }, yuanRule]}
                    >
                      <Input
                        prefix="¥"
                        placeholder={t('channels.dailyLimit')}
                        style={{ width: 170 }}
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label="remove"
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ singleLimit: '50000.00', dailyLimit: '200000.00' })}
                >
                  {t('channels.addBank')}
                </Button>
              </>
            )}
          </Form.List>
          <Divider />
          <Space wrap>
            <Form.Item
              name="costPerTxn"
              label={t('channels.cost')}
              rules={[{ required: true }, yuanRule]}
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
          <Form.List name="maintenance">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'start']} rules={[{ required: true }]}>
                      <TimePicker
                        format="HH:mm"
                        minuteStep={5}
                        placeholder={t('channels.windowStart')}
                      />
                    </Form.Item>
                    <span style={{ lineHeight: '32px' }}>—</span>
                    <Form.Item name={[field.name, 'end']} rules={[{ required: true }]}>
                      <TimePicker
                        format="HH:mm"
                        minuteStep={5}
                        placeholder={t('channels.windowEnd')}
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label="remove"
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ start: time('23:30'), end: time('00:30') })}
                >
                  {t('channels.addWindow')}
                </Button>
              </>
            )}
          </Form.List>
          <Divider />
          <Form.Item
            name="reason"
            label={t('channels.changeReason')}
            rules={[{ required: true, min: 2, message: t('rules.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      )}
    </EditDrawer>
  );
}
