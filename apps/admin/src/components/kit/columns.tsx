'use client';
// Table columns the console shows the same way everywhere: money right-aligned as ¥1,234.56 on
// one line, instants in Asia/Shanghai, statuses as badges, enumerations by their name, absent
// values as —. Titles are dictionary keys; `extra` adds width, fixed, … to a column.
import { Typography, type TableColumnType } from 'antd';
import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import { EnumTag, StatusBadge, type BadgeGroup, type TagGroup } from '@/components/status';
import { enumLabel, useT, type MessageKey, type Translate } from '@/i18n';
import { formatCount, shanghaiTime, yuan } from '@/lib/format';

/** An amount in yuan: tabular figures, never wrapped; red when `danger`. */
export function Money({ value, danger }: { value: string | null | undefined; danger?: boolean }) {
  if (danger === undefined) return <span className="money">{yuan(value)}</span>;
  return (
    <Typography.Text className="money" type={danger ? 'danger' : undefined}>
      {yuan(value)}
    </Typography.Text>
  );
}

/** A loan's order number as a link to its page (on a tab when given); a click on it is not the row's. */
export function LoanLink({ orderNo, tab }: { orderNo: string; tab?: string }) {
  const href = `/loans/${encodeURIComponent(orderNo)}${tab ? `?tab=${tab}` : ''}`;
  return (
    <Link href={href} onClick={(e) => e.stopPropagation()}>
      {orderNo}
    </Link>
  );
}

/** A masked card (the engine masks it) with its bank: "6222******1234 (ICBC)". */
export const cardText = (card: { cardNo: string; bankCode: string } | null | undefined) =>
  card ? `${card.cardNo} (${card.bankCode})` : '-';

const dash = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === '' ? '—' : v;

export function columnKit<Row>(t: Translate) {
  type Key = keyof Row & string;
  type Extra = Omit<TableColumnType<Row>, 'title' | 'dataIndex'>;
  type Column = TableColumnType<Row>;
  return {
    /** The value as it is. */
    text: (title: MessageKey, dataIndex: Key, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      ...extra,
    }),
    /** The value, or — when there is none. */
    optional: (title: MessageKey, dataIndex: Key, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      render: dash,
      ...extra,
    }),
    money: (title: MessageKey, dataIndex: Key, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      align: 'right',
      render: (v: string | null) => <Money value={v} />,
      ...extra,
    }),
    count: (title: MessageKey, dataIndex: Key, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      align: 'right',
      render: (v: number) => formatCount(v),
      ...extra,
    }),
    time: (title: MessageKey, dataIndex: Key, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      render: (v: string | null) => shanghaiTime(v),
      ...extra,
    }),
    status: (title: MessageKey, dataIndex: Key, group: BadgeGroup, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      render: (v: string) => <StatusBadge group={group} value={v} />,
      ...extra,
    }),
    tag: (title: MessageKey, dataIndex: Key, group: TagGroup, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      render: (v: string) => <EnumTag group={group} value={v} />,
      ...extra,
    }),
    /** An enumeration's name from the dictionary (enum.<group>.<value>); — when absent. */
    enum: (title: MessageKey, dataIndex: Key, group: string, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      render: (v: string | null) => (v ? enumLabel(t, group, v) : '—'),
      ...extra,
    }),
    /** Codes and keys in monospace; — when absent. */
    code: (title: MessageKey, dataIndex: Key, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      render: (v: string | null) => (v ? <code>{v}</code> : '—'),
      ...extra,
    }),
    /** The row's buttons (操作). */
    actions: (render: (row: Row) => ReactNode, extra?: Extra): Column => ({
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, row: Row) => render(row),
      ...extra,
    }),
    loan: (title: MessageKey, dataIndex: Key, tab?: string, extra?: Extra): Column => ({
      title: t(title),
      dataIndex,
      render: (v: string | null) => (v ? <LoanLink orderNo={v} tab={tab} /> : '—'),
      ...extra,
    }),
  };
}

/** The column helpers for one row type, titled in the current language. */
export function useColumns<Row>() {
  const t = useT();
  return useMemo(() => columnKit<Row>(t), [t]);
}
