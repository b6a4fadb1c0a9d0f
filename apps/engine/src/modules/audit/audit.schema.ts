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
