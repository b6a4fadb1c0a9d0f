// Settlement quotes and what settling does to a loan: every open installment paid as the
// quote charges it (interest it does not charge forgiven, the prepayment fee added), the loan
// settled and current again.
import type { Executor } from '../../lib/executor';
import type { Components } from './collections.repo';
import { bigintOf } from '../../lib/rows';
import { DEBIT_IN_FLIGHT } from '../../lib/status-sql';

export interface QuoteRecord {
  id: bigint;
  quoteId: string;
  loanId: bigint;
  quoteDate: string;
  amount: bigint;
  principal: bigint;
  interest: bigint;
  penalty: bigint;
  fee: bigint;
  prepaymentFee: bigint;
  lines: { id: string; charge: Record<string, string>; forgivenInterest: string }[];
  stateHash: string;
  expiresAt: Date;
  status: 'open' | 'debiting' | 'settled';
  settledAt: Date | null;
  settleMethod: string | null;
  settleReference: string | null;
}

const columns = `id, quote_id AS "quoteId", loan_id AS "loanId", quote_date::text AS "quoteDate", amount,
  principal, interest, penalty, fee, prepayment_fee AS "prepaymentFee", lines, state_hash AS "stateHash",
  expires_at AS "expiresAt", status, settled_at AS "settledAt", settle_method AS "settleMethod",
  settle_reference AS "settleReference"`;

function toQuote(r: Record<string, unknown>): QuoteRecord {
  return {
    ...(r as unknown as QuoteRecord),
    id: bigintOf(r.id),
    loanId: bigintOf(r.loanId),
    amount: bigintOf(r.amount),
    principal: bigintOf(r.principal),
    interest: bigintOf(r.interest),
    penalty: bigintOf(r.penalty),
    fee: bigintOf(r.fee),
    prepaymentFee: bigintOf(r.prepaymentFee),
    expiresAt: new Date(r.expiresAt as string),
    settledAt: r.settledAt ? new Date(r.settledAt as string) : null,
  };
}

export function createSettlementRepo({ sql }: Executor) {
  return {
    async insertQuote(
      q: Omit<QuoteRecord, 'id' | 'status' | 'settledAt' | 'settleMethod' | 'settleReference'> & {
        ruleVersionId: bigint | null;
        createdBy: string;
      },
    ) {
      await sql.query(
        `INSERT INTO settlement_quotes (quote_id, loan_id, quote_date, amount, principal, interest, penalty, fee,
                                        prepayment_fee, lines, state_hash, rule_version_id, expires_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14)`,
        [
          q.quoteId,
          q.loanId,
          q.quoteDate,
          q.amount,
          q.principal,
          q.interest,
          q.penalty,
          q.fee,
          q.prepaymentFee,
          JSON.stringify(q.lines),
          q.stateHash,
          q.ruleVersionId,
          q.expiresAt,
          q.createdBy,
        ],
      );
    },

    async quoteById(quoteId: string, forUpdate = false): Promise<QuoteRecord | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${columns} FROM settlement_quotes WHERE quote_id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
        [quoteId],
      );
      return row ? toQuote(row) : null;
    },

    /** Every due date of the loan's current plan, in order. */
    async dueDates(loanId: bigint): Promise<string[]> {
      const rows = await sql.query<{ d: string }>(
        `SELECT due_date::text AS d FROM installments WHERE loan_id = $1 AND is_current ORDER BY period`,
        [loanId],
      );
      return rows.map((r) => r.d);
    },

    async debitsInFlight(loanId: bigint): Promise<number> {
      const [row] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM debit_orders WHERE loan_id = $1 AND status IN ${DEBIT_IN_FLIGHT}`,
        [loanId],
      );
      return row?.n ?? 0;
    },

    /**
     * Pay every line as charged: interest the quote forgives comes off what is due, the
     * prepayment fee is added to the first line's fee and paid with it. All lines end paid.
     */
    async payLines(
      lines: {
        installmentId: bigint;
        charge: Components;
        forgivenInterest: bigint;
        addedFee: bigint;
      }[],
    ) {
      const col = <T>(f: (l: (typeof lines)[number]) => T) => lines.map(f);
      await sql.query(
        `UPDATE installments i SET
            interest_due = i.interest_due - x.forgiven, fee_due = i.fee_due + x.added,
            principal_paid = i.principal_paid + x.p, interest_paid = i.interest_paid + x.it,
            fee_paid = i.fee_paid + x.f + x.added, penalty_paid = i.penalty_paid + x.pe,
            status = 'paid', paid_at = now(), updated_at = now()
           FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
                AS x(id, p, it, f, pe, forgiven, added)
          WHERE i.id = x.id`,
        [
          col((l) => l.installmentId),
          col((l) => l.charge.principal),
          col((l) => l.charge.interest),
          col((l) => l.charge.fee),
          col((l) => l.charge.penalty),
          col((l) => l.forgivenInterest),
          col((l) => l.addedFee),
        ],
      );
    },

    async settleLoan(loanId: bigint) {
      await sql.query(
        `UPDATE loans SET status = 'settled', settled_at = now(), outstanding_principal = 0,
                overdue_since = NULL, delinquency_bucket = 'M0', updated_at = now()
          WHERE id = $1`,
        [loanId],
      );
    },

    /** Used once: false when it was settled already. */
    async markSettled(id: bigint, method: string, reference: string): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE settlement_quotes SET status = 'settled', settled_at = now(), settle_method = $2,
                settle_reference = $3
          WHERE id = $1 AND status IN ('open', 'debiting') RETURNING id`,
        [id, method, reference],
      );
      return rows.length === 1;
    },

    /** A settlement debit is on its way: the quote waits for its answer. */
    async markDebiting(id: bigint, reference: string): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE settlement_quotes SET status = 'debiting', settle_method = 'debit', settle_reference = $2
          WHERE id = $1 AND status = 'open' RETURNING id`,
        [id, reference],
      );
      return rows.length === 1;
    },

    /** The settlement debit failed: the quote may be used again (until it expires). */
    async reopen(quoteIds: string[]) {
      if (quoteIds.length === 0) return;
      await sql.query(
        `UPDATE settlement_quotes SET status = 'open', settle_method = NULL, settle_reference = NULL
          WHERE quote_id = ANY($1::text[]) AND status = 'debiting'`,
        [quoteIds],
      );
    },

    async settlementDebitAttempts(quoteId: string): Promise<number> {
      const [row] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM debit_orders WHERE source = 'settlement' AND idempotency_key LIKE $1`,
        [`settlement:${quoteId}:%`],
      );
      return row?.n ?? 0;
    },

    /** The debit order of a settlement (on the first open installment; one per quote); false when none was made. */
    async insertSettlementDebit(d: {
      orderKey: string;
      loanId: bigint;
      installmentId: bigint;
      funderId: bigint;
      cardId: bigint;
      businessDate: string;
      amount: bigint;
    }): Promise<boolean> {
      // Nothing inserted: the key exists, or the debit guard refused it (a debit in flight).
      const rows = await sql.query(
        `INSERT INTO debit_orders (idempotency_key, loan_id, installment_id, funder_id, card_id, source,
                                   business_date, amount)
         VALUES ($1, $2, $3, $4, $5, 'settlement', $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
        [d.orderKey, d.loanId, d.installmentId, d.funderId, d.cardId, d.businessDate, d.amount],
      );
      return rows.length === 1;
    },
  };
}

export type SettlementRepo = ReturnType<typeof createSettlementRepo>;
