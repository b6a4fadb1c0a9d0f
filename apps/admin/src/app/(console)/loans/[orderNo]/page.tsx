'use client';
// Loan detail: masked borrower and card, terms, and the plan with its totals.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Result, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { StatusBadge } from '@/components/status';
import { enumLabel, useI18n } from '@/i18n';
import { errorData } from '@/lib/errors';
import { percent, shanghaiTime, yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Installment = RouterOutputs['loans']['get']['plan']['installments'][number];

export default function LoanDetailPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const params = useParams<{ orderNo: string }>();
  const orderNo = decodeURIComponent(params.orderNo);
  const loan = useQuery(trpc.loans.get.queryOptions({ orderNo }));

  if (loan.error) return <Result status="404" title={errorData(loan.error).message} extra={<Link href="/loans">{t('loan.back')}</Link>} />;
  if (!loan.data) return <Skeleton active />;
  const l = loan.data;

  const money = (v: string) => <span className="money">{yuan(v)}</span>;
  const columns: TableColumnsType<Installment> = [
    { title: t('plan.period'), dataIndex: 'period', align: 'right' },
    { title: t('plan.dueDate'), dataIndex: 'dueDate' },
    { title: t('plan.principal'), dataIndex: 'principal', align: 'right', render: money },
    { title: t('plan.interest'), dataIndex: 'interest', align: 'right', render: money },
    { title: t('plan.fee'), dataIndex: 'fee', align: 'right', render: money },
    { title: t('plan.penalty'), dataIndex: 'penalty', align: 'right', render: money },
    { title: t('plan.total'), dataIndex: 'total', align: 'right', render: money },
    { title: t('plan.paid'), dataIndex: 'paid', align: 'right', render: money },
    { title: t('plan.status'), dataIndex: 'status', render: (v: string) => <StatusBadge group="installmentStatus" value={v} /> },
    { title: t('plan.overdueDays'), dataIndex: 'overdueDays', align: 'right' },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Link href="/loans"><Button icon={<ArrowLeftOutlined />}>{t('loan.back')}</Button></Link>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('loan.title')} {l.orderNo}</Typography.Title>
        <StatusBadge group="loanStatus" value={l.status} />
        {l.paused && <Tag color="orange">{t('loans.paused')} → {l.paused.until}</Tag>}
      </Space>
      <Card title={t('loan.basic')}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label={t('loans.businessLine')}>{enumLabel(t, 'businessLine', l.businessLine)}</Descriptions.Item>
          <Descriptions.Item label={t('loans.funder')}>{l.funderCode} {l.funderName}</Descriptions.Item>
          <Descriptions.Item label={t('loans.product')}>{l.productCode} {l.productName}</Descriptions.Item>
          <Descriptions.Item label={t('loans.borrower')}>{l.borrower.name}</Descriptions.Item>
          <Descriptions.Item label={t('loan.idNo')}>{l.borrower.idNo}</Descriptions.Item>
          <Descriptions.Item label={t('loan.mobile')}>{l.borrower.mobile}</Descriptions.Item>
          <Descriptions.Item label={t('loan.card')}>{l.card ? `${l.card.bankCode} ${l.card.cardNo}` : '-'}</Descriptions.Item>
          <Descriptions.Item label={t('loans.principal')}>{money(l.principal)}</Descriptions.Item>
          <Descriptions.Item label={t('loans.outstanding')}>{money(l.outstandingPrincipal)}</Descriptions.Item>
          <Descriptions.Item label={t('loan.rate')}>{percent(l.annualRate)}</Descriptions.Item>
          <Descriptions.Item label={t('loans.method')}>{enumLabel(t, 'method', l.repaymentMethod)}</Descriptions.Item>
          <Descriptions.Item label={t('loans.term')}>{l.termMonths}</Descriptions.Item>
          <Descriptions.Item label={t('loan.dayCount')}>{l.dayCount}</Descriptions.Item>
          <Descriptions.Item label={t('loan.startDate')}>{l.startDate}</Descriptions.Item>
          <Descriptions.Item label={t('loan.firstDueDate')}>{l.firstDueDate}</Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>{shanghaiTime(l.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={`${t('loan.plan')} · ${t('loan.planVersion')} ${l.plan.version}`}>
        <Table<Installment>
          rowKey="period"
          size="small"
          columns={columns}
          dataSource={l.plan.installments}
          pagination={false}
          scroll={{ x: 1000 }}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>{t('plan.totals')}</Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">{money(l.plan.totals.principal)}</Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">{money(l.plan.totals.interest)}</Table.Summary.Cell>
              <Table.Summary.Cell index={4} colSpan={3} align="right">{money(l.plan.totals.total)}</Table.Summary.Cell>
              <Table.Summary.Cell index={7} colSpan={3} />
            </Table.Summary.Row>
          )}
        />
      </Card>
    </Space>
  );
}
