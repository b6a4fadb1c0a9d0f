// What a backdated recalculation reads and writes: the accrual rows after a date (latest
// revision per day), the state on that date, the installments' inputs now, and the adjusting
// rows of the next revision with the installments' dues moved by exactly their sum (and the
// charges' states the daily run carries on the installment brought up to date).
import type { Executor } from '../../lib/executor';
import { OPEN_INSTALLMENT, SETTLE_LOANS_WITH_NOTHING_OPEN } from '../../lib/status-sql';
import { bigintOf } from '../../lib/rows';
import { ACCRUAL_BASIS_COLUMNS, accrualBasisOf, type AccrualBasis } from './accrual-basis';

export interface AccrualRow {
  installmentId: bigint;
  chargeId: string;
  chargeType: 'penalty' | 'compound' | 'late_fee';
  component: 'penalty' | 'fee';
  businessDate: string;
  overdueDays: number;
  revision: number;
  total: bigint;
  exactTotal: string;
  ruleVersionId: bigint | null;
}

export interface Adjustment {
  installmentId: bigint;
  loanId: bigint;
  chargeId: string;
  chargeType: string;
  component: 'penalty' | 'fee';
  businessDate: string;
  overdueDays: number;
  revision: number;
  amount: bigint;
  total: bigint;
  exactTotal: string;
  ruleVersionId: bigint | null;
}

function toRow(r: Record<string, unknown>): AccrualRow {
  return {
    installmentId: bigintOf(r.installmentId),
    chargeId: r.chargeId as string,
    chargeType: r.chargeType as AccrualRow['chargeType'],
    component: r.component as AccrualRow['component'],
    businessDate: r.businessDate as string,
    overdueDays: Number(r.overdueDays),
    revision: Number(r.revision),
    total: bigintOf(r.total),
    exactTotal: r.exactTotal as string,
    ruleVersionId: r.ruleVersionId === null ? null : bigintOf(r.ruleVersionId),
  };
}

const rowColumns = `installment_id AS "installmentId", charge_id AS "chargeId", charge_type AS "chargeType",
  component, business_date::text AS "businessDate", overdue_days AS "overdueDays", revision, total,
  exact_total::text AS "exactTotal", rule_version_id AS "ruleVersionId"`;

