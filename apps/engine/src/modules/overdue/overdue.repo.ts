// Overdue accrual storage: the run per business date, the overdue installments in id order
// (keyset batches) with each charge's state carried on the installment row, the accrual rows,
// and the loans' buckets. An installment is claimed for a date by the update that raises its
// dues (accrued_through moves to the date), and its accrual rows are inserted only when the
// claim succeeded: a batch run twice, or by two processes at once, adds nothing twice.
import type { AccrualStateColumn } from '@repay/db';
import type { Executor } from '../../lib/executor';
import { OPEN_INSTALLMENT } from '../../lib/status-sql';
import { bigintOf } from '../../lib/rows';
import { ACCRUAL_BASIS_COLUMNS, accrualBasisOf, type AccrualBasis } from './accrual-basis';

export interface OverdueInstallment extends AccrualBasis {
  orderNo: string;
  businessLine: string;
  funderCode: string;
  productCode: string;
  /** Installments of loans no longer active (written off) are walked past, not accrued. */
  loanActive: boolean;
  /** The last business date accrued on this installment, if any. */
  accruedThrough: string | null;
  /** Each charge's state through `accruedThrough` (its latest accrual row). */
  states: Map<string, ChargeState>;
  /** A reversed collection made it owe again on this date: no day up to it is charged. */
  accrualResumedOn: string | null;
  /** The row's updated_at as read (exact text): the claim holds only if nothing changed since. */
  version: string;
}

export interface ChargeState {
  day: number;
  totalFen: bigint;
  exactYuan: string;
}

export interface NewAccrual {
  installmentId: bigint;
  loanId: bigint;
  chargeId: string;
  chargeType: string;
  component: 'penalty' | 'fee';
  overdueDays: number;
  amount: bigint;
  total: bigint;
  /** The running total before rounding, at the carry scale (EXACT_TOTAL_SCALE places). */
  exactTotal: string;
  cappedBy: string | null;
  ruleVersionId: bigint | null;
}

const OVERDUE_COLUMNS = `SELECT ${ACCRUAL_BASIS_COLUMNS},
         l.order_no AS "orderNo", l.business_line AS "businessLine",
         f.code AS "funderCode", p.code AS "productCode", l.status = 'active' AS "loanActive",
         i.accrued_through::text AS "accruedThrough", i.accrual_state AS "accrualState",
         i.accrual_resumed_on::text AS "accrualResumedOn", i.updated_at::text AS version
    FROM ids JOIN installments i ON i.id = ids.id JOIN loans l ON l.id = i.loan_id
    JOIN funders f ON f.id = l.funder_id JOIN products p ON p.id = l.product_id
    LEFT JOIN business_lines bl ON bl.code = l.business_line`;

function toOverdue(r: Record<string, unknown>): OverdueInstallment {
  return {
    ...accrualBasisOf(r),
    orderNo: r.orderNo as string,
    businessLine: r.businessLine as string,
    funderCode: r.funderCode as string,
    productCode: r.productCode as string,
    loanActive: r.loanActive === true,
    accruedThrough: (r.accruedThrough as string | null) ?? null,
    states: statesOf(r.accrualState as AccrualStateColumn),
    accrualResumedOn: (r.accrualResumedOn as string | null) ?? null,
    version: r.version as string,
  };
}

const statesOf = (column: AccrualStateColumn | null) =>
  new Map<string, ChargeState>(
    Object.entries(column ?? {}).map(([chargeId, s]) => [
      chargeId,
      { day: s.day, totalFen: BigInt(s.total), exactYuan: s.exact },
    ]),
  );

/** Buckets by the oldest overdue days: the SQL twin of `bucketOf` (@repay/rules). */
export const BUCKET_SQL = (days: string) => `CASE WHEN ${days} <= 0 THEN 'M0'
  WHEN ${days} <= 30 THEN 'M1' WHEN ${days} <= 60 THEN 'M2' WHEN ${days} <= 90 THEN 'M3' ELSE 'M3+' END`;

