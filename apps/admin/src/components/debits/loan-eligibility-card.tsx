'use client';
// 扣款资格 on the loan page: per unpaid installment and each of today's deduction slots, whether
// the window takes it and, if not, why (the engine's reason code, worded here).
import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag, Tooltip, Typography } from 'antd';
import { Money } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { verdictText } from './eligibility-text';

type Eligibility = RouterOutputs['debits']['eligibility'];
type Row = Eligibility['installments'][number];
type SlotVerdict = Row['day'];

function VerdictCell({ v }: { v: SlotVerdict }) {
  const t = useT();
  const rule = v.rule
    ? t('eligibility.rule', { name: v.rule.ruleSetName, version: String(v.rule.versionNo) }) +
      (v.rule.gray ? t('eligibility.grayRule') : '')
    : null;
  return (
    <Tooltip title={rule}>
      <span data-testid="eligibility-verdict" data-reason={v.reason}>
        <Tag color={v.eligible ? 'green' : 'red'}>
          {v.eligible ? t('eligibility.yes') : t('eligibility.no')}
        </Tag>
        {verdictText(t, v)}
      </span>
    </Tooltip>
  );
}

export function LoanEligibilityCard({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const query = useQuery(trpc.debits.eligibility.queryOptions({ orderNo }));
  const data = query.data;
  const slots = data?.slots ?? [];
  return (
    <Card
      title={t('eligibility.title', { date: data?.date ?? '' })}
      data-testid="loan-eligibility"
      extra={<Typography.Text type="secondary">{t('eligibility.help')}</Typography.Text>}
    >
      <Table<Row>
        rowKey="period"
        size="small"
        loading={query.isLoading}
        dataSource={data?.installments}
        pagination={{ pageSize: 6, hideOnSinglePage: true }}
        locale={{ emptyText: t('eligibility.none') }}
        scroll={{ x: true }}
        columns={[
          { title: t('eligibility.period'), dataIndex: 'period', align: 'right', width: 64 },
          { title: t('eligibility.dueDate'), dataIndex: 'dueDate', width: 110 },
          {
            title: t('eligibility.outstanding'),
            dataIndex: 'outstanding',
            align: 'right',
            width: 120,
            render: (v: string) => <Money value={v} />,
          },
          ...(slots.length === 0
            ? [
                {
                  title: t('eligibility.noSlots'),
                  key: 'day',
                  render: (_: unknown, r: Row) => <VerdictCell v={r.day} />,
                },
              ]
            : slots.map((s, k) => ({
                title: s.end ? `${s.start}–${s.end}` : s.start,
                key: s.start,
                render: (_: unknown, r: Row) => <VerdictCell v={r.slots[k]!} />,
              }))),
        ]}
      />
    </Card>
  );
}
