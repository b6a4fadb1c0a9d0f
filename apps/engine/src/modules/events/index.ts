// The audit log and the outbox are written by every module inside its own transaction: binding
// them to a transaction (their repositories) is part of this public door; there is no wiring door.
export type { Actor, AuditLog, OutboxEvent } from './events.types';
export { shallowDiff, systemActor } from './events.types';
export { createAuditRepo, createOutboxRepo, type OutboxRepo } from './events.repo';