export function createOverdueRepo({ sql }: Executor) {
  return {
    /**
     * A reversed collection made the installment owe again on `date`: the days up to it, while
     * it stood as paid, are not charged (the latest such date counts).
     */
    async resumeAccrualAfter(installmentId: bigint, date: string) {
      await sql.query(
        `UPDATE installments SET accrual_resumed_on = GREATEST(accrual_resumed_on, $2::date)
          WHERE id = $1`,
        [installmentId, date],
      );
    },

    /** The run of a business date: created now, or the one that exists. */
    async startRun(businessDate: string, startedBy: string) {
      const [row] = await sql.query<{ id: bigint; status: string }>(
        `INSERT INTO accrual_runs (business_date, started_by) VALUES ($1, $2)
         ON CONFLICT (business_date) DO UPDATE SET business_date = EXCLUDED.business_date
         RETURNING id, status`,
        [businessDate, startedBy],
      );
      return { id: bigintOf(row!.id), status: row!.status };
    },

    /** Completed, with the active loans per bucket at that moment (the page's history). */
    async finishRun(id: bigint) {
      await sql.query(
        `UPDATE accrual_runs SET status = 'completed', finished_at = now(),
                bucket_counts = (SELECT coalesce(jsonb_object_agg(bucket, n), '{}'::jsonb)
                                   FROM (SELECT delinquency_bucket AS bucket, count(*)::int AS n
                                           FROM loans WHERE status = 'active' GROUP BY 1) s)
          WHERE id = $1`,
        [id],
      );
    },

    async addToRun(id: bigint, installments: number, accrued: bigint) {
      await sql.query(
        `UPDATE accrual_runs SET installments = installments + $2, accrued = accrued + $3 WHERE id = $1`,
        [id, installments, accrued],
      );
    },

    /** The latest business date with a run (completed or not), if any. */
    async latestRun(): Promise<string | null> {
      const [row] = await sql.query<{ date: string | null }>(
        `SELECT max(business_date)::text AS date FROM accrual_runs`,
      );
      return row?.date ?? null;
    },

    /** The latest business date whose run completed, if any. */
    async lastCompleted(): Promise<string | null> {
      const [row] = await sql.query<{ date: string | null }>(
        `SELECT max(business_date)::text AS date FROM accrual_runs WHERE status = 'completed'`,
      );
      return row?.date ?? null;
    },

    /** Of these dates, those whose nightly run has completed. */
    async completedRunDates(dates: string[]): Promise<string[]> {
      const rows = await sql.query<{ d: string }>(
        `SELECT business_date::text AS d FROM accrual_runs
          WHERE business_date = ANY($1::date[]) AND status = 'completed'`,
        [dates],
      );
      return rows.map((r) => r.d);
    },

    async runOf(businessDate: string) {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT id, business_date::text AS "businessDate", status, installments, accrued,
                started_by AS "startedBy", started_at AS "startedAt", finished_at AS "finishedAt"
           FROM accrual_runs WHERE business_date = $1`,
        [businessDate],
      );
      return row ?? null;
    },

    /**
     * Open installments due before the date, in (due date, id) order after `after` (the
     * last of the previous batch): a range scan of installments_open_due_idx, then their
     * loans.
     */
    async overdueBatch(
      businessDate: string,
      after: { dueDate: string; id: bigint } | null,
      limit: number,
    ): Promise<OverdueInstallment[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `WITH ids AS (
           SELECT i.id FROM installments i
            WHERE i.is_current AND i.status IN ${OPEN_INSTALLMENT} AND i.due_date < $1::date
              AND (i.due_date, i.id) > ($2::date, $3::bigint)
            ORDER BY i.due_date, i.id LIMIT $4)
         ${OVERDUE_COLUMNS}
          ORDER BY i.due_date, i.id`,
        [businessDate, after?.dueDate ?? '0001-01-01', after?.id ?? 0n, limit],
      );
      return rows.map(toOverdue);
    },

    /** These installments as they are now, if still open and due before the date. */
    async overdueByIds(businessDate: string, ids: bigint[]): Promise<OverdueInstallment[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `WITH ids AS (
           SELECT i.id FROM installments i
            WHERE i.id = ANY($2::bigint[]) AND i.is_current AND i.status IN ${OPEN_INSTALLMENT}
              AND i.due_date < $1::date)
         ${OVERDUE_COLUMNS}
          ORDER BY i.due_date, i.id`,
        [businessDate, ids],
      );
      return rows.map(toOverdue);
    },

    /**
     * The day's accruals, in one statement (so atomically): the installments are claimed for
     * the date (those not accrued through it yet and unchanged since they were read: same
     * updated_at), marked overdue with their days, penalty and fee raised by the day's
     * amounts, the charges' new states carried; the accrual rows of the claimed installments
     * only are inserted (the unique index stays as the backstop). Returns the fen added and
     * the installments not claimed, which the caller reads again.
     */
    async applyDay(
      businessDate: string,
      installments: { id: bigint; version: string }[],
      accruals: NewAccrual[],
    ): Promise<{ addedFen: bigint; claimed: number; unclaimed: bigint[] }> {
      const installmentIds = installments.map((i) => i.id);
      const perInstallment = new Map<
        bigint,
        { penalty: bigint; fee: bigint; state: AccrualStateColumn }
      >();
      for (const a of accruals) {
        let sums = perInstallment.get(a.installmentId);
        if (!sums)
          perInstallment.set(a.installmentId, (sums = { penalty: 0n, fee: 0n, state: {} }));
        sums[a.component] += a.amount;
        sums.state[a.chargeId] = {
          day: a.overdueDays,
          total: String(a.total),
          exact: a.exactTotal,
        };
      }
      const col = <T>(f: (a: NewAccrual) => T) => accruals.map(f);
      const [result] = await sql.query<{ claimed: number; unclaimed: bigint[]; added: string }>(
        `WITH claimed AS (
           UPDATE installments i SET status = 'overdue', overdue_days = $1::date - i.due_date,
                  penalty_due = i.penalty_due + x.pe, fee_due = i.fee_due + x.fe,
                  accrual_state = i.accrual_state || x.st, accrued_through = $1::date, updated_at = now()
             FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::jsonb[], $6::text[]) AS x(id, pe, fe, st, v)
            WHERE i.id = x.id AND (i.accrued_through IS NULL OR i.accrued_through < $1::date)
              AND i.updated_at = x.v::timestamptz
            RETURNING i.id),
         added AS (
           INSERT INTO fee_accruals (installment_id, loan_id, business_date, charge_id, charge_type, component,
                                     overdue_days, amount, total, exact_total, capped_by, rule_version_id)
           SELECT a.ins, a.lo, $1::date, a.ch, a.ct, a.co, a.od, a.am, a.tot, a.ex, a.cap, a.rv
             FROM unnest($7::bigint[], $8::bigint[], $9::text[], $10::text[], $11::text[], $12::int[],
                         $13::bigint[], $14::bigint[], $15::numeric[], $16::text[], $17::bigint[])
                  AS a(ins, lo, ch, ct, co, od, am, tot, ex, cap, rv)
             JOIN claimed c ON c.id = a.ins
           RETURNING amount)
         SELECT (SELECT count(*) FROM claimed)::int AS claimed,
                ARRAY(SELECT x.id FROM unnest($2::bigint[]) AS x(id)
                       WHERE x.id NOT IN (SELECT id FROM claimed)) AS unclaimed,
                (SELECT coalesce(sum(amount), 0) FROM added)::text AS added`,
        [
          businessDate,
          installmentIds,
          installmentIds.map((id) => perInstallment.get(id)?.penalty ?? 0n),
          installmentIds.map((id) => perInstallment.get(id)?.fee ?? 0n),
          installmentIds.map((id) => JSON.stringify(perInstallment.get(id)?.state ?? {})),
          installments.map((i) => i.version),
          col((a) => a.installmentId),
          col((a) => a.loanId),
          col((a) => a.chargeId),
          col((a) => a.chargeType),
          col((a) => a.component),
          col((a) => a.overdueDays),
          col((a) => a.amount),
          col((a) => a.total),
          col((a) => a.exactTotal),
          col((a) => a.cappedBy),
          col((a) => a.ruleVersionId),
        ],
      );
      return {
        addedFen: BigInt(result!.added),
        claimed: result!.claimed,
        unclaimed: result!.unclaimed,
      };
    },

    /**
     * Every loan's oldest overdue installment and bucket as of the date, set-based: from the
     * open overdue installments only, and a loan row changes only when its oldest overdue
     * due date or its bucket does (not every day). A loan with nothing overdue any more is
     * current again. A change of bucket is recorded once per loan and date, and published.
     * Returns the bucket changes.
     *
     * The loans overdue now and those overdue before meet in a FULL JOIN: PostgreSQL runs it
     * as a hash or merge join only, so a row estimate that is off (overdue_since changes
     * every day, statistics lag) can never turn it into a nested loop over a million rows.
     */
    async refreshBuckets(businessDate: string): Promise<number> {
      const rows = await sql.query<{ n: number }>(
        `WITH od AS (
           SELECT i.loan_id AS id, min(i.due_date) AS since
             FROM installments i JOIN loans l ON l.id = i.loan_id AND l.status = 'active'
            WHERE i.is_current AND i.status IN ${OPEN_INSTALLMENT} AND i.due_date < $1::date
            GROUP BY i.loan_id),
         was AS (
           SELECT id, overdue_since AS since, delinquency_bucket AS bucket FROM loans WHERE overdue_since IS NOT NULL),
         nb AS (
           SELECT coalesce(od.id, was.id) AS id, od.since,
                  coalesce($1::date - od.since, 0) AS days,
                  CASE WHEN od.id IS NULL THEN 'M0' ELSE ${BUCKET_SQL('($1::date - od.since)')} END AS bucket,
                  was.since AS was_since, was.bucket AS was_bucket
             FROM od FULL JOIN was ON was.id = od.id),
         diff AS (
           SELECT nb.id, nb.since, nb.days, nb.bucket FROM nb
            WHERE nb.was_bucket IS NULL OR nb.bucket <> nb.was_bucket OR nb.since IS DISTINCT FROM nb.was_since),
         old AS (
           SELECT l.id, l.delinquency_bucket AS bucket, l.order_no, diff.since, diff.bucket AS to_bucket, diff.days
             FROM loans l JOIN diff ON diff.id = l.id
            ORDER BY l.id FOR NO KEY UPDATE OF l),
         moved AS (
           UPDATE loans l SET overdue_since = old.since, delinquency_bucket = old.to_bucket, updated_at = now()
             FROM old WHERE l.id = old.id
           RETURNING l.id, old.bucket AS from_bucket, old.to_bucket, old.days, old.order_no),
         changes AS (
           INSERT INTO loan_bucket_changes (loan_id, business_date, from_bucket, to_bucket, overdue_days)
           SELECT id, $1::date, from_bucket, to_bucket, days FROM moved WHERE from_bucket <> to_bucket
           ON CONFLICT (loan_id, business_date) DO NOTHING
           RETURNING loan_id),
         events AS (
           INSERT INTO outbox_events (event_id, topic, aggregate_type, aggregate_id, payload)
           SELECT 'loan.delinquency_changed:' || m.order_no || ':' || $1::date::text, 'loan.delinquency_changed', 'loan',
                  m.order_no, jsonb_build_object('orderNo', m.order_no, 'from', m.from_bucket,
                  'to', m.to_bucket, 'overdueDays', m.days, 'businessDate', $1::date::text)
             FROM moved m WHERE m.from_bucket <> m.to_bucket
           ON CONFLICT (event_id) DO NOTHING RETURNING 1)
         SELECT (SELECT count(*) FROM changes)::int AS n`,
        [businessDate],
      );
      return rows[0]?.n ?? 0;
    },
  };
}

export type OverdueRepo = ReturnType<typeof createOverdueRepo>;
