// The risk dashboard's SQL (报表 → 风险): the loan book at a date's close (a snapshot the rollups
// job takes once the date is over; today read live with the same statement), the month ends'
// bucket moves, and the reads over the range.
import { sqlFor } from '@repay/db';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import { OPEN_INSTALLMENT } from '../../lib/status-sql';
import { BUCKET_SQL } from '../overdue';
import { Params } from './facts.sql';
import { NO_JIT } from './reports.repo';

/** Funder, product and business line: what the risk figures may be narrowed to. */
export interface RiskScope {
  funderCode?: string;
  productCode?: string;
  businessLine?: string;
}

/** One row of the book at a date: its group, bucket and sums (fen). */
export interface BookRow {
  businessDate: string;
  startMonth: string;
  bucket: string;
  loans: number;
  outstandingPrincipal: bigint;
  overduePrincipal: bigint;
  overdueAmount: bigint;
  bookedLoans: number;
  bookedPrincipal: bigint;
}

/** Loans moved between buckets from the month end before to a month end. */
export interface RollRow {
  monthEnd: string;
  fromBucket: string;
  toBucket: string;
  loans: number;
}

/** The advisory lock space of a date's risk snapshot. */
const RISK_LOCK = 7_302;

/**
 * The book at the close of `day` (a date expression), per funder, product, line, start month
 * and bucket: every loan started by then. Overdue is what the open installments due before the
 * date still owe, the bucket is the daily run's (`BUCKET_SQL` of the oldest such installment's
 * days), and outstanding is the loan's principal not yet paid. The installments' paid amounts
 * are as they stand when this runs: hence a snapshot, taken just after the date closes.
 */
function bookOf(day: string): string {
  return `WITH od AS (
            SELECT i.loan_id, min(i.due_date) AS since,
                   sum(i.principal_due - i.principal_paid)::bigint AS principal,
                   sum(i.principal_due - i.principal_paid + i.interest_due - i.interest_paid)::bigint AS amount
              FROM installments i
             WHERE i.is_current AND i.status IN ${OPEN_INSTALLMENT} AND i.due_date < ${day}
             GROUP BY i.loan_id)
          SELECT l.funder_id, l.product_id, l.business_line,
                 date_trunc('month', l.start_date)::date AS start_month,
                 CASE WHEN l.status <> 'active' OR od.since IS NULL THEN 'M0'
                      ELSE ${BUCKET_SQL(`(${day} - od.since)`)} END AS bucket,
                 count(*) FILTER (WHERE l.status = 'active')::int AS loans,
                 coalesce(sum(l.outstanding_principal) FILTER (WHERE l.status = 'active'), 0)::bigint AS outstanding_principal,
                 coalesce(sum(od.principal) FILTER (WHERE l.status = 'active'), 0)::bigint AS overdue_principal,
                 coalesce(sum(od.amount) FILTER (WHERE l.status = 'active'), 0)::bigint AS overdue_amount,
                 count(*)::int AS booked_loans, sum(l.principal)::bigint AS booked_principal
            FROM loans l LEFT JOIN od ON od.loan_id = l.id
           WHERE l.start_date <= ${day}
           GROUP BY 1, 2, 3, 4, 5`;
}

const BOOK_COLUMNS = `funder_id, product_id, business_line, start_month, bucket, loans, outstanding_principal,
                      overdue_principal, overdue_amount, booked_loans, booked_principal`;

function scopeOf(scope: RiskScope, p: Params, r: string): string[] {
  const where: string[] = [];
  if (scope.funderCode)
    where.push(`${r}.funder_id = (SELECT id FROM funders WHERE code = ${p.add(scope.funderCode)})`);
  if (scope.productCode)
    where.push(
      `${r}.product_id = (SELECT id FROM products WHERE code = ${p.add(scope.productCode)})`,
    );
  if (scope.businessLine) where.push(`${r}.business_line = ${p.add(scope.businessLine)}`);
  return where;
}

const bookRow = (r: Record<string, unknown>): BookRow => ({
  businessDate: r.business_date as string,
  startMonth: r.start_month as string,
  bucket: r.bucket as string,
  loans: Number(r.loans),
  outstandingPrincipal: bigintOf(r.outstanding_principal),
  overduePrincipal: bigintOf(r.overdue_principal),
  overdueAmount: bigintOf(r.overdue_amount),
  bookedLoans: Number(r.booked_loans),
  bookedPrincipal: bigintOf(r.booked_principal),
});