export function createRecalculationRepo({ sql }: Executor) {
  return {
    /** Accrued after `date` per installment and component (net of every revision), in fen. */
    async accruedAfter(installmentIds: bigint[], date: string) {
      const rows = await sql.query<{ id: string; component: string; amount: string }>(
        `SELECT installment_id::text AS id, component, sum(amount)::text AS amount FROM fee_accruals
          WHERE installment_id = ANY($1::bigint[]) AND business_date > $2::date
          GROUP BY installment_id, component`,
        [installmentIds, date],
      );
      const out = new Map<string, { penalty: bigint; fee: bigint }>();
      for (const r of rows) {
        const v = out.get(r.id) ?? { penalty: 0n, fee: 0n };
        v[r.component as 'penalty' | 'fee'] += bigintOf(r.amount);
        out.set(r.id, v);
      }
      return out;
    },

    /** The latest revision of each day's row after `date`, in date order. */
    async rowsAfter(installmentIds: bigint[], date: string): Promise<AccrualRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT DISTINCT ON (installment_id, charge_id, business_date) ${rowColumns}
           FROM fee_accruals WHERE installment_id = ANY($1::bigint[]) AND business_date > $2::date
          ORDER BY installment_id, charge_id, business_date, revision DESC`,
        [installmentIds, date],
      );
      return rows.map(toRow);
    },

    /** Each charge's state on `date` (its latest row on or before it). */
    async statesOn(installmentIds: bigint[], date: string): Promise<AccrualRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT DISTINCT ON (installment_id, charge_id) ${rowColumns}
           FROM fee_accruals WHERE installment_id = ANY($1::bigint[]) AND business_date <= $2::date
          ORDER BY installment_id, charge_id, business_date DESC, revision DESC`,
        [installmentIds, date],
      );
      return rows.map(toRow);
    },

    async installments(ids: bigint[]): Promise<AccrualBasis[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${ACCRUAL_BASIS_COLUMNS}
           FROM installments i JOIN loans l ON l.id = i.loan_id
           LEFT JOIN business_lines bl ON bl.code = l.business_line
          WHERE i.id = ANY($1::bigint[])`,
        [ids],
      );
      return rows.map(accrualBasisOf);
    },

    /**
     * Installments (of these) with another collection effective after `date`: a channel debit
     * that succeeded for a later business date, or an offline repayment paid later.
     */
    async collectedAfter(installmentIds: bigint[], date: string, exceptReference: string) {
      const rows = await sql.query<{ id: string; last: string }>(
        `SELECT x.id::text AS id, max(x.d)::text AS last FROM (
           SELECT d.installment_id AS id, d.business_date AS d FROM debit_orders d
            WHERE d.installment_id = ANY($1::bigint[]) AND d.status = 'succeeded' AND d.business_date > $2::date
           UNION ALL
           SELECT i.id, (r.paid_at AT TIME ZONE 'Asia/Shanghai')::date FROM repayments r
             JOIN installments i ON i.loan_id = r.loan_id AND i.id = ANY($1::bigint[])
             JOIN LATERAL jsonb_array_elements(r.allocations) a ON (a->>'period')::int = i.period
            WHERE (r.paid_at AT TIME ZONE 'Asia/Shanghai')::date > $2::date AND r.reference <> $3
         ) x GROUP BY x.id`,
        [installmentIds, date, exceptReference],
      );
      return new Map(rows.map((r) => [r.id, r.last]));
    },

    /**
     * Insert the next revision's rows and move each installment's dues by their sum. Returns
     * the loans this settled (their last open installment closed).
     */
    async apply(adjustments: Adjustment[]): Promise<Set<bigint>> {
      if (adjustments.length === 0) return new Set();
      const col = <T>(f: (a: Adjustment) => T) => adjustments.map(f);
      await sql.query(
        `INSERT INTO fee_accruals (installment_id, loan_id, business_date, charge_id, charge_type, component,
                                   overdue_days, amount, total, exact_total, rule_version_id, revision)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::text[], $5::text[], $6::text[],
                              $7::int[], $8::bigint[], $9::bigint[], $10::numeric[], $11::bigint[], $12::int[])`,
        [
          col((a) => a.installmentId),
          col((a) => a.loanId),
          col((a) => a.businessDate),
          col((a) => a.chargeId),
          col((a) => a.chargeType),
          col((a) => a.component),
          col((a) => a.overdueDays),
          col((a) => a.amount),
          col((a) => a.total),
          col((a) => a.exactTotal),
          col((a) => a.ruleVersionId),
          col((a) => a.revision),
        ],
      );
      await sql.query(
        `UPDATE installments i SET penalty_due = i.penalty_due + x.pe, fee_due = i.fee_due + x.fe,
                updated_at = now()
           FROM (SELECT id, sum(CASE WHEN c = 'penalty' THEN a ELSE 0 END)::bigint AS pe,
                        sum(CASE WHEN c = 'fee' THEN a ELSE 0 END)::bigint AS fe
                   FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS u(id, c, a) GROUP BY id) x
          WHERE i.id = x.id`,
        [col((a) => a.installmentId), col((a) => a.component), col((a) => a.amount)],
      );
      // The daily run carries each charge's state on the installment: its latest row now.
      await sql.query(
        `UPDATE installments i SET accrual_state = i.accrual_state || s.state
           FROM (SELECT installment_id, jsonb_object_agg(charge_id, jsonb_build_object(
                          'day', overdue_days, 'total', total::text, 'exact', exact_total::text)) AS state
                   FROM (SELECT DISTINCT ON (installment_id, charge_id) installment_id, charge_id,
                                overdue_days, total, exact_total
                           FROM fee_accruals WHERE installment_id = ANY($1::bigint[])
                          ORDER BY installment_id, charge_id, business_date DESC, revision DESC, id DESC) latest
                  GROUP BY installment_id) s
          WHERE i.id = s.installment_id`,
        [[...new Set(col((a) => a.installmentId))]],
      );
      // What owes nothing any more closes, and a loan with nothing open settles.
      await sql.query(
        `UPDATE installments SET status = 'paid', paid_at = coalesce(paid_at, now()), updated_at = now()
          WHERE id = ANY($1::bigint[]) AND status IN ${OPEN_INSTALLMENT}
            AND principal_paid = principal_due AND interest_paid = interest_due
            AND fee_paid = fee_due AND penalty_paid = penalty_due`,
        [col((a) => a.installmentId)],
      );
      const settled = await sql.query<{ id: string }>(SETTLE_LOANS_WITH_NOTHING_OPEN, [
        [...new Set(col((a) => a.loanId))],
      ]);
      return new Set(settled.map((r) => BigInt(r.id)));
    },

    async lastAccruedDate(): Promise<string | null> {
      const [row] = await sql.query<{ date: string | null }>(
        `SELECT max(business_date)::text AS date FROM accrual_runs`,
      );
      return row?.date ?? null;
    },

    async ruleBody(versionId: bigint): Promise<unknown> {
      const [row] = await sql.query<{ body: unknown }>(
        `SELECT body FROM rule_versions WHERE id = $1`,
        [versionId],
      );
      return row?.body ?? null;
    },
  };
}

export type RecalculationRepo = ReturnType<typeof createRecalculationRepo>;
