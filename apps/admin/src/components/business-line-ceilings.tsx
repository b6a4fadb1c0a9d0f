'use client';
// Each business line's all-in annual ceiling: fee rules are checked against it when saved and
// the daily accrual caps at it. Everyone may look; admin and pm change it with a reason.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Table, Typography } from 'antd';
import { useState } from 'react';
import { Dec } from '@repay/rules';
import { EditDrawer } from '@/components/edit-drawer';
import { EnumTag } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Line = RouterOutputs['businessLines']['list'][number];
interface CeilingForm {
  percent: number;
  reason: string;
}

/** "0.36" → 36; 36 → "0.36" (the engine keeps rates as decimal strings). */
const toPercent = (rate: string) => new Dec(rate).times(100).toNumber();
const toRate = (percent: number) => new Dec(percent).div(100).toDecimalPlaces(6).toString();

export function BusinessLineCeilings() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan('reference.write');
  const lines = useQuery(trpc.businessLines.list.queryOptions());
  const update = useMutation(
    trpc.businessLines.update.mutationOptions({
      meta: { handlesErrors: true },
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.businessLines.list.queryKey() }),
    }),
  );
  const [editing, setEditing] = useState<Line | null>(null);

  return (
    <Card
      title={<h2 className="page-title">{t('ceilings.title')}</h2>}
      style={{ marginBottom: 16 }}
      data-testid="business-line-ceilings"
    >
      <Typography.Paragraph type="secondary">{t('ceilings.help')}</Typography.Paragraph>
      <Table<Line>
        rowKey="code"
        size="small"
        pagination={false}
        loading={lines.isLoading}
        dataSource={lines.data ?? []}
        columns={[
          {
            title: t('loans.businessLine'),
            dataIndex: 'code',
            render: (v: string) => <EnumTag group="businessLine" value={v} />,
          },
          {
            title: t('ceilings.ceiling'),
            dataIndex: 'allInAnnualCeiling',
            align: 'right',
            render: (v: string) => `${toPercent(v)}%`,
          },
          {
            title: t('common.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string) => shanghaiTime(v),
          },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: Line) => (
                    <Button size="small" onClick={() => setEditing(row)}>
                      {t('ceilings.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canWrite && (
        <EditDrawer<CeilingForm>
          title={
            editing
              ? `${t('ceilings.edit')} · ${enumLabel(t, 'businessLine', editing.code)}`
              : t('ceilings.edit')
          }
          open={editing !== null}
          initialValues={editing ? { percent: toPercent(editing.allInAnnualCeiling) } : undefined}
          onClose={() => setEditing(null)}
          onSubmit={(values) =>
            update.mutateAsync({
              code: editing!.code,
              allInAnnualCeiling: toRate(values.percent),
              reason: values.reason,
            })
          }
        >
          {() => (
            <>
              <Form.Item
                name="percent"
                label={t('ceilings.ceiling')}
                tooltip={t('ceilings.help')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <InputNumber min={0.01} max={100} step={1} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('ceilings.reason')}
                rules={[{ required: true, min: 2, message: t('rules.reasonRequired') }]}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
        </EditDrawer>
      )}
    </Card>
  );
}
