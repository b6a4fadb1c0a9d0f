// Every version of every rule (规则版本), newest first, keyset by id: its set (kind, scope,
// name), number and status, who wrote and who reviewed it and when, and when it was last
// published (full or gray).
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import type { RuleVersionFilter } from './versions.schema';

export interface RuleVersionRow {
  id: bigint;
  ruleSetId: string;
  kind: string;
  scopeType: string;
  scopeKey: string;
  name: string;
  versionNo: number;
  status: string;
  note: string | null;
  author: string | null;
  submittedAt: Date | null;
  reviewer: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  publishedAt: Date | null;
  publishedMode: string | null;
  createdAt: Date;
}

const at = (v: unknown) => (v ? new Date(v as string | Date) : null);

export function createRuleVersionsRepo({ sql }: Executor) {
  return {
    async list(f: RuleVersionFilter & { limit: number; beforeId?: bigint }) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT v.id, s.id::text AS "ruleSetId", s.kind, s.scope_type AS "scopeType",
                s.scope_key AS "scopeKey", s.name, v.version_no AS "versionNo", v.status, v.note,
                a.username AS author, v.submitted_at AS "submittedAt", r.username AS reviewer,
                v.reviewed_at AS "reviewedAt", v.review_note AS "reviewNote",
                p.effective_from AS "publishedAt", p.mode AS "publishedMode", v.created_at AS "createdAt"
           FROM rule_versions v
           JOIN rule_sets s ON s.id = v.rule_set_id
           LEFT JOIN users a ON a.id = v.author_id
           LEFT JOIN users r ON r.id = v.reviewed_by_id
           LEFT JOIN LATERAL (
             SELECT effective_from, mode FROM rule_publications
              WHERE version_id = v.id ORDER BY effective_from DESC, id DESC LIMIT 1) p ON true
          WHERE ($1::text IS NULL OR s.kind = $1)
            AND ($2::text IS NULL OR v.status = $2)
            AND ($3::text IS NULL OR s.scope_type = $3)
            AND ($4::text IS NULL OR a.username = $4 OR r.username = $4)
            AND ($5::date IS NULL OR v.created_at >= ($5::date::timestamp AT TIME ZONE 'Asia/Shanghai'))
            AND ($6::date IS NULL OR v.created_at < (($6::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
            AND ($7::bigint IS NULL OR v.id < $7)
          ORDER BY v.id DESC LIMIT $8`,
        [
          f.kind ?? null,
          f.status ?? null,
          f.scopeType ?? null,
          f.user ?? null,
          f.from ?? null,
          f.to ?? null,
          f.beforeId ?? null,
          f.limit,
        ],
      );
      return rows.map((r): RuleVersionRow => ({
        ...(r as unknown as RuleVersionRow),
        id: bigintOf(r.id),
        versionNo: Number(r.versionNo),
        submittedAt: at(r.submittedAt),
        reviewedAt: at(r.reviewedAt),
        publishedAt: at(r.publishedAt),
        createdAt: at(r.createdAt)!,
      }));
    },
  };
}

export type RuleVersionsRepo = ReturnType<typeof createRuleVersionsRepo>;
