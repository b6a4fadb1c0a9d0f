'use client';
// The loans list's columns: the order number opens the loan; money, status, a pause with its
// reason, the next due date.
import { Tag, Tooltip, type TableColumnsType } from 'antd';
import { LoanLink, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type LoanRow = RouterOutputs['loans']['list']['items'][number];

export function useLoanColumns(): TableColumnsType<LoanRow> {
  const t = useT();
  const col = useColumns<LoanRow>();
  return [
    {
      title: t('loans.orderNo'),
      dataIndex: 'orderNo',
      fixed: 'left',
      width: 150,
      render: (orderNo: string) => <LoanLink orderNo={orderNo} />,
    },
    col.tag('loans.businessLine', 'businessLine', 'businessLine'),
    col.text('loans.funder', 'funderName'),
    col.text('loans.product', 'productName'),
    col.text('loans.borrower', 'borrowerName'),
    col.money('loans.principal', 'principal'),
    col.money('loans.outstanding', 'outstandingPrincipal'),
    col.text('loans.term', 'termMonths', { align: 'right' }),
    col.enum('loans.method', 'repaymentMethod', 'method'),
    col.status('loans.status', 'status', 'loanStatus'),
    {
      title: t('loans.paused'),
      dataIndex: 'paused',
      render: (p: LoanRow['paused']) =>
        p ? (
          <Tooltip title={t('loans.pausedReason', { reason: p.reason })}>
            <Tag color="orange">{t('loans.pausedUntil', { until: p.until })}</Tag>
          </Tooltip>
        ) : (
          '-'
        ),
    },
    col.tag('overdue.bucket', 'delinquencyBucket', 'bucket'),
    {
      title: t('loans.nextDue'),
      dataIndex: 'nextDueDate',
      // The next unpaid installment's due date; red when it has passed (overdue).
      render: (v: string | null, r: LoanRow) =>
        v === null ? (
          '-'
        ) : r.nextDuePast ? (
          <Tag color="red">{t('loans.nextDuePast', { date: v })}</Tag>
        ) : (
          v
        ),
    },
    col.time('common.createdAt', 'createdAt'),
  ];
}
