'use client';
// Loan detail: terms, masked borrower and card, money, plan and waiver actions, debits and
// accruals, then tabs: the plan (any of its versions) with a totals row, repayments, events and
// audit, waivers, asset transfers.
import { LoanDebitsCard } from '@/components/debits/loan-debits-card';
import { LoanEligibilityCard } from '@/components/debits/loan-eligibility-card';
import { LoanDetailTabs } from '@/components/loans/loan-detail-tabs';
import { LoanAccrualsCard } from '@/components/overdue/loan-accruals-card';
import { LoanCardsCard } from '@/components/loans/loan-cards-card';
import { LoanMoneyActions } from '@/components/loans/loan-money-actions';
import { LoanPauseActions } from '@/components/loans/loan-pause-actions';
import { LoanRescheduleAction } from '@/components/plan/loan-reschedule-action';
import { LoanRulesCard } from '@/components/rules/loan-rules-card';
import { LoanWaiveAction } from '@/components/waivers/loan-waive-action';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Result, Skeleton, Space, Tag, Tooltip } from 'antd';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { cardText, Money, Stack, TitledCard } from '@/components/kit';
import { EnumTag, StatusBadge } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { errorInfo } from '@/lib/errors';
import { percent, shanghaiTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

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
  // The plan version on show; null follows the current one.
  const [planVersion, setPlanVersion] = useState<number | null>(null);

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

  return (
    <Stack>
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
        <LoanRescheduleAction
          orderNo={l.orderNo}
          active={l.status === 'active'}
          termMonths={l.termMonths}
          onRescheduled={setPlanVersion}
        />
        <LoanWaiveAction orderNo={l.orderNo} active={l.status === 'active'} />
      </Space>
      <TitledCard level={2} heading={t('loan.basic')}>
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
          <Descriptions.Item label={t('loan.card')}>{cardText(l.card)}</Descriptions.Item>
          <Descriptions.Item label={t('loans.principal')}>
            <Money value={l.principal} />
          </Descriptions.Item>
          <Descriptions.Item label={t('loans.outstanding')}>
            <Money value={l.outstandingPrincipal} />
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
      </TitledCard>
      <LoanCardsCard orderNo={l.orderNo} />
      <LoanDebitsCard orderNo={l.orderNo} />
      <LoanEligibilityCard orderNo={l.orderNo} />
      <LoanAccrualsCard orderNo={l.orderNo} />
      <LoanRulesCard orderNo={l.orderNo} />
      <LoanDetailTabs
        orderNo={l.orderNo}
        currentVersion={l.plan.version}
        version={planVersion ?? l.plan.version}
        onVersionChange={setPlanVersion}
      />
    </Stack>
  );
}
