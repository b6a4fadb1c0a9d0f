'use client';
// The lower half of the loan page, one tab at a time: the plan (default), repayments, events
// with the audit trail, waivers, asset transfers and channel anomalies (for who may read them). The tab is kept in the address (?tab=…) so
// a link can open the loan on it (the waiver queue opens "waivers").
import { Card, Tabs } from 'antd';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, type ReactNode } from 'react';
import { AnomaliesList } from '@/components/anomalies/anomalies-list';
import { LoanEventsTables } from '@/components/history/loan-events-tables';
import { LoanRepaymentsTable } from '@/components/history/loan-repayments-table';
import { LoanPlanCard } from '@/components/plan/loan-plan-card';
import { LoanTransfersTable } from '@/components/transfers/loan-transfers-table';
import { LoanWaiversTable } from '@/components/waivers/loan-waivers-table';
import { useT, type MessageKey } from '@/i18n';
import { useCan } from '@/lib/session';

const TABS = ['plan', 'repayments', 'events', 'waivers', 'transfers', 'anomalies'] as const;
type Tab = (typeof TABS)[number];

const isTab = (value: string | null): value is Tab => TABS.includes(value as Tab);

const labels: Record<Tab, MessageKey> = {
  plan: 'loan.plan',
  repayments: 'loanTabs.repayments',
  events: 'loanTabs.events',
  waivers: 'loanTabs.waivers',
  transfers: 'loanTabs.transfers',
  anomalies: 'anomalies.loanTab',
};

export function LoanDetailTabs(props: {
  orderNo: string;
  currentVersion: number;
  /** The plan version on show. */
  version: number;
  onVersionChange: (version: number) => void;
}) {
  const { orderNo } = props;
  const t = useT();
  const canReadAnomalies = useCan('anomalies.read');
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const wanted = search.get('tab');
  const active: Tab =
    isTab(wanted) && (wanted !== 'anomalies' || canReadAnomalies) ? wanted : 'plan';
  const top = useRef<HTMLDivElement>(null);

  // Opened on a tab by a link: the tabs are below the loan's cards, bring them into view.
  useEffect(() => {
    if (isTab(wanted)) top.current?.scrollIntoView({ block: 'start' });
    // Only on arrival; switching tabs later keeps the scroll position.
  }, []);

  const show = (key: string) => {
    const params = new URLSearchParams(search.toString());
    if (key === 'plan') params.delete('tab');
    else params.set('tab', key);
    const query = params.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  const content: Record<Tab, ReactNode> = {
    plan: (
      <LoanPlanCard
        orderNo={orderNo}
        currentVersion={props.currentVersion}
        version={props.version}
        onVersionChange={props.onVersionChange}
      />
    ),
    repayments: (
      <Card>
        <LoanRepaymentsTable orderNo={orderNo} />
      </Card>
    ),
    events: (
      <Card>
        <LoanEventsTables orderNo={orderNo} />
      </Card>
    ),
    waivers: (
      <Card>
        <LoanWaiversTable orderNo={orderNo} />
      </Card>
    ),
    transfers: (
      <Card>
        <LoanTransfersTable orderNo={orderNo} />
      </Card>
    ),
    anomalies: (
      <Card>
        <AnomaliesList orderNo={orderNo} />
      </Card>
    ),
  };
  const shown = TABS.filter((key) => key !== 'anomalies' || canReadAnomalies);

  return (
    <div ref={top}>
      <Tabs
        aria-label={t('loanTabs.aria')}
        type="card"
        activeKey={active}
        onChange={show}
        tabBarStyle={{ marginBottom: 0 }}
        items={shown.map((key) => ({ key, label: t(labels[key]), children: content[key] }))}
      />
    </div>
  );
}
