export type { Actor, AuditEntry, AuditLog, OutboxEvent } from './events.types';
export { shallowDiff, systemActor } from './events.types';
export { createAuditRepo, createOutboxRepo, type OutboxRepo } from './events.repo';
