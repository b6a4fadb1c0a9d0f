// What payouts read and write besides the orders: funders' settlement accounts, the day's
// remittance batches, the ledger figure a remittance is cut from, and refunds.
import type { REFUND_SOURCES, REFUND_STATUSES, REMITTANCE_BATCH_STATUSES } from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { bigintOf, bigintOrNull } from '../../lib/rows';

type BatchStatus = (typeof REMITTANCE_BATCH_STATUSES)[number];
type RefundStatus = (typeof REFUND_STATUSES)[number];
type RefundSource = (typeof REFUND_SOURCES)[number];

export interface FunderAccountRow {
  id: bigint;
  funderId: bigint;
  funderCode: string;
  bankCode: string;
  accountNoEnc: string;
  accountNoHash: string;
  accountNoMask: string;
  accountNameEnc: string;
  accountNameMask: string;
  isDefault: boolean;
  status: 'active' | 'inactive';
  createdBy: string;
  createdAt: Date;
}

export interface BatchRow {
  id: bigint;
  funderId: bigint;
  funderCode: string;
  businessDate: string;
  asOfDate: string;
  gross: bigint;
  fee: bigint;
  amount: bigint;
  status: BatchStatus;
  ruleVersionId: bigint | null;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  /** Of its orders: paid, in flight or queued, failed. */
  paid: bigint;
  open: bigint;
  failed: bigint;
  orders: number;
}

export interface RefundRow {
  id: bigint;
  sourceKey: string;
  source: RefundSource;
  funderId: bigint;
  funderCode: string;
  loanId: bigint | null;
  orderNo: string | null;
  amount: bigint;
  payeeNameEnc: string;
  payeeNameMask: string;
  payeeAccountEnc: string;
  payeeAccountMask: string;
  payeeBankCode: string;
  reason: string;
  status: RefundStatus;
  requestedBy: string;
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  payoutNo: string | null;
  payoutStatus: string | null;
}

/** An overpayment the engine holds (an open anomaly): what to refund, and to which card. */
export interface OverpaymentRow {
  anomalyId: bigint;
  funderId: bigint;
  funderCode: string;
  loanId: bigint;
  amount: bigint;
  cardNoEnc: string;
  cardNoMask: string;
  bankCode: string;
  holderNameEnc: string;
  holderNameMask: string;
}

const accountColumns = `a.id, a.funder_id AS "funderId", f.code AS "funderCode", a.bank_code AS "bankCode",
  a.account_no_enc AS "accountNoEnc", a.account_no_hash AS "accountNoHash",
  a.account_no_mask AS "accountNoMask", a.account_name_enc AS "accountNameEnc",
  a.account_name_mask AS "accountNameMask", a.is_default AS "isDefault", a.status,
  a.created_by AS "createdBy", a.created_at AS "createdAt"`;

const toAccount = (r: Record<string, unknown>): FunderAccountRow => ({
  ...(r as unknown as FunderAccountRow),
  id: bigintOf(r.id),
  funderId: bigintOf(r.funderId),
});

const refundColumns = `r.id, r.source_key AS "sourceKey", r.source, r.funder_id AS "funderId",
  f.code AS "funderCode", r.loan_id AS "loanId", l.order_no AS "orderNo", r.amount,
  r.payee_name_enc AS "payeeNameEnc", r.payee_name_mask AS "payeeNameMask",
  r.payee_account_enc AS "payeeAccountEnc", r.payee_account_mask AS "payeeAccountMask",
  r.payee_bank_code AS "payeeBankCode", r.reason, r.status, r.requested_by AS "requestedBy",
  r.decided_by AS "decidedBy", r.decision_note AS "decisionNote", r.decided_at AS "decidedAt",
  r.created_at AS "createdAt",
  (SELECT o.payout_no FROM payout_orders o WHERE o.refund_id = r.id ORDER BY o.id DESC LIMIT 1) AS "payoutNo",
  (SELECT o.status FROM payout_orders o WHERE o.refund_id = r.id ORDER BY o.id DESC LIMIT 1) AS "payoutStatus"`;

const toRefund = (r: Record<string, unknown>): RefundRow => ({
  ...(r as unknown as RefundRow),
  id: bigintOf(r.id),
  funderId: bigintOf(r.funderId),
  loanId: bigintOrNull(r.loanId),
  amount: bigintOf(r.amount),
});

