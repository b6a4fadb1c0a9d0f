// Transactional outbox (written in the same transaction as the change it announces)
// and the audit log of who did what.
import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, oneOf, timestamptz } from './columns';
import { ACTOR_TYPES } from './enums';

export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: id(),
    // Deterministic from the business fact (e.g. 'debit.succeeded:123'): no double publish.
    eventId: text('event_id').notNull().unique(),
    topic: text('topic').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    publishedAt: timestamptz('published_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  // The relay polls unpublished events in id order.
  (t) => [
    index('outbox_events_unpublished_idx')
      .on(t.id)
      .where(sql`${t.publishedAt} IS NULL`),
    // A loan's events on the console, newest first.
    index('outbox_events_aggregate_idx').on(t.aggregateType, t.aggregateId, t.id),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    reason: text('reason'),
    diff: jsonb('diff').$type<Record<string, unknown>>(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    oneOf('audit_log_actor_type_check', t.actorType, ACTOR_TYPES),
  ],
);

export type OutboxEvent = typeof outboxEvents.$inferSelect;
export type NewOutboxEvent = typeof outboxEvents.$inferInsert;
export type AuditLogEntry = typeof auditLog.$inferSelect;
export type NewAuditLogEntry = typeof auditLog.$inferInsert;
