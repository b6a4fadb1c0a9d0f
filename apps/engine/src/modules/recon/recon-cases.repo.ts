// Reconciliation cases as people work them: lists, one case with its history, and the changes
// each action makes (a case row locked first; its history only ever grows).
import type {
  ReconCaseAction,
  ReconCaseKind,
  ReconCaseReason,
  ReconCaseStatus,
} from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { bigintOf, bigintOrNull } from '../../lib/rows';

export interface ReconCaseRow {
  id: bigint;
  caseKey: string;
  channelCode: string;
  businessDate: string;
  kind: ReconCaseKind;
  orderId: string;
  debitOrderId: bigint | null;
  statementLineId: bigint | null;
  ourStatus: string | null;
  ourAmount: bigint | null;
  ourFee: bigint | null;
  theirStatus: string | null;
  theirAmount: bigint | null;
  theirFee: bigint | null;
  reason: string;
  /** Null on cases opened before reasons had codes (`reason` says it). */
  reasonCode: ReconCaseReason | null;
  reasonParams: Record<string, string>;
  status: ReconCaseStatus;
  owner: string | null;
  resolution: string | null;
  pendingAction: ReconCaseAction | null;
  pendingNote: string | null;
  proposedBy: string | null;
  proposedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Our order as it stands now, and its loan (null: no order of ours). */
  orderStatus: string | null;
  loanId: bigint | null;
  funderCode: string | null;
  /** The line's serial and raw status (null: the statement has no line). */
  lineSerial: string | null;
  lineRawStatus: string | null;
}

export interface CaseFilter {
  channelCode?: string;
  businessDate?: string;
  kind?: ReconCaseKind;
  status?: ReconCaseStatus;
  orderId?: string;
}

const columns = `c.id, c.case_key AS "caseKey", c.channel_code AS "channelCode",
  c.business_date::text AS "businessDate", c.kind, c.order_id AS "orderId",
  c.debit_order_id AS "debitOrderId", c.statement_line_id AS "statementLineId",
  c.our_status AS "ourStatus", c.our_amount AS "ourAmount", c.our_fee AS "ourFee",
  c.their_status AS "theirStatus", c.their_amount AS "theirAmount", c.their_fee AS "theirFee",
  c.reason, c.reason_code AS "reasonCode", c.reason_params AS "reasonParams", c.status,
  c.owner, c.resolution, c.pending_action AS "pendingAction",
  c.pending_note AS "pendingNote", c.proposed_by AS "proposedBy", c.proposed_at AS "proposedAt",
  c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  d.status AS "orderStatus", d.loan_id AS "loanId", f.code AS "funderCode",
  l.channel_serial AS "lineSerial", l.raw_status AS "lineRawStatus"`;
const from = `recon_cases c
  LEFT JOIN debit_orders d ON d.id = c.debit_order_id
  LEFT JOIN loans n ON n.id = d.loan_id
  LEFT JOIN funders f ON f.id = n.funder_id
  LEFT JOIN statement_lines l ON l.id = c.statement_line_id`;

function toCase(r: Record<string, unknown>): ReconCaseRow {
  return {
    ...(r as unknown as ReconCaseRow),
    id: bigintOf(r.id),
    debitOrderId: bigintOrNull(r.debitOrderId),
    statementLineId: bigintOrNull(r.statementLineId),
    ourAmount: bigintOrNull(r.ourAmount),
    ourFee: bigintOrNull(r.ourFee),
    theirAmount: bigintOrNull(r.theirAmount),
    theirFee: bigintOrNull(r.theirFee),
    loanId: bigintOrNull(r.loanId),
  };
}

export function createReconCasesRepo({ sql }: Executor) {
  return {
    /** Newest first, keyset pages on the id. */
    async list(f: CaseFilter & { limit: number; beforeId?: bigint }): Promise<ReconCaseRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${columns} FROM ${from}
          WHERE ($1::text IS NULL OR c.channel_code = $1)
            AND ($2::date IS NULL OR c.business_date = $2::date)
            AND ($3::text IS NULL OR c.kind = $3)
            AND ($4::text IS NULL OR c.status = $4)
            AND ($5::text IS NULL OR c.order_id = $5)
            AND ($6::bigint IS NULL OR c.id < $6)
          ORDER BY c.id DESC LIMIT $7`,
        [
          f.channelCode ?? null,
          f.businessDate ?? null,
          f.kind ?? null,
          f.status ?? null,
          f.orderId ?? null,
          f.beforeId ?? null,
          f.limit,
        ],
      );
      return rows.map(toCase);
    },

    async find(id: bigint, opts: { lock?: boolean } = {}): Promise<ReconCaseRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        opts.lock
          ? `SELECT ${columns} FROM ${from} WHERE c.id = $1 FOR UPDATE OF c`
          : `SELECT ${columns} FROM ${from} WHERE c.id = $1`,
        [id],
      );
      return row ? toCase(row) : null;
    },

    async actions(caseId: bigint) {
      return sql.query<{
        action: string;
        actorType: string;
        actorId: string;
        note: string | null;
        evidence: Record<string, unknown> | null;
        createdAt: Date;
      }>(
        `SELECT action, actor_type AS "actorType", actor_id AS "actorId", note, evidence,
                created_at AS "createdAt"
           FROM recon_case_actions WHERE case_id = $1 ORDER BY id`,
        [caseId],
      );
    },

    async addAction(
      caseId: bigint,
      action: string,
      actor: { type: string; id: string },
      note: string | null,
      evidence: Record<string, unknown> | null = null,
    ) {
      await sql.query(
        `INSERT INTO recon_case_actions (case_id, action, actor_type, actor_id, note, evidence)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
        [
          caseId,
          action,
          actor.type,
          actor.id,
          note,
          evidence === null ? null : JSON.stringify(evidence),
        ],
      );
    },

    async assign(caseId: bigint, owner: string) {
      await sql.query(
        `UPDATE recon_cases SET status = 'investigating', owner = $2, updated_at = now() WHERE id = $1`,
        [caseId, owner],
      );
    },

    async propose(caseId: bigint, action: ReconCaseAction, note: string, proposedBy: string) {
      await sql.query(
        `UPDATE recon_cases SET pending_action = $2, pending_note = $3, proposed_by = $4,
                proposed_at = now(), status = 'investigating', owner = coalesce(owner, $4),
                updated_at = now()
          WHERE id = $1`,
        [caseId, action, note, proposedBy],
      );
    },

    async clearProposal(caseId: bigint) {
      await sql.query(
        `UPDATE recon_cases SET pending_action = NULL, pending_note = NULL, proposed_by = NULL,
                proposed_at = NULL, updated_at = now()
          WHERE id = $1`,
        [caseId],
      );
    },

    async resolve(caseId: bigint, resolution: ReconCaseAction, owner: string) {
      await sql.query(
        `UPDATE recon_cases SET status = 'resolved', resolution = $2, owner = coalesce(owner, $3),
                pending_action = NULL, pending_note = NULL, proposed_by = NULL, proposed_at = NULL,
                updated_at = now()
          WHERE id = $1`,
        [caseId, resolution, owner],
      );
    },
  };
}

export type ReconCasesRepo = ReturnType<typeof createReconCasesRepo>;
