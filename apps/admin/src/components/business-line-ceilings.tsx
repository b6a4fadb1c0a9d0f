'use client';
// Each business line's all-in annual ceiling: fee rules are checked against it when saved and
// the daily accrual caps at it. Everyone may look; admin and pm change it with a reason.
import { useQuery } from '@tanstack/react-query';
import { Button, Form, InputNumber, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Dec } from '@repay/rules';
import { DataTable, EditDrawer, ReasonField, TitledCard, useColumns } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
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
  const col = useColumns<Line>();
  const canWrite = useCan('reference.write');
  const lines = useQuery(trpc.businessLines.list.queryOptions());
  const [editing, setEditing] = useState<Line | null>(null);

  const columns: TableColumnsType<Line> = [
    col.tag('loans.businessLine', 'code', 'businessLine'),
    {
      title: t('ceilings.ceiling'),
      dataIndex: 'allInAnnualCeiling',
      align: 'right',
      render: (v: string) => `${toPercent(v)}%`,
    },
    col.time('common.updatedAt', 'updatedAt'),
  ];
  if (canWrite)
    columns.push(
      col.actions((row) => (
        <Button size="small" onClick={() => setEditing(row)}>
          {t('ceilings.edit')}
        </Button>
      )),
    );

  return (
    <TitledCard
      level={2}
      heading={t('ceilings.title')}
      style={{ marginBottom: 16 }}
      data-testid="business-line-ceilings"
    >
      <Typography.Paragraph type="secondary">{t('ceilings.help')}</Typography.Paragraph>
      <DataTable<Line>
        rowKey="code"
        size="small"
        loading={lines.isLoading}
        dataSource={lines.data ?? []}
        columns={columns}
      />
      {canWrite && (
        <EditDrawer
          title={
            editing
              ? `${t('ceilings.edit')} · ${enumLabel(t, 'businessLine', editing.code)}`
              : t('ceilings.edit')
          }
          open={editing !== null}
          initialValues={editing ? { percent: toPercent(editing.allInAnnualCeiling) } : undefined}
          onClose={() => setEditing(null)}
          mutation={trpc.businessLines.update.mutationOptions()}
          input={(values: CeilingForm) => ({
            code: editing!.code,
            allInAnnualCeiling: toRate(values.percent),
            reason: values.reason,
          })}
          invalidate={[trpc.businessLines.list.queryKey()]}
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
              <ReasonField label={t('ceilings.reason')} />
            </>
          )}
        </EditDrawer>
      )}
    </TitledCard>
  );
}
