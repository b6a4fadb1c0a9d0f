// Reads the audit log (written by every module in its own transaction through events): newest
// first, keyset pages on the id, the acting user's name beside their id.
import type { ActorType } from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import type { AuditFilter } from './audit.schema';

export interface AuditRow {
  id: bigint;
  actorType: ActorType;
  actorId: string;
  /** The user's username when a user acted (null for API keys and the system). */
  username: string | null;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  diff: unknown;
  createdAt: Date;
}

/** LIKE's wildcards taken literally. */
const literal = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export function createAuditReadRepo({ sql }: Executor) {
  return {
    async list(f: AuditFilter & { limit: number; beforeId?: bigint }): Promise<AuditRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT a.id, a.actor_type AS "actorType", a.actor_id AS "actorId", u.username,
                a.action, a.entity_type AS "entityType", a.entity_id AS "entityId", a.reason,
                a.diff, a.created_at AS "createdAt"
           FROM audit_log a
           LEFT JOIN users u ON a.actor_type = 'user' AND u.id::text = a.actor_id
          WHERE ($1::text IS NULL OR a.actor_type = $1)
            AND ($2::text IS NULL OR a.actor_id = $2
                 OR (a.actor_type = 'user' AND a.actor_id IN (SELECT id::text FROM users WHERE username = $2)))
            AND ($3::text IS NULL OR a.entity_type = $3)
            AND ($4::text IS NULL OR a.entity_id = $4)
            AND ($5::text IS NULL OR a.action = $5 OR a.action LIKE $6)
            AND ($7::date IS NULL OR a.created_at >= ($7::date::timestamp AT TIME ZONE 'Asia/Shanghai'))
            AND ($8::date IS NULL OR a.created_at < (($8::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
            AND ($9::bigint IS NULL OR a.id < $9)
          ORDER BY a.id DESC LIMIT $10`,
        [
          f.actorType ?? null,
          f.actor ?? null,
          f.entityType ?? null,
          f.entityId ?? null,
          f.action ?? null,
          f.action ? `${literal(f.action)}.%` : null,
          f.from ?? null,
          f.to ?? null,
          f.beforeId ?? null,
          f.limit,
        ],
      );
      return rows.map((r) => ({
        ...(r as unknown as AuditRow),
        id: bigintOf(r.id),
        createdAt: new Date(r.createdAt as string | Date),
      }));
    },

    /** The entity types written so far: a walk over the entity index, one probe per type. */
    async entityTypes(): Promise<string[]> {
      const rows = await sql.query<{ type: string }>(
        `WITH RECURSIVE t(type) AS (
           (SELECT entity_type FROM audit_log ORDER BY entity_type LIMIT 1)
           UNION ALL
           SELECT (SELECT entity_type FROM audit_log WHERE entity_type > t.type ORDER BY entity_type LIMIT 1)
             FROM t WHERE t.type IS NOT NULL)
         SELECT type FROM t WHERE type IS NOT NULL`,
      );
      return rows.map((r) => r.type);
    },
  };
}

export type AuditReadRepo = ReturnType<typeof createAuditReadRepo>;