const batchColumns = `b.id, b.funder_id AS "funderId", f.code AS "funderCode",
  b.business_date::text AS "businessDate", b.as_of_date::text AS "asOfDate", b.gross, b.fee,
  b.amount, b.status, b.rule_version_id AS "ruleVersionId", b.note, b.created_by AS "createdBy",
  b.created_at AS "createdAt",
  coalesce((SELECT sum(o.amount) FROM payout_orders o WHERE o.batch_id = b.id AND o.status = 'succeeded'), 0) AS paid,
  coalesce((SELECT sum(o.amount) FROM payout_orders o WHERE o.batch_id = b.id AND o.status NOT IN ('succeeded', 'failed')), 0) AS open,
  coalesce((SELECT sum(o.amount) FROM payout_orders o WHERE o.batch_id = b.id AND o.status = 'failed'), 0) AS failed,
  (SELECT count(*)::int FROM payout_orders o WHERE o.batch_id = b.id) AS orders`;

const toBatch = (r: Record<string, unknown>): BatchRow => ({
  ...(r as unknown as BatchRow),
  id: bigintOf(r.id),
  funderId: bigintOf(r.funderId),
  gross: bigintOf(r.gross),
  fee: bigintOf(r.fee),
  amount: bigintOf(r.amount),
  ruleVersionId: bigintOrNull(r.ruleVersionId),
  paid: bigintOf(r.paid),
  open: bigintOf(r.open),
  failed: bigintOf(r.failed),
  orders: Number(r.orders),
});

