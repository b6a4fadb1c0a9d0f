'use client';
// A rule set's version history (with each version's actions) and its publications.
import { Space, Tag, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { DataTable, useColumns } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { GrayTargetText } from '../rule-summary';
import type { RuleSetDetail, VersionRow } from './use-rule-actions';

type Publication = RuleSetDetail['publications'][number];

export function VersionsTable(props: {
  versions: VersionRow[];
  actions: (version: VersionRow) => ReactNode;
}) {
  const t = useT();
  const col = useColumns<VersionRow>();
  const columns: TableColumnsType<VersionRow> = [
    {
      title: '#',
      dataIndex: 'versionNo',
      render: (v: number) => t('rules.version', { no: v }),
    },
    col.status('common.status', 'status', 'ruleStatus'),
    col.text('rules.author', 'authorName', {
      render: (v: string | null) => v ?? t('rules.system'),
    }),
    col.text('rules.note', 'note', { ellipsis: true }),
    col.text('rules.reviewer', 'reviewerName', {
      render: (v: string | null, r) => (r.reviewedAt ? (v ?? t('rules.system')) : '—'),
    }),
    col.text('rules.reviewNote', 'reviewNote', { ellipsis: true }),
    col.time('common.updatedAt', 'updatedAt'),
    col.actions(props.actions, { fixed: 'right' }),
  ];
  return (
    <DataTable<VersionRow>
      rowKey="id"
      size="small"
      dataSource={props.versions}
      scroll={{ x: 1100 }}
      columns={columns}
    />
  );
}

export function PublicationsTable(props: { publications: Publication[]; versions: VersionRow[] }) {
  const t = useT();
  const col = useColumns<Publication>();
  const versionOf = (id: string) => props.versions.find((x) => x.id === id);
  const columns: TableColumnsType<Publication> = [
    {
      title: '#',
      dataIndex: 'versionId',
      render: (v: string) => (
        <Space size={4}>
          {t('rules.version', { no: versionOf(v)?.versionNo ?? '?' })}
          {versionOf(v)?.copiedFromId && <Tag>{t('rules.rollbackTag')}</Tag>}
        </Space>
      ),
    },
    col.text('rules.mode', 'mode', { render: (v: string) => enumLabel(t, 'pubMode', v) }),
    col.text('rules.grayTarget', 'grayTarget', {
      render: (v: unknown) => (v ? <GrayTargetText target={v} /> : '—'),
    }),
    col.time('rules.effectiveFrom', 'effectiveFrom'),
    col.text('rules.endedAt', 'endedAt', {
      render: (v: string | null) => (v ? shanghaiTime(v) : '—'),
    }),
    col.text('rules.reason', 'reason'),
    // Who acted: published (or promoted, rolled back), approved the version, ended a gray side.
    col.text('rules.publishedBy', 'publishedByName', {
      render: (v: string | null) => v ?? t('rules.system'),
    }),
    {
      title: t('rules.approvedBy'),
      key: 'approvedBy',
      render: (_: unknown, p: Publication) => {
        const v = versionOf(p.versionId);
        return v?.reviewedAt ? (v.reviewerName ?? t('rules.system')) : '—';
      },
    },
    col.text('rules.endedBy', 'endedByName', {
      render: (v: string | null, p) => (p.endedAt ? (v ?? t('rules.system')) : '—'),
    }),
  ];
  return (
    <DataTable<Publication>
      rowKey="id"
      size="small"
      dataSource={props.publications}
      columns={columns}
    />
  );
}