export function createRiskRepo({ db, sql }: Executor) {
  /** A dashboard read: its own transaction, JIT off (as the other reports). */
  const read = <T extends object>(text: string, params: unknown[]) =>
    db.transaction(async (tx) => {
      const t = sqlFor(tx);
      await t.exec(NO_JIT);
      return t.query<T>(text, params);
    });

  /** Provisional books (rows and day rows) of the dates the condition names. */
  async function dropProvisional(where: string, params: unknown[]) {
    await sql.query(
      `WITH gone AS (DELETE FROM risk_rollup_days WHERE NOT final AND ${where} RETURNING business_date)
       DELETE FROM risk_daily_rollups r USING gone WHERE r.business_date = gone.business_date`,
      params,
    );
  }

  return {
    /**
     * Snapshot the book at `date`'s close and, when it is a month end, the bucket moves since
     * the month end before (from loan_bucket_changes: the daily run's record). Run in a
     * transaction: the date is there whole or not at all. A date already taken is kept.
     */
    async snapshot(date: string): Promise<{ rows: number; taken: boolean }> {
      await sql.exec(NO_JIT);
      await sql.query(
        `SELECT pg_advisory_xact_lock(${RISK_LOCK}, ($1::date - DATE '2000-01-01'))`,
        [date],
      );
      const [had] = await sql.query<{ final: boolean }>(
        `SELECT final FROM risk_rollup_days WHERE business_date = $1::date`,
        [date],
      );
      if (had?.final) return { rows: 0, taken: false };
      // The book taken while the date ran gives way to the one at its close.
      if (had) await dropProvisional(`business_date = $1::date`, [date]);
      const [book] = await sql.query<{ n: number }>(
        `WITH b AS (${bookOf('$1::date')}),
              ins AS (INSERT INTO risk_daily_rollups (business_date, ${BOOK_COLUMNS})
                      SELECT $1::date, ${BOOK_COLUMNS} FROM b RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [date],
      );
      let rolls = 0;
      const [monthEnd] = await sql.query<{ last: boolean }>(
        `SELECT ($1::date + 1) = date_trunc('month', $1::date + 1)::date AS last`,
        [date],
      );
      if (monthEnd?.last) {
        // Each loan's bucket at the month end before and at this one: the latest change up to
        // each (none: current). Only loans delinquent at one end or the other.
        const [moved] = await sql.query<{ n: number }>(
          `WITH ends AS (SELECT $1::date AS now, (date_trunc('month', $1::date) - interval '1 day')::date AS was),
                b AS (
                  SELECT c.loan_id,
                         coalesce((array_agg(c.to_bucket ORDER BY c.business_date DESC)
                                    FILTER (WHERE c.business_date <= (SELECT was FROM ends)))[1], 'M0') AS was,
                         (array_agg(c.to_bucket ORDER BY c.business_date DESC))[1] AS now
                    FROM loan_bucket_changes c
                   WHERE c.business_date <= (SELECT now FROM ends)
                   GROUP BY c.loan_id),
                ins AS (
                  INSERT INTO risk_roll_rollups (month_end, funder_id, product_id, business_line, from_bucket, to_bucket, loans)
                  SELECT $1::date, l.funder_id, l.product_id, l.business_line, b.was, b.now, count(*)::int
                    FROM b JOIN loans l ON l.id = b.loan_id
                   WHERE l.start_date <= (SELECT was FROM ends) AND (b.was <> 'M0' OR b.now <> 'M0')
                   GROUP BY 1, 2, 3, 4, 5, 6
                  RETURNING 1)
           SELECT count(*)::int AS n FROM ins`,
          [date],
        );
        rolls = moved?.n ?? 0;
      }
      await sql.query(
        `INSERT INTO risk_rollup_days (business_date, built_at) VALUES ($1::date, now())`,
        [date],
      );
      return { rows: (book?.n ?? 0) + rolls, taken: true };
    },

    /**
     * Today's book as it stands (taken `at`, by the engine's clock), kept until the next call
     * (the hourly job) or the snapshot at the date's close; any earlier provisional book goes
     * (a date whose close was missed is a gap, not a book taken in its middle). Run in a
     * transaction.
     */
    async snapshotToday(date: string, at: Date): Promise<{ rows: number; taken: boolean }> {
      await sql.exec(NO_JIT);
      await sql.query(
        `SELECT pg_advisory_xact_lock(${RISK_LOCK}, ($1::date - DATE '2000-01-01'))`,
        [date],
      );
      const [had] = await sql.query<{ final: boolean }>(
        `SELECT final FROM risk_rollup_days WHERE business_date = $1::date`,
        [date],
      );
      if (had?.final) return { rows: 0, taken: false };
      await dropProvisional(`business_date <= $1::date`, [date]);
      const [book] = await sql.query<{ n: number }>(
        `WITH b AS (${bookOf('$1::date')}),
              ins AS (INSERT INTO risk_daily_rollups (business_date, ${BOOK_COLUMNS})
                      SELECT $1::date, ${BOOK_COLUMNS} FROM b RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [date],
      );
      await sql.query(
        `INSERT INTO risk_rollup_days (business_date, built_at, final) VALUES ($1::date, $2, false)`,
        [date, at],
      );
      return { rows: book?.n ?? 0, taken: true };
    },

    /** The dates of [from, to] with a snapshot at their close. */
    async snapshotDays(from: string, to: string): Promise<string[]> {
      const rows = await sql.query<{ d: string }>(
        `SELECT business_date::text AS d FROM risk_rollup_days
          WHERE business_date BETWEEN $1::date AND $2::date AND final ORDER BY 1`,
        [from, to],
      );
      return rows.map((r) => r.d);
    },

    /** When today's provisional book was taken (null: none for that date). */
    async provisionalBuiltAt(date: string): Promise<Date | null> {
      const [row] = await sql.query<{ builtAt: Date | string }>(
        `SELECT built_at AS "builtAt" FROM risk_rollup_days WHERE business_date = $1::date AND NOT final`,
        [date],
      );
      return row ? new Date(row.builtAt) : null;
    },

    /**
     * The book per date, start month and bucket: the snapshots of [from, to] and, for `live`
     * (today, when asked), the same statement over the loans as they are now.
     */
    async book(range: { from: string; to: string; live: string | null }, scope: RiskScope) {
      const p = new Params();
      const rolled = [
        `r.business_date BETWEEN ${p.add(range.from)}::date AND ${p.add(range.to)}::date`,
        ...scopeOf(scope, p, 'r'),
      ];
      const sums = `sum(loans)::bigint AS loans, sum(outstanding_principal)::bigint AS outstanding_principal,
                    sum(overdue_principal)::bigint AS overdue_principal, sum(overdue_amount)::bigint AS overdue_amount,
                    sum(booked_loans)::bigint AS booked_loans, sum(booked_principal)::bigint AS booked_principal`;
      let live = '';
      if (range.live !== null) {
        const day = `${p.add(range.live)}::date`;
        live = `UNION ALL
                SELECT ${day}::text, start_month::text, bucket, ${sums}
                  FROM (${bookOf(day)}) r
                 WHERE ${['true', ...scopeOf(scope, p, 'r')].join(' AND ')}
                 GROUP BY start_month, bucket`;
      }
      const rows = await read<Record<string, unknown>>(
        `SELECT business_date::text AS business_date, start_month::text AS start_month, bucket, ${sums}
           FROM risk_daily_rollups r WHERE ${rolled.join(' AND ')}
          GROUP BY business_date, start_month, bucket
         ${live}`,
        p.values,
      );
      return rows.map(bookRow);
    },

    /** The month ends' bucket moves over [from, to]. */
    async rolls(from: string, to: string, scope: RiskScope): Promise<RollRow[]> {
      const p = new Params();
      const where = [
        `r.month_end BETWEEN ${p.add(from)}::date AND ${p.add(to)}::date`,
        ...scopeOf(scope, p, 'r'),
      ];
      const rows = await read<Record<string, unknown>>(
        `SELECT month_end::text AS month_end, from_bucket, to_bucket, sum(loans)::bigint AS loans
           FROM risk_roll_rollups r WHERE ${where.join(' AND ')}
          GROUP BY 1, 2, 3`,
        p.values,
      );
      return rows.map((r) => ({
        monthEnd: r.month_end as string,
        fromBucket: r.from_bucket as string,
        toBucket: r.to_bucket as string,
        loans: Number(r.loans),
      }));
    },
  };
}

export type RiskRepo = ReturnType<typeof createRiskRepo>;
