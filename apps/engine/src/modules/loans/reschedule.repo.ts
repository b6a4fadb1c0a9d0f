// Plan versions written by a reschedule: the replaced tail rows stop being current and the new
// version's rows take their place (schema/loans.ts explains the version view).
import type { PlanRow } from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';

export interface VersionSummary {
  version: number;
  reason: string;
  periodCount: number;
  change: Record<string, number> | null;
  reference: string | null;
  createdBy: string;
  createdAt: Date;
}

export function createRescheduleRepo({ sql }: Executor) {
  return {
    /** The live rows, locked; anything paid, charged or not pending is `touched`. */
    async lockCurrentRows(loanId: bigint): Promise<PlanRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT period, due_date::text AS "dueDate", principal_due AS p, interest_due AS i,
                (status <> 'pending' OR fee_due > 0 OR penalty_due > 0 OR principal_paid > 0
                 OR interest_paid > 0) AS touched
           FROM installments WHERE loan_id = $1 AND is_current ORDER BY period FOR UPDATE`,
        [loanId],
      );
      return rows.map((r) => ({
        period: Number(r.period),
        dueDate: r.dueDate as string,
        principalFen: bigintOf(r.p),
        interestFen: bigintOf(r.i),
        touched: r.touched === true,
      }));
    },

    async versionByReference(loanId: bigint, reference: string) {
      const [row] = await sql.query<{ version: number; change: Record<string, number> }>(
        `SELECT version, change FROM plan_versions WHERE loan_id = $1 AND reference = $2`,
        [loanId, reference],
      );
      return row ?? null;
    },

    async listVersions(loanId: bigint): Promise<VersionSummary[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT version, reason, period_count AS "periodCount", change, reference,
                created_by AS "createdBy", created_at AS "createdAt"
           FROM plan_versions WHERE loan_id = $1 ORDER BY version`,
        [loanId],
      );
      return rows.map((r) => ({
        ...(r as unknown as VersionSummary),
        version: Number(r.version),
        periodCount: Number(r.periodCount),
        createdAt: new Date(r.createdAt as string),
      }));
    },

    /**
     * Version `version` replaces periods `fromPeriod`.. with `rows`: the old rows from there on
     * stop being current, the new ones are inserted, the loan points at the version.
     */
    async writeVersion(v: {
      loanId: bigint;
      version: number;
      reason: string;
      change: Record<string, number>;
      reference: string | null;
      createdBy: string;
      fromPeriod: number;
      termMonths: number;
      periodCount: number;
      rows: { period: number; dueDate: string; principalFen: bigint; interestFen: bigint }[];
    }) {
      const [plan] = await sql.query<{ id: string }>(
        `INSERT INTO plan_versions (loan_id, version, reason, period_count, change, reference, created_by)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id`,
        [
          v.loanId,
          v.version,
          v.reason,
          v.periodCount,
          JSON.stringify(v.change),
          v.reference,
          v.createdBy,
        ],
      );
      await sql.query(
        `UPDATE installments SET is_current = false, updated_at = now()
          WHERE loan_id = $1 AND is_current AND period >= $2`,
        [v.loanId, v.fromPeriod],
      );
      await sql.query(
        `INSERT INTO installments (loan_id, plan_version_id, period, due_date, principal_due, interest_due)
         SELECT $1::bigint, $2::bigint, p, d, pr, i
           FROM unnest($3::int[], $4::date[], $5::bigint[], $6::bigint[]) AS t(p, d, pr, i)`,
        [
          v.loanId,
          plan!.id,
          v.rows.map((r) => r.period),
          v.rows.map((r) => r.dueDate),
          v.rows.map((r) => r.principalFen),
          v.rows.map((r) => r.interestFen),
        ],
      );
      await sql.query(
        `UPDATE loans SET current_plan_version = $2, term_months = $3, updated_at = now() WHERE id = $1`,
        [v.loanId, v.version, v.termMonths],
      );
    },
  };
}

export type RescheduleRepo = ReturnType<typeof createRescheduleRepo>;
