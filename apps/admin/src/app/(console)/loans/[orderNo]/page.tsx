'use client';
// Loan detail: terms, masked borrower and card, and the current plan with a totals row.
import { LoanDebitsCard } from '@/components/debits/loan-debits-card';
import { LoanAccrualsCard } from '@/components/overdue/loan-accruals-card';
import { LoanCardsCard } from '@/components/loan-cards-card';
import { LoanMoneyActions } from '@/components/loan-money-actions';
import { LoanPauseActions } from '@/components/loan-pause-actions';
import { LoanRulesCard } from '@/components/rules/loan-rules-card';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Descriptions,
  Result,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { EnumTag, StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { errorInfo } from '@/lib/errors';
import { percent, shanghaiTime, sumYuan, yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Installment = RouterOutputs['loans']['get']['plan']['installments'][number];

const money = (v: string) => <span className="money">{yuan(v)}</span>;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export default function LoanDetailPage() {
  const t = useT();
  const trpc = useTRPC();
  const params = useParams<{ orderNo: string }>();
  const orderNo = safeDecode(params.orderNo);
  const loan = useQuery(
    trpc.loans.get.queryOptions({ orderNo }, { meta: { handlesErrors: true } }),
  );

  if (loan.error) {
    const info = errorInfo(loan.error);
    return (
      <Result
        status={info.code === 'NOT_FOUND' ? '404' : 'error'}
        title={info.code === 'NOT_FOUND' ? t('loan.notFound') : info.message}
        subTitle={orderNo}
        extra={<Link href="/loans">{t('loan.back')}</Link>}
      />
    );
  }
  if (!loan.data) return <Skeleton active />;
  const l = loan.data;
  const rows = l.plan.installments;

  const columns: TableColumnsType<Installment> = [
    { title: t('plan.period'), dataIndex: 'period', align: 'right', width: 70 },
    { title: t('plan.dueDate'), dataIndex: 'dueDate' },
    { title: t('plan.principal'), dataIndex: 'principal', align: 'right', render: money },
    { title: t('plan.interest'), dataIndex: 'interest', align: 'right', render: money },
    { title: t('plan.fee'), dataIndex: 'fee', align: 'right', render: money },
    { title: t('plan.penalty'), dataIndex: 'penalty', align: 'right', render: money },
    { title: t('plan.total'), dataIndex: 'total', align: 'right', render: money },
    { title: t('plan.paid'), dataIndex: 'paid', align: 'right', render: money },
    {
      title: t('plan.status'),
      dataIndex: 'status',
      render: (v: string) => <StatusBadge group="installmentStatus" value={v} />,
    },
    {
      title: t('plan.overdueDays'),
      dataIndex: 'overdueDays',
      align: 'right',
      render: (v: number) => (v > 0 ? <Tag color="red">{v}</Tag> : v),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Link href="/loans">
          <Button icon={<ArrowLeftOutlined />}>{t('loan.back')}</Button>
        </Link>
        <h1 className="page-title" style={{ fontSize: 20 }}>
          {t('loan.title')} {l.orderNo}
        </h1>
        <StatusBadge group="loanStatus" value={l.status} />
        {l.paused && (
          <Tooltip title={t('loans.pausedReason', { reason: l.paused.reason })}>
            <Tag color="orange">{t('loans.pausedUntil', { until: l.paused.until })}</Tag>
          </Tooltip>
        )}
        <LoanPauseActions
          orderNo={l.orderNo}
          active={l.status === 'active'}
          paused={l.paused !== null}
        />
        <LoanMoneyActions orderNo={l.orderNo} active={l.status === 'active'} />
      </Space>
      <Card title={<h2 className="page-title">{t('loan.basic')}</h2>}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label={t('loans.orderNo')}>{l.orderNo}</Descriptions.Item>
          <Descriptions.Item label={t('loans.businessLine')}>
            <EnumTag group="businessLine" value={l.businessLine} />
          </Descriptions.Item>
          <Descriptions.Item label={t('loan.status')}>
            <StatusBadge group="loanStatus" value={l.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('loans.funder')}>
            {l.funderName} ({l.funderCode})
          </Descriptions.Item>
          <Descriptions.Item label={t('loans.product')}>
            {l.productName} ({l.productCode})
          </Descriptions.Item>
          <Descriptions.Item label={t('loans.borrower')}>{l.borrower.name}</Descriptions.Item>
          <Descriptions.Item label={t('loan.idNo')}>{l.borrower.idNo}</Descriptions.Item>
          <Descriptions.Item label={t('loan.mobile')}>{l.borrower.mobile}</Descriptions.Item>
          <Descriptions.Item label={t('loan.card')}>
            {l.card ? `${l.card.cardNo} (${l.card.bankCode})` : '-'}
          </Descriptions.Item>
          <Descriptions.Item label={t('loans.principal')}>{money(l.principal)}</Descriptions.Item>
          <Descriptions.Item label={t('loans.outstanding')}>
            {money(l.outstandingPrincipal)}
          </Descriptions.Item>
          <Descriptions.Item label={t('loan.rate')}>{percent(l.annualRate)}</Descriptions.Item>
          <Descriptions.Item label={t('loans.method')}>
            {enumLabel(t, 'method', l.repaymentMethod)}
          </Descriptions.Item>
          <Descriptions.Item label={t('loans.term')}>{l.termMonths}</Descriptions.Item>
          <Descriptions.Item label={t('loan.dayCount')}>
            {enumLabel(t, 'dayCount', l.dayCount)}
          </Descriptions.Item>
          <Descriptions.Item label={t('loan.startDate')}>{l.startDate}</Descriptions.Item>
          <Descriptions.Item label={t('loan.firstDueDate')}>
            {l.firstDueDate ?? '-'}
          </Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>
            {shanghaiTime(l.createdAt)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <LoanCardsCard orderNo={l.orderNo} />
      <LoanDebitsCard orderNo={l.orderNo} />
      <LoanAccrualsCard orderNo={l.orderNo} />
      <LoanRulesCard orderNo={l.orderNo} />
      <section aria-labelledby="plan-heading">
        <Card
          title={
            <h2 id="plan-heading" className="page-title">
              {t('loan.plan')}
            </h2>
          }
          extra={<Tag>{t('loan.planVersion', { version: l.plan.version })}</Tag>}
        >
          <Table<Installment>
            rowKey="period"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 1000 }}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <strong>{t('plan.totals')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {money(l.plan.totals.principal)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {money(l.plan.totals.interest)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {money(sumYuan(rows.map((r) => r.fee)))}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {money(sumYuan(rows.map((r) => r.penalty)))}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  {money(l.plan.totals.total)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">
                  {money(sumYuan(rows.map((r) => r.paid)))}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} colSpan={2} />
              </Table.Summary.Row>
            )}
          />
        </Card>
      </section>
    </Space>
  );
}
