import { auditLog, outboxEvents } from '@repay/db/schema';
import { jsonArray } from '@repay/db';
import type { Executor } from '../../lib/executor';
import type { AuditLog, OutboxEvent } from './events.types';

export interface OutboxRepo {
  /** false when an event with this id was already written (a replay). */
  add(event: OutboxEvent): Promise<boolean>;
  /** Many events in one statement; replays are skipped. */
  addMany(events: OutboxEvent[]): Promise<void>;
}

export function createOutboxRepo({ db, sql }: Executor): OutboxRepo {
  return {
    async add(event) {
      const rows = await db
        .insert(outboxEvents)
        .values(event)
        .onConflictDoNothing()
        .returning({ id: outboxEvents.id });
      return rows.length === 1;
    },
    async addMany(events) {
      if (events.length === 0) return;
      await sql.query(
        `INSERT INTO outbox_events (event_id, topic, aggregate_type, aggregate_id, payload)
         SELECT * FROM ROWS FROM (unnest($1::text[], $2::text[], $3::text[], $4::text[]), jsonb_array_elements($5::jsonb))
         ON CONFLICT (event_id) DO NOTHING`,
        [
          events.map((e) => e.eventId),
          events.map((e) => e.topic),
          events.map((e) => e.aggregateType),
          events.map((e) => e.aggregateId),
          jsonArray(events.map((e) => e.payload)),
        ],
      );
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
