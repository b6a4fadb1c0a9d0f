// The overdue page's reads: loans and amounts per bucket now, the accrual runs (with each
// day's bucket counts), the loans of a bucket (keyset pages), and one loan's accruals.
import type { Executor } from '../../lib/executor';
import { OPEN_INSTALLMENT } from '../../lib/status-sql';
import type { AccrualFilter } from './accruals.schema';

/** Open overdue installments of active loans as of a date, with what each still owes. */
const overdueOwed = `
  SELECT i.loan_id,
         sum(i.principal_due - i.principal_paid + i.interest_due - i.interest_paid)::bigint AS owed,
         sum(i.penalty_due - i.penalty_paid + i.fee_due - i.fee_paid)::bigint AS charges
    FROM installments i
   WHERE i.is_current AND i.status IN ${OPEN_INSTALLMENT} AND i.due_date < $1::date
   GROUP BY i.loan_id`;

export function createOverdueConsoleRepo({ sql }: Executor) {
  return {
    /** Per bucket: active loans, the principal and interest overdue, penalties and fees owed. */
    bucketSummary: (today: string) =>
      sql.query<{ bucket: string; loans: number; owed: string; charges: string }>(
        `SELECT l.delinquency_bucket AS bucket, count(*)::int AS loans,
                coalesce(sum(o.owed), 0)::text AS owed, coalesce(sum(o.charges), 0)::text AS charges
           FROM loans l LEFT JOIN (${overdueOwed}) o ON o.loan_id = l.id
          WHERE l.status = 'active'
          GROUP BY l.delinquency_bucket`,
        [today],
      ),

    runs: (limit: number) =>
      sql.query<Record<string, unknown>>(
        `SELECT id, business_date::text AS "businessDate", status, installments, accrued::text AS accrued,
                bucket_counts AS "bucketCounts", started_by AS "startedBy", started_at AS "startedAt",
                finished_at AS "finishedAt"
           FROM accrual_runs ORDER BY business_date DESC LIMIT $1`,
        [limit],
      ),

    /** Loans of a bucket (every overdue one without), oldest overdue first, keyset by id. */
    loans: (today: string, bucket: string | null, afterId: bigint | null, limit: number) =>
      sql.query<Record<string, unknown>>(
        `SELECT l.id, l.order_no AS "orderNo", l.business_line AS "businessLine", f.code AS "funderCode",
                p.code AS "productCode", l.delinquency_bucket AS bucket, l.overdue_since::text AS "overdueSince",
                ($1::date - l.overdue_since) AS "overdueDays", coalesce(o.owed, 0)::text AS owed,
                coalesce(o.charges, 0)::text AS charges, l.paused_reason IS NOT NULL AS paused
           FROM loans l JOIN funders f ON f.id = l.funder_id JOIN products p ON p.id = l.product_id
           LEFT JOIN (${overdueOwed}) o ON o.loan_id = l.id
          WHERE l.status = 'active' AND l.overdue_since IS NOT NULL
            AND ($2::text IS NULL OR l.delinquency_bucket = $2) AND ($3::bigint IS NULL OR l.id > $3)
          ORDER BY l.id LIMIT $4`,
        [today, bucket, afterId, limit],
      ),

    /**
     * Accrual rows of every loan (罚息计提), newest first, keyset by id: business dates, the
     * loan, its funder and product, the loan's delinquency bucket now, the charge's type.
     */
    accrualList: (f: AccrualFilter & { limit: number; beforeId?: bigint }) =>
      sql.query<Record<string, unknown>>(
        `SELECT a.id, a.business_date::text AS "businessDate", l.order_no AS "orderNo", i.period,
                f.code AS "funderCode", p.code AS "productCode", l.delinquency_bucket AS bucket,
                a.charge_id AS "chargeId", a.charge_type AS "chargeType", a.component,
                a.overdue_days AS "overdueDays", a.amount::text AS amount, a.total::text AS total,
                a.capped_by AS "cappedBy", a.revision, a.rule_version_id::text AS "ruleVersionId",
                s.name || ' v' || v.version_no AS "ruleLabel", a.created_at AS "createdAt"
           FROM fee_accruals a
           JOIN installments i ON i.id = a.installment_id
           JOIN loans l ON l.id = a.loan_id
           JOIN funders f ON f.id = l.funder_id
           JOIN products p ON p.id = l.product_id
           LEFT JOIN rule_versions v ON v.id = a.rule_version_id
           LEFT JOIN rule_sets s ON s.id = v.rule_set_id
          WHERE ($1::date IS NULL OR a.business_date >= $1::date)
            AND ($2::date IS NULL OR a.business_date <= $2::date)
            AND ($3::text IS NULL OR l.order_no = $3)
            AND ($4::text IS NULL OR f.code = $4)
            AND ($5::text IS NULL OR l.delinquency_bucket = $5)
            AND ($6::text IS NULL OR a.charge_type = $6)
            AND ($7::bigint IS NULL OR a.id < $7)
          ORDER BY a.id DESC LIMIT $8`,
        [
          f.from ?? null,
          f.to ?? null,
          f.orderNo ?? null,
          f.funderCode ?? null,
          f.bucket ?? null,
          f.chargeType ?? null,
          f.beforeId ?? null,
          f.limit,
        ],
      ),

    /** One loan's accruals, newest first. */
    accrualsOf: (orderNo: string, limit: number) =>
      sql.query<Record<string, unknown>>(
        `SELECT a.id, a.business_date::text AS "businessDate", i.period, a.charge_id AS "chargeId",
                a.charge_type AS "chargeType", a.overdue_days AS "overdueDays", a.amount::text AS amount,
                a.total::text AS total, a.capped_by AS "cappedBy", a.rule_version_id::text AS "ruleVersionId",
                s.name || ' v' || v.version_no AS "ruleLabel"
           FROM fee_accruals a JOIN installments i ON i.id = a.installment_id
           LEFT JOIN rule_versions v ON v.id = a.rule_version_id
           LEFT JOIN rule_sets s ON s.id = v.rule_set_id
           JOIN loans l ON l.id = a.loan_id
          WHERE l.order_no = $1
          ORDER BY a.business_date DESC, i.period, a.charge_id LIMIT $2`,
        [orderNo, limit],
      ),
  };
}

export type OverdueConsoleRepo = ReturnType<typeof createOverdueConsoleRepo>;
