// The audit log as auditors read it (审计日志): filtered, newest first, each row's structured
// diff as written; and the row every export of a list leaves (who, which list, its filters, how
// many rows went out).
import { readKeysetPage } from '../../lib/paging';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog } from '../events';
import type { AuditReadRepo, AuditRow } from './audit.repo';
import type { AuditFilter, ChannelHistoryFilter } from './audit.schema';

type Repos = { audit: AuditLog };

const view = (r: AuditRow) => ({
  id: String(r.id),
  at: r.createdAt.toISOString(),
  actorType: r.actorType,
  actorId: r.actorId,
  /** Who, as a person reads it: the username, else the key's or the system's id. */
  actor: r.username ?? r.actorId,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  reason: r.reason,
  diff: r.diff ?? null,
});

export type AuditView = ReturnType<typeof view>;

export interface ExportRecord {
  /** The list's name in its address (/exports/<list>.csv). */
  list: string;
  format: 'csv' | 'xlsx';
  /** The filters as the export read them (validated). */
  filters: Record<string, unknown>;
  rows: number;
  /** False when the export stopped before its last row (the client left, or a failure). */
  complete: boolean;
}

export function createAuditTrail(deps: { repo: AuditReadRepo; transaction: Transactor<Repos> }) {
  const { repo, transaction } = deps;
  return {
    async list(filter: AuditFilter & { limit: number; cursor?: string | null }) {
      const { page, nextCursor } = await readKeysetPage(filter, (query) => repo.list(query));
      return { items: page.map(view), nextCursor };
    },

    entityTypes: () => repo.entityTypes(),

    /**
     * 通道配置历史: every change to a channel as the audit log holds it (status switches,
     * configuration diffs of limits, costs and concurrency, circuit moves), newest first.
     */
    async channelHistory(filter: ChannelHistoryFilter & { limit: number; cursor?: string | null }) {
      const { channel, change, cursor, limit, ...rest } = filter;
      const { page, nextCursor } = await readKeysetPage(
        {
          ...rest,
          entityType: 'channel',
          entityId: channel,
          action: change ? `channel.${change}` : 'channel',
          cursor,
          limit,
        },
        (query) => repo.list(query),
      );
      return { items: page.map(view), nextCursor };
    },

    async recordExport(actor: Actor, e: ExportRecord) {
      await transaction((repos) =>
        repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'export.download',
          entityType: 'export',
          entityId: e.list,
          diff: { format: e.format, filters: e.filters, rows: e.rows, complete: e.complete },
        }),
      );
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
