// The audit log's filters: one schema for the console's list (tRPC) and its export (the query
// string of GET /exports/audit-log.csv), so both read the same rows.
import { ACTOR_TYPES } from '@repay/rules';
import { z } from 'zod';

const date = z.iso.date('a date as YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

export const auditFilter = z.strictObject({
  /** A username, or the id an API key or the system acted under. */
  actor: text(64).optional(),
  actorType: z.enum(ACTOR_TYPES).optional(),
  entityType: text(64).optional(),
  entityId: text(128).optional(),
  /** An action, or the prefix before its dot: `loan` finds `loan.create`, `loan.settle`, … */
  action: text(64).optional(),
  /** Business dates (Asia/Shanghai) the rows were written, inclusive. */
  from: date.optional(),
  to: date.optional(),
});

export type AuditFilter = z.infer<typeof auditFilter>;

/** What changed on a channel: its status (up, down, maintenance), its configuration, its circuit. */
export const CHANNEL_CHANGES = ['status', 'config', 'circuit'] as const;

const channelHistoryShape = {
  channel: text(40).optional(),
  change: z.enum(CHANNEL_CHANGES).optional(),
  /** A username, or the id the system acted under (the circuit breaker). */
  actor: text(64).optional(),
  from: date.optional(),
  to: date.optional(),
};

function ordered(v: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.to < v.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'the end is before the start' });
}

/** 通道配置历史's filters (the page and its export). */
export const channelHistoryFilter = z.strictObject(channelHistoryShape).superRefine(ordered);
export const channelHistoryInput = z
  .strictObject({
    ...channelHistoryShape,
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'an id')
      .nullish(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .superRefine(ordered);
export type ChannelHistoryFilter = z.infer<typeof channelHistoryFilter>;