export function createRemittanceRepo({ sql }: Executor) {
  return {
    // Funders' settlement accounts.

    async funderAccounts(funderCode?: string): Promise<FunderAccountRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${accountColumns} FROM funder_accounts a JOIN funders f ON f.id = a.funder_id
          WHERE ($1::text IS NULL OR f.code = $1) ORDER BY f.code, a.id`,
        [funderCode ?? null],
      );
      return rows.map(toAccount);
    },

    async funderAccount(id: bigint): Promise<FunderAccountRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${accountColumns} FROM funder_accounts a JOIN funders f ON f.id = a.funder_id WHERE a.id = $1`,
        [id],
      );
      return row ? toAccount(row) : null;
    },

    async defaultAccountOf(funderId: bigint): Promise<FunderAccountRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${accountColumns} FROM funder_accounts a JOIN funders f ON f.id = a.funder_id
          WHERE a.funder_id = $1 AND a.is_default AND a.status = 'active'`,
        [funderId],
      );
      return row ? toAccount(row) : null;
    },

    /** Null when the funder already has this account number. */
    async insertFunderAccount(a: {
      funderId: bigint;
      bankCode: string;
      accountNoEnc: string;
      accountNoHash: string;
      accountNoMask: string;
      accountNameEnc: string;
      accountNameMask: string;
      createdBy: string;
    }): Promise<bigint | null> {
      const [row] = await sql.query<{ id: unknown }>(
        `INSERT INTO funder_accounts (funder_id, bank_code, account_no_enc, account_no_hash,
           account_no_mask, account_name_enc, account_name_mask, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (funder_id, account_no_hash) DO NOTHING RETURNING id`,
        [
          a.funderId,
          a.bankCode,
          a.accountNoEnc,
          a.accountNoHash,
          a.accountNoMask,
          a.accountNameEnc,
          a.accountNameMask,
          a.createdBy,
        ],
      );
      return row ? bigintOf(row.id) : null;
    },

    /** Make this account the funder's default (the previous one stops being it). */
    async setDefaultAccount(id: bigint, funderId: bigint): Promise<void> {
      await sql.query(
        `UPDATE funder_accounts SET is_default = false, updated_at = now()
          WHERE funder_id = $2 AND is_default AND id <> $1`,
        [id, funderId],
      );
      await sql.query(
        `UPDATE funder_accounts SET is_default = true, status = 'active', updated_at = now() WHERE id = $1`,
        [id],
      );
    },

    async setAccountStatus(id: bigint, status: 'active' | 'inactive'): Promise<void> {
      await sql.query(
        `UPDATE funder_accounts SET status = $2,
                is_default = CASE WHEN $2 = 'active' THEN is_default ELSE false END, updated_at = now()
          WHERE id = $1`,
        [id, status],
      );
    },

    // Remittance batches.

    /** The funder's row, locked: one remittance of a funder is made at a time. */
    async lockFunder(code: string): Promise<{ id: bigint; code: string; status: string } | null> {
      const [row] = await sql.query<{ id: unknown; code: string; status: string }>(
        `SELECT id, code, status FROM funders WHERE code = $1 FOR UPDATE`,
        [code],
      );
      return row ? { id: bigintOf(row.id), code: row.code, status: row.status } : null;
    },

    async activeFunders(): Promise<{ id: bigint; code: string }[]> {
      const rows = await sql.query<{ id: unknown; code: string }>(
        `SELECT id, code FROM funders WHERE status = 'active' ORDER BY code`,
      );
      return rows.map((r) => ({ id: bigintOf(r.id), code: r.code }));
    },

    /**
     * What the funder may be paid of collections effective up to `asOf`: the collections in
     * clearing (attributed to the owner at each collection's date, net of reversals, write-offs
     * and earlier batches, which took theirs out of clearing) less the overpayments held for
     * borrowers (suspense).
     */
    async remittableGross(funderCode: string, asOf: string): Promise<bigint> {
      const [row] = await sql.query<{ gross: string }>(
        `SELECT coalesce(sum(e.amount), 0)::text AS gross
           FROM ledger_entries e
           JOIN ledger_journals j ON j.id = e.journal_id
           JOIN ledger_accounts a ON a.id = e.account_id
          WHERE a.code IN ($1, $2) AND j.effective_date <= $3::date`,
        [`clearing.collections:${funderCode}`, `suspense.unallocated:${funderCode}`, asOf],
      );
      return BigInt(row!.gross);
    },

    async batchOf(funderId: bigint, businessDate: string): Promise<BatchRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${batchColumns} FROM remittance_batches b JOIN funders f ON f.id = b.funder_id
          WHERE b.funder_id = $1 AND b.business_date = $2::date`,
        [funderId, businessDate],
      );
      return row ? toBatch(row) : null;
    },

    async batch(id: bigint): Promise<BatchRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${batchColumns} FROM remittance_batches b JOIN funders f ON f.id = b.funder_id WHERE b.id = $1`,
        [id],
      );
      return row ? toBatch(row) : null;
    },

    async insertBatch(b: {
      funderId: bigint;
      businessDate: string;
      asOfDate: string;
      gross: bigint;
      fee: bigint;
      amount: bigint;
      status: BatchStatus;
      ruleVersionId: bigint | null;
      funderAccountId: bigint | null;
      note: string | null;
      createdBy: string;
    }): Promise<bigint | null> {
      const [row] = await sql.query<{ id: unknown }>(
        `INSERT INTO remittance_batches (funder_id, business_date, as_of_date, gross, fee, amount,
           status, rule_version_id, funder_account_id, note, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (funder_id, business_date) DO NOTHING RETURNING id`,
        [
          b.funderId,
          b.businessDate,
          b.asOfDate,
          b.gross,
          b.fee,
          b.amount,
          b.status,
          b.ruleVersionId,
          b.funderAccountId,
          b.note,
          b.createdBy,
        ],
      );
      return row ? bigintOf(row.id) : null;
    },

    async batches(f: {
      funderCode?: string;
      from?: string;
      to?: string;
      limit: number;
      beforeId?: bigint;
    }): Promise<BatchRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${batchColumns} FROM remittance_batches b JOIN funders f ON f.id = b.funder_id
          WHERE ($1::text IS NULL OR f.code = $1) AND ($2::date IS NULL OR b.business_date >= $2)
            AND ($3::date IS NULL OR b.business_date <= $3) AND ($4::bigint IS NULL OR b.id < $4)
          ORDER BY b.id DESC LIMIT $5`,
        [f.funderCode ?? null, f.from ?? null, f.to ?? null, f.beforeId ?? null, f.limit],
      );
      return rows.map(toBatch);
    },

    /** The next part number of a batch (a failed part paid again is a new part). */
    async nextSplitNo(batchId: bigint): Promise<number> {
      const [row] = await sql.query<{ n: number }>(
        `SELECT coalesce(max(split_no), 0)::int + 1 AS n FROM payout_orders WHERE batch_id = $1`,
        [batchId],
      );
      return row!.n;
    },

    // Refunds.

    /** An open overpayment anomaly, with the card its money came from. */
    async overpayment(anomalyId: bigint): Promise<OverpaymentRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT a.id AS "anomalyId", d.funder_id AS "funderId", f.code AS "funderCode",
                a.loan_id AS "loanId", a.amount, c.card_no_enc AS "cardNoEnc",
                c.card_no_mask AS "cardNoMask", c.bank_code AS "bankCode",
                b.name_enc AS "holderNameEnc", b.name_mask AS "holderNameMask"
           FROM channel_anomalies a
           JOIN debit_orders d ON d.id = a.debit_order_id
           JOIN funders f ON f.id = d.funder_id
           JOIN cards c ON c.id = d.card_id
           JOIN borrowers b ON b.id = c.borrower_id
          WHERE a.id = $1 AND a.kind = 'overpayment' AND a.amount > 0`,
        [anomalyId],
      );
      if (!row) return null;
      return {
        ...(row as unknown as OverpaymentRow),
        anomalyId: bigintOf(row.anomalyId),
        funderId: bigintOf(row.funderId),
        loanId: bigintOf(row.loanId),
        amount: bigintOf(row.amount),
      };
    },

    /**
     * A reconciliation overage finance resolved by refunding it (its money is held to refund):
     * its amount, and the funder whose order it was (null: no order of ours, the money is in the
     * unidentified accounts).
     */
    async reconCaseToRefund(
      caseId: bigint,
    ): Promise<{ amount: bigint; funderId: bigint | null; funderCode: string | null } | null> {
      const [row] = await sql.query<{
        amount: unknown;
        funderId: unknown;
        funderCode: string | null;
      }>(
        `SELECT c.their_amount AS amount, n.funder_id AS "funderId", f.code AS "funderCode"
           FROM recon_cases c
           LEFT JOIN debit_orders d ON d.id = c.debit_order_id
           LEFT JOIN loans n ON n.id = d.loan_id
           LEFT JOIN funders f ON f.id = n.funder_id
          WHERE c.id = $1 AND c.kind = 'overage' AND c.resolution = 'refund'
            AND c.their_amount > 0`,
        [caseId],
      );
      if (!row) return null;
      return {
        amount: bigintOf(row.amount),
        funderId: bigintOrNull(row.funderId),
        funderCode: row.funderCode,
      };
    },

    async insertRefund(r: {
      sourceKey: string;
      source: RefundSource;
      funderId: bigint;
      loanId: bigint | null;
      amount: bigint;
      payeeNameEnc: string;
      payeeNameMask: string;
      payeeAccountEnc: string;
      payeeAccountMask: string;
      payeeBankCode: string;
      reason: string;
      requestedBy: string;
    }): Promise<bigint | null> {
      const [row] = await sql.query<{ id: unknown }>(
        `INSERT INTO refunds (source_key, source, funder_id, loan_id, amount, payee_name_enc,
           payee_name_mask, payee_account_enc, payee_account_mask, payee_bank_code, reason, requested_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (source_key) DO NOTHING RETURNING id`,
        [
          r.sourceKey,
          r.source,
          r.funderId,
          r.loanId,
          r.amount,
          r.payeeNameEnc,
          r.payeeNameMask,
          r.payeeAccountEnc,
          r.payeeAccountMask,
          r.payeeBankCode,
          r.reason,
          r.requestedBy,
        ],
      );
      return row ? bigintOf(row.id) : null;
    },

    async refund(id: bigint, opts: { lock?: boolean } = {}): Promise<RefundRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${refundColumns} FROM refunds r JOIN funders f ON f.id = r.funder_id
           LEFT JOIN loans l ON l.id = r.loan_id WHERE r.id = $1${opts.lock ? ' FOR UPDATE OF r' : ''}`,
        [id],
      );
      return row ? toRefund(row) : null;
    },

    async refundBySource(sourceKey: string): Promise<RefundRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${refundColumns} FROM refunds r JOIN funders f ON f.id = r.funder_id
           LEFT JOIN loans l ON l.id = r.loan_id WHERE r.source_key = $1`,
        [sourceKey],
      );
      return row ? toRefund(row) : null;
    },

    async decideRefund(input: {
      id: bigint;
      status: 'approved' | 'rejected';
      decidedBy: string;
      note: string;
      at: Date;
    }): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE refunds SET status = $2, decided_by = $3, decision_note = $4, decided_at = $5
          WHERE id = $1 AND status = 'pending_approval' RETURNING id`,
        [input.id, input.status, input.decidedBy, input.note, input.at],
      );
      return rows.length === 1;
    },

    async refunds(f: {
      status?: RefundStatus;
      limit: number;
      beforeId?: bigint;
    }): Promise<RefundRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${refundColumns} FROM refunds r JOIN funders f ON f.id = r.funder_id
           LEFT JOIN loans l ON l.id = r.loan_id
          WHERE ($1::text IS NULL OR r.status = $1) AND ($2::bigint IS NULL OR r.id < $2)
          ORDER BY r.id DESC LIMIT $3`,
        [f.status ?? null, f.beforeId ?? null, f.limit],
      );
      return rows.map(toRefund);
    },
  };
}

export type RemittanceRepo = ReturnType<typeof createRemittanceRepo>;
