'use client';
// The loan's plan, any version of it: a version picker (default the current one) above the
// installments of that version, with a totals row; the versions' history folds out above it.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Collapse, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { Money, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { sumYuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { planVersionLabel } from './plan-version-label';
import { PlanVersionsTable } from './plan-versions-table';

type Installment = RouterOutputs['loans']['plan']['installments'][number];

export function LoanPlanCard(props: {
  orderNo: string;
  /** The loan's current plan version. */
  currentVersion: number;
  /** The version on show. */
  version: number;
  onVersionChange: (version: number) => void;
}) {
  const { orderNo, currentVersion, version } = props;
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Installment>();
  const versions = useQuery(trpc.loans.planVersions.queryOptions({ orderNo }));
  const plan = useQuery({
    ...trpc.loans.plan.queryOptions({ orderNo, version }),
    placeholderData: keepPreviousData,
  });
  const rows = plan.data?.installments ?? [];
  const known = versions.data?.map((v) => v.version) ?? [];
  const options = (known.includes(version) ? known : [...known, version])
    .sort((a, b) => b - a)
    .map((v) => ({ value: v, label: planVersionLabel(t, v, currentVersion) }));

  const columns: TableColumnsType<Installment> = [
    col.text('plan.period', 'period', { align: 'right', width: 70 }),
    col.text('plan.dueDate', 'dueDate'),
    col.money('plan.principal', 'principal'),
    col.money('plan.interest', 'interest'),
    col.money('plan.fee', 'fee'),
    col.money('plan.penalty', 'penalty'),
    col.money('plan.total', 'total'),
    col.money('plan.paid', 'paid'),
    col.status('plan.status', 'status', 'installmentStatus'),
    col.text('plan.overdueDays', 'overdueDays', {
      align: 'right',
      render: (v: number) => (v > 0 ? <Tag color="red">{v}</Tag> : v),
    }),
  ];

  return (
    <section aria-labelledby="plan-heading">
      <Card
        title={
          <h2 id="plan-heading" className="page-title">
            {t('loan.plan')}
          </h2>
        }
        data-testid="loan-plan"
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <label htmlFor="plan-version">{t('planVersions.select')}</label>
          <Select<number>
            id="plan-version"
            data-testid="plan-version-select"
            value={version}
            options={options}
            onChange={props.onVersionChange}
            style={{ minWidth: 140 }}
          />
          {version !== currentVersion && <Tag color="gold">{t('planVersions.historic')}</Tag>}
        </Space>
        <Collapse
          size="small"
          ghost
          style={{ marginBottom: 12 }}
          items={[
            {
              key: 'versions',
              label: t('planVersions.title', { count: versions.data?.length ?? '…' }),
              children: (
                <PlanVersionsTable
                  versions={versions.data}
                  loading={versions.isLoading}
                  currentVersion={currentVersion}
                  viewing={version}
                  onView={props.onVersionChange}
                />
              ),
            },
          ]}
        />
        <Table<Installment>
          aria-label={t('loan.plan')}
          rowKey="period"
          size="small"
          loading={plan.isFetching && plan.data?.version !== version}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1000 }}
          summary={() =>
            plan.data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <strong>{t('plan.totals')}</strong>
                </Table.Summary.Cell>
                {[
                  plan.data.totals.principal,
                  plan.data.totals.interest,
                  sumYuan(rows.map((r) => r.fee)),
                  sumYuan(rows.map((r) => r.penalty)),
                  plan.data.totals.total,
                  sumYuan(rows.map((r) => r.paid)),
                ].map((total, i) => (
                  <Table.Summary.Cell key={i} index={i + 2} align="right">
                    <Money value={total} />
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={8} colSpan={2} />
              </Table.Summary.Row>
            )
          }
        />
      </Card>
    </section>
  );
}
