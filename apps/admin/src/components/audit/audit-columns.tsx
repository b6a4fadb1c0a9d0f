'use client';
// An audit row's columns: when, who (and what kind of actor), the action, on what, and why.
import { Typography, type TableColumnsType } from 'antd';
import { useColumns } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import type { RouterOutputs } from '@/lib/trpc';

export type AuditRow = RouterOutputs['audit']['list']['items'][number];

export function useAuditColumns(): TableColumnsType<AuditRow> {
  const t = useT();
  const col = useColumns<AuditRow>();
  return [
    col.time('audit.at', 'at', { width: 170 }),
    col.text('audit.actor', 'actor', {
      width: 180,
      render: (actor: string, r) => (
        <>
          {actor}{' '}
          <Typography.Text type="secondary">
            {enumLabel(t, 'actorType', r.actorType)}
          </Typography.Text>
        </>
      ),
    }),
    col.code('audit.action', 'action', { width: 200 }),
    col.text('audit.entity', 'entityType', {
      render: (type: string, r) => (
        <>
          {type} <Typography.Text code>{r.entityId}</Typography.Text>
        </>
      ),
    }),
    col.optional('audit.reason', 'reason', { ellipsis: true }),
  ];
}
