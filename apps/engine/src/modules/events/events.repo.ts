import { auditLog, outboxEvents } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import type { AuditLog, OutboxEvent } from './events.types';

export interface OutboxRepo {
  /** false when an event with this id was already written (a replay). */
  add(event: OutboxEvent): Promise<boolean>;
}

export function createOutboxRepo({ db }: Executor): OutboxRepo {
  return {
    async add(event) {
      const rows = await db
        .insert(outboxEvents)
        .values(event)
        .onConflictDoNothing()
        .returning({ id: outboxEvents.id });
      return rows.length === 1;
    },
  };
}

export function createAuditRepo({ db }: Executor): AuditLog {
  return {
    async record(entry) {
      await db
        .insert(auditLog)
        .values({ ...entry, diff: (entry.diff ?? null) as Record<string, unknown> | null });
    },
  };
}
