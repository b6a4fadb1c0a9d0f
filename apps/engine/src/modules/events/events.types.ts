// Who did something, and the audit/outbox records every state change leaves behind.
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string;
}

export const systemActor = (id: string): Actor => ({ type: 'system', id });

export interface AuditEntry {
  actorType: Actor['type'];
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  reason?: string;
  diff?: unknown;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** An outbox event: `eventId` is deterministic, so writing the same fact twice is harmless. */
export interface OutboxEvent {
  eventId: string;
  topic: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** Structured before/after diff of flat records, for audit rows. */
export function shallowDiff<B extends object, A extends object>(beforeRecord: B, afterRecord: A) {
  const before = beforeRecord as Record<string, unknown>;
  const after = afterRecord as Record<string, unknown>;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (after[key] !== undefined && before[key] !== after[key])
      changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}
