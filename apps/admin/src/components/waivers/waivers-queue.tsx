'use client';
// 减免审批: waivers by status (waiting for approval first), loan, component, funder and business
// dates, newest first, 50 at a time, with a link to the loan; a row opens its details; finance and
// admin approve or reject those waiting, each with a note; 导出 CSV / Excel writes every waiver
// the filters find.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { DatePicker, Input, Segmented, Select, Space, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  DecisionLinks,
  ExportButton,
  KeysetTable,
  LoanLink,
  Money,
  nextCursorPaging,
  TitledCard,
  useColumns,
} from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { DetailDrawer } from '@/components/ledger/detail-drawer';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { useWaiverColumns, type Waiver } from './waiver-columns';
import { WaiverDecisionModal, type Decision } from './waiver-decision-modal';

type Filters = Omit<RouterInputs['loans']['waivers'], 'cursor' | 'limit'>;
type Status = NonNullable<Filters['status']>;
const STATUSES: Status[] = ['pending_approval', 'applied', 'rejected'];

export function WaiversQueue() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Waiver>();
  const common = useWaiverColumns();
  const canDecide = useCan('loans.waive.approve');
  const [status, setStatus] = useState<Status | 'all'>('pending_approval');
  const [orderNo, setOrderNo] = useState('');
  const [component, setComponent] = useState<Filters['component']>();
  const [funderCode, setFunderCode] = useState<string>();
  const [dates, setDates] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [open, setOpen] = useState<Waiver | null>(null);
  const { funders } = useReferenceOptions();
  const components = useEnumOptions('component', ['penalty', 'fee'] as const);
  const filters: Filters = {
    ...(status === 'all' ? {} : { status }),
    ...(orderNo ? { orderNo } : {}),
    ...(component ? { component } : {}),
    ...(funderCode ? { funderCode } : {}),
    ...(dates?.[0] ? { from: dates[0].format('YYYY-MM-DD') } : {}),
    ...(dates?.[1] ? { to: dates[1].format('YYYY-MM-DD') } : {}),
  };
  const list = useInfiniteQuery({
    ...trpc.loans.waivers.infiniteQueryOptions({ ...filters, limit: 50 }, nextCursorPaging),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<Waiver> = [
    col.loan('waivers.orderNo', 'orderNo', 'waivers', { fixed: 'left' }),
    ...common,
  ];
  if (canDecide)
    columns.push(
      col.actions(
        (waiver) =>
          waiver.status === 'pending_approval' && (
            // A decision is not a click on the row (that opens its details).
            <span onClick={(e) => e.stopPropagation()}>
              <DecisionLinks
                approveLabel={t('waivers.approve')}
                rejectLabel={t('waivers.reject')}
                onDecide={(approve) => setDecision({ waiver, approve })}
              />
            </span>
          ),
        { fixed: 'right' },
      ),
    );

  return (
    <TitledCard
      heading={t('waivers.title')}
      extra={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('waivers.orderNo')}
            aria-label={t('waivers.orderNo')}
            onSearch={(v) => setOrderNo(v.trim())}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            placeholder={t('waivers.component')}
            aria-label={t('waivers.component')}
            options={components}
            value={component}
            onChange={setComponent}
            style={{ width: 120 }}
          />
          <Select
            allowClear
            showSearch
            placeholder={t('waivers.funder')}
            aria-label={t('waivers.funder')}
            options={funders}
            value={funderCode}
            onChange={setFunderCode}
            style={{ width: 180 }}
          />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            aria-label={t('waivers.dates')}
            value={dates}
            onChange={(v) => setDates(v)}
          />
          <Segmented<Status | 'all'>
            aria-label={t('waivers.filterStatus')}
            value={status}
            onChange={setStatus}
            options={[
              ...STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'waiverStatus', s) })),
              { value: 'all', label: t('common.all') },
            ]}
          />
          <ExportButton list="waivers" filters={filters} />
        </Space>
      }
    >
      <KeysetTable<Waiver>
        list={list}
        rowKey="waiverId"
        size="middle"
        aria-label={t('waivers.title')}
        data-testid="waiver-queue"
        empty={t(status === 'pending_approval' ? 'waivers.emptyPending' : 'waivers.empty')}
        scroll={{ x: 1500 }}
        columns={columns}
        onRow={(w) => ({ onClick: () => setOpen(w), style: { cursor: 'pointer' } })}
      />
      <DetailDrawer
        title={open ? t('waivers.detail', { id: open.waiverId }) : ''}
        onClose={() => setOpen(null)}
        details={
          open && [
            {
              label: t('waivers.orderNo'),
              value: <LoanLink orderNo={open.orderNo} tab="waivers" />,
            },
            { label: t('waivers.funder'), value: open.funderCode },
            { label: t('waivers.businessDate'), value: open.businessDate },
            { label: t('waivers.status'), value: enumLabel(t, 'waiverStatus', open.status) },
            { label: t('waivers.component'), value: enumLabel(t, 'component', open.component) },
            { label: t('waivers.period'), value: open.period ?? t('waivers.allPeriods') },
            { label: t('waivers.amount'), value: <Money value={open.amount} /> },
            {
              label: t('waivers.lines'),
              value: open.lines.map((l) => `${l.period}: ${l.amount}`).join('; ') || null,
            },
            { label: t('waivers.reason'), value: open.reason, wide: true },
            { label: t('waivers.requestedBy'), value: open.requestedBy },
            { label: t('waivers.createdAt'), value: shanghaiTime(open.createdAt) },
            { label: t('waivers.decidedBy'), value: open.decidedBy },
            { label: t('waivers.decidedAt'), value: shanghaiTime(open.decidedAt) },
            { label: t('waivers.decisionNote'), value: open.decisionNote, wide: true },
          ]
        }
      />
      <WaiverDecisionModal decision={decision} onClose={() => setDecision(null)} />
    </TitledCard>
  );
}
