// Asset transfers: the request, its loans, what completing one moves, and the reads of the
// console (history per loan, receivables per funder).
import { OPEN_TRANSFER_STATUSES, type TRANSFER_STATUSES } from '@repay/rules';
import { sqlList } from '@repay/db';
import type { Executor } from '../../lib/executor';
import type { AccountRef } from '../ledger';
import { bigintOf } from '../../lib/rows';

type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export interface TransferRecord {
  id: bigint;
  transferId: string;
  toFunderCode: string;
  toFunderName: string;
  cutoffDate: string;
  priceRatio: string;
  status: TransferStatus;
  createdBy: string;
  createdAt: Date;
  completedAt: Date | null;
  loanCount: number;
  /** Who approved or rejected a transfer that waited for approval, when, and why. */
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

export interface TransferLoanRecord {
  id: bigint;
  loanId: bigint;
  orderNo: string;
  fromFunderCode: string;
  toFunderCode: string;
  cutoffDate: string;
  status: TransferStatus;
  principal: bigint | null;
  price: bigint | null;
  completedAt: Date | null;
}

export interface LoanToTransfer {
  id: bigint;
  orderNo: string;
  status: string;
  funderId: bigint;
  funderCode: string;
  /** Held by a transfer waiting for its cut-off or an approval. */
  inOpenTransfer: boolean;
  lastCutoff: string | null;
}

const transferColumns = `t.id, t.transfer_id AS "transferId", f.code AS "toFunderCode", f.name AS "toFunderName",
  t.cutoff_date::text AS "cutoffDate", t.price_ratio::text AS "priceRatio", t.status, t.created_by AS "createdBy",
  t.created_at AS "createdAt", t.completed_at AS "completedAt", t.decided_by AS "decidedBy",
  t.decided_at AS "decidedAt", t.decision_reason AS "decisionReason",
  (SELECT count(*)::int FROM asset_transfer_loans x WHERE x.transfer_id = t.id) AS "loanCount"`;

function toTransfer(r: Record<string, unknown>): TransferRecord {
  return {
    ...(r as unknown as TransferRecord),
    id: bigintOf(r.id),
    priceRatio: String(r.priceRatio),
    createdAt: new Date(r.createdAt as string),
    completedAt: r.completedAt ? new Date(r.completedAt as string) : null,
    loanCount: Number(r.loanCount),
    decidedAt: r.decidedAt ? new Date(r.decidedAt as string) : null,
  };
}

const transferLoanColumns = `tl.id, tl.loan_id AS "loanId", l.order_no AS "orderNo", ff.code AS "fromFunderCode",
  tf.code AS "toFunderCode", tl.cutoff_date::text AS "cutoffDate", tl.status, tl.principal, tl.price,
  tl.completed_at AS "completedAt"`;
const transferLoanJoins = `JOIN loans l ON l.id = tl.loan_id JOIN funders ff ON ff.id = tl.from_funder_id
  JOIN funders tf ON tf.id = tl.to_funder_id`;

function toTransferLoan(r: Record<string, unknown>): TransferLoanRecord {
  return {
    ...(r as unknown as TransferLoanRecord),
    id: bigintOf(r.id),
    loanId: bigintOf(r.loanId),
    principal: r.principal === null ? null : bigintOf(r.principal),
    price: r.price === null ? null : bigintOf(r.price),
    completedAt: r.completedAt ? new Date(r.completedAt as string) : null,
  };
}

export function createTransfersRepo({ sql }: Executor) {
  return {
    async byHash(requestHash: string): Promise<string | null> {
      const [row] = await sql.query<{ transferId: string }>(
        `SELECT transfer_id AS "transferId" FROM asset_transfers WHERE request_hash = $1`,
        [requestHash],
      );
      return row?.transferId ?? null;
    },

    async byTransferId(transferId: string, forUpdate = false): Promise<TransferRecord | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${transferColumns} FROM asset_transfers t JOIN funders f ON f.id = t.to_funder_id
          WHERE t.transfer_id = $1 ${forUpdate ? 'FOR UPDATE OF t' : ''}`,
        [transferId],
      );
      return row ? toTransfer(row) : null;
    },

    /** The loans asked for, locked in id order (a transfer and a collection never deadlock). */
    async lockLoans(orderNos: string[]): Promise<LoanToTransfer[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT l.id, l.order_no AS "orderNo", l.status, l.funder_id AS "funderId", f.code AS "funderCode",
                EXISTS (SELECT 1 FROM asset_transfer_loans s
                         WHERE s.loan_id = l.id AND s.status IN ${sqlList(OPEN_TRANSFER_STATUSES)}) AS "inOpenTransfer",
                (SELECT max(c.cutoff_date)::text FROM asset_transfer_loans c WHERE c.loan_id = l.id AND c.status = 'completed') AS "lastCutoff"
           FROM loans l JOIN funders f ON f.id = l.funder_id
          WHERE l.order_no = ANY($1::text[]) ORDER BY l.id FOR UPDATE OF l`,
        [orderNos],
      );
      return rows.map((r) => ({
        ...(r as unknown as LoanToTransfer),
        id: bigintOf(r.id),
        funderId: bigintOf(r.funderId),
        inOpenTransfer: r.inOpenTransfer === true,
      }));
    },

    /** null when the same request was inserted meanwhile (its hash is unique). */
    async insertTransfer(t: {
      transferId: string;
      status: 'pending_approval' | 'scheduled';
      requestHash: string;
      toFunderId: bigint;
      cutoffDate: string;
      priceRatio: string;
      createdBy: string;
      loans: { loanId: bigint; fromFunderId: bigint }[];
    }): Promise<bigint | null> {
      const [row] = await sql.query<{ id: string }>(
        `INSERT INTO asset_transfers (transfer_id, request_hash, to_funder_id, cutoff_date, price_ratio, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $7, $6) ON CONFLICT (request_hash) DO NOTHING RETURNING id`,
        [
          t.transferId,
          t.requestHash,
          t.toFunderId,
          t.cutoffDate,
          t.priceRatio,
          t.createdBy,
          t.status,
        ],
      );
      if (!row) return null;
      await sql.query(
        `INSERT INTO asset_transfer_loans (transfer_id, loan_id, from_funder_id, to_funder_id, cutoff_date, status)
         SELECT $1::bigint, x.loan, x.from_funder, $2::bigint, $3::date, $6
           FROM unnest($4::bigint[], $5::bigint[]) AS x(loan, from_funder)`,
        [
          row.id,
          t.toFunderId,
          t.cutoffDate,
          t.loans.map((l) => l.loanId),
          t.loans.map((l) => l.fromFunderId),
          t.status,
        ],
      );
      return bigintOf(row.id);
    },

    /** Scheduled transfers whose cut-off has come, oldest first. */
    async dueTransferIds(today: string): Promise<string[]> {
      const rows = await sql.query<{ transferId: string }>(
        `SELECT transfer_id AS "transferId" FROM asset_transfers
          WHERE status = 'scheduled' AND cutoff_date <= $1::date ORDER BY cutoff_date, id`,
        [today],
      );
      return rows.map((r) => r.transferId);
    },

    async loansOf(transferDbId: bigint): Promise<TransferLoanRecord[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${transferLoanColumns} FROM asset_transfer_loans tl ${transferLoanJoins}
          WHERE tl.transfer_id = $1 ORDER BY tl.loan_id`,
        [transferDbId],
      );
      return rows.map(toTransferLoan);
    },

    async lockLoan(loanId: bigint) {
      await sql.query(`SELECT id FROM loans WHERE id = $1 FOR UPDATE`, [loanId]);
    },

    /**
     * Journals of the loan effective on or after the cut-off with entries on the seller's
     * accounts (the booking and transfer journals aside): what the cut-off makes the buyer's.
     */
    async journalsToReattribute(loanId: bigint, fromFunderCode: string, cutoffDate: string) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT j.id AS "journalId", j.effective_date::text AS "effectiveDate", e.amount,
                a.code, a.name, a.type
           FROM ledger_journals j
           JOIN ledger_entries e ON e.journal_id = j.id
           JOIN ledger_accounts a ON a.id = e.account_id
           JOIN funders f ON f.id = a.funder_id
          WHERE j.loan_id = $1 AND j.effective_date >= $3::date AND f.code = $2
            AND j.kind NOT IN ('loan_booked', 'asset_transfer', 'asset_transfer_reattribution')
          ORDER BY j.id, e.id`,
        [loanId, fromFunderCode, cutoffDate],
      );
      const byJournal = new Map<
        string,
        { effectiveDate: string; entries: { account: AccountRef; amount: bigint }[] }
      >();
      for (const r of rows) {
        const key = String(r.journalId);
        const journal = byJournal.get(key) ?? {
          effectiveDate: r.effectiveDate as string,
          entries: [],
        };
        journal.entries.push({
          account: {
            code: r.code as string,
            name: r.name as string,
            type: r.type as AccountRef['type'],
            funderCode: fromFunderCode,
          },
          amount: bigintOf(r.amount),
        });
        byJournal.set(key, journal);
      }
      return [...byJournal].map(([journalId, j]) => ({ journalId, ...j }));
    },

    /** The loan's principal receivable on one funder's books (fen). */
    async principalReceivable(loanId: bigint, funderCode: string): Promise<bigint> {
      const [row] = await sql.query<{ balance: string }>(
        `SELECT coalesce(sum(e.amount), 0)::text AS balance
           FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
          WHERE e.loan_id = $1 AND a.code = $2`,
        [loanId, `receivable.principal:${funderCode}`],
      );
      return bigintOf(row?.balance ?? 0);
    },

    async completeLoan(
      transferLoanId: bigint,
      loanId: bigint,
      toFunderId: bigint,
      moved: { principal: bigint; price: bigint },
    ) {
      await sql.query(
        `UPDATE asset_transfer_loans SET status = 'completed', principal = $2, price = $3, completed_at = now()
          WHERE id = $1`,
        [transferLoanId, moved.principal, moved.price],
      );
      await sql.query(`UPDATE loans SET funder_id = $2, updated_at = now() WHERE id = $1`, [
        loanId,
        toFunderId,
      ]);
    },

    /** A transfer waiting for approval, and its loans, become scheduled or rejected. */
    async decide(
      transferDbId: bigint,
      status: 'scheduled' | 'rejected',
      decision: { by: string; reason: string },
    ) {
      await sql.query(
        `UPDATE asset_transfers SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4
          WHERE id = $1`,
        [transferDbId, status, decision.by, decision.reason],
      );
      await sql.query(`UPDATE asset_transfer_loans SET status = $2 WHERE transfer_id = $1`, [
        transferDbId,
        status,
      ]);
    },

    async completeTransfer(transferDbId: bigint) {
      await sql.query(
        `UPDATE asset_transfers SET status = 'completed', completed_at = now() WHERE id = $1`,
        [transferDbId],
      );
    },

    async toFunderIdOf(transferDbId: bigint): Promise<bigint> {
      const [row] = await sql.query<{ id: string }>(
        `SELECT to_funder_id AS id FROM asset_transfers WHERE id = $1`,
        [transferDbId],
      );
      return bigintOf(row!.id);
    },

    /** Newest first, keyset: those older than `beforeId` (the last of the previous page). */
    async list(filter: { status?: string; funderCode?: string; limit: number; beforeId?: bigint }) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${transferColumns} FROM asset_transfers t JOIN funders f ON f.id = t.to_funder_id
          WHERE ($1::text IS NULL OR t.status = $1) AND ($2::text IS NULL OR f.code = $2)
            AND ($4::bigint IS NULL OR t.id < $4)
          ORDER BY t.id DESC LIMIT $3`,
        [filter.status ?? null, filter.funderCode ?? null, filter.limit, filter.beforeId ?? null],
      );
      return rows.map(toTransfer);
    },

    async historyOf(orderNo: string): Promise<(TransferLoanRecord & { transferId: string })[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${transferLoanColumns}, t.transfer_id AS "transferId"
           FROM asset_transfer_loans tl ${transferLoanJoins}
           JOIN asset_transfers t ON t.id = tl.transfer_id
          WHERE l.order_no = $1 ORDER BY tl.cutoff_date, tl.id`,
        [orderNo],
      );
      return rows.map((r) => ({ ...toTransferLoan(r), transferId: r.transferId as string }));
    },

    /**
     * Per funder: principal receivable on its books, and the outstanding principal of the loans
     * it owns now (the two agree while the ledger is right).
     */
    async receivables() {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT f.code, f.name,
                coalesce((SELECT sum(e.amount) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                           WHERE a.code = 'receivable.principal:' || f.code), 0)::text AS ledger,
                coalesce((SELECT sum(l.outstanding_principal) FROM loans l WHERE l.funder_id = f.id), 0)::text AS outstanding,
                (SELECT count(*)::int FROM loans l WHERE l.funder_id = f.id AND l.status = 'active') AS "activeLoans"
           FROM funders f ORDER BY f.code`,
      );
      return rows.map((r) => ({
        funderCode: r.code as string,
        funderName: r.name as string,
        ledgerReceivable: bigintOf(r.ledger),
        outstandingPrincipal: bigintOf(r.outstanding),
        activeLoans: Number(r.activeLoans),
      }));
    },
  };
}

export type TransfersRepo = ReturnType<typeof createTransfersRepo>;
