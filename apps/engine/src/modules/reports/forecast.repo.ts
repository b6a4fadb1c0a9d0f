// The forecast's stored computations (report_forecast_runs, report_forecast_rows): one per
// business date, written whole (deleted and inserted in the caller's transaction) and read
// back summed over a scope.
import type { ForecastLayoutDay } from '@repay/db';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';

/** The advisory lock space of a computation's write (the second key is the date's day number). */
const FORECAST_LOCK = 7_303;

/** How long computations of past dates are kept (the console reads today's only). */
const KEEP_DAYS = 31;

export interface ForecastRun {
  computedFor: string;
  computedAt: Date;
  days: number;
  layout: ForecastLayoutDay[];
  rulesKey: string;
  gray: Record<string, unknown>[];
}

export interface ForecastRowIn {
  forecastDate: string;
  kind: 'slot' | 'accrual';
  slotStart: string;
  slotEnd: string;
  funderCode: string;
  productCode: string;
  businessLine: string;
  publishedInstallments: number;
  publishedAmount: bigint;
  publishedPenalty: bigint;
  publishedFee: bigint;
  grayInstallments: number;
  grayAmount: bigint;
  grayPenalty: bigint;
  grayFee: bigint;
}

export interface ForecastSum {
  forecastDate: string;
  kind: 'slot' | 'accrual';
  slotStart: string;
  publishedInstallments: number;
  publishedAmount: bigint;
  publishedPenalty: bigint;
  publishedFee: bigint;
  grayInstallments: number;
  grayAmount: bigint;
  grayPenalty: bigint;
  grayFee: bigint;
}

export function createForecastRepo({ sql }: Executor) {
  return {
    async runOf(date: string): Promise<ForecastRun | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT computed_for::text AS "computedFor", computed_at AS "computedAt", days, layout,
                rules_key AS "rulesKey", gray
           FROM report_forecast_runs WHERE computed_for = $1::date`,
        [date],
      );
      if (!row) return null;
      return {
        ...(row as unknown as ForecastRun),
        computedAt: new Date(row.computedAt as string | Date),
        days: Number(row.days),
      };
    },

    /** Replace the date's computation whole (run in a transaction); older ones age out. */
    async replace(run: ForecastRun, rows: ForecastRowIn[]): Promise<void> {
      // Two writers of one date (the job and a first read) take turns; the later one wins whole.
      await sql.query(
        `SELECT pg_advisory_xact_lock(${FORECAST_LOCK}, ($1::date - DATE '2000-01-01'))`,
        [run.computedFor],
      );
      await sql.query(
        `DELETE FROM report_forecast_runs
          WHERE computed_for = $1::date OR computed_for < $1::date - ${KEEP_DAYS}`,
        [run.computedFor],
      );
      await sql.query(
        `INSERT INTO report_forecast_runs (computed_for, computed_at, days, layout, rules_key, gray)
         VALUES ($1::date, $2, $3, $4::jsonb, $5, $6::jsonb)`,
        [
          run.computedFor,
          run.computedAt,
          run.days,
          JSON.stringify(run.layout),
          run.rulesKey,
          JSON.stringify(run.gray),
        ],
      );
      if (rows.length === 0) return;
      const col = <K extends keyof ForecastRowIn>(k: K) => rows.map((r) => r[k]);
      await sql.query(
        `INSERT INTO report_forecast_rows (computed_for, forecast_date, kind, slot_start, slot_end,
                funder_id, product_id, business_line,
                published_installments, published_amount, published_penalty, published_fee,
                gray_installments, gray_amount, gray_penalty, gray_fee)
         SELECT $1::date, r.forecast_date, r.kind, r.slot_start, r.slot_end, f.id, p.id, r.line,
                r.pi, r.pa, r.pp, r.pf, r.gi, r.ga, r.gp, r.gf
           FROM unnest($2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::int[], $10::bigint[], $11::bigint[], $12::bigint[],
                       $13::int[], $14::bigint[], $15::bigint[], $16::bigint[])
                AS r(forecast_date, kind, slot_start, slot_end, funder, product, line,
                     pi, pa, pp, pf, gi, ga, gp, gf)
           JOIN funders f ON f.code = r.funder
           JOIN products p ON p.code = r.product`,
        [
          run.computedFor,
          col('forecastDate'),
          col('kind'),
          col('slotStart'),
          col('slotEnd'),
          col('funderCode'),
          col('productCode'),
          col('businessLine'),
          col('publishedInstallments'),
          col('publishedAmount'),
          col('publishedPenalty'),
          col('publishedFee'),
          col('grayInstallments'),
          col('grayAmount'),
          col('grayPenalty'),
          col('grayFee'),
        ],
      );
    },

    /** The computation's figures per date and slot (or night), summed over the scope. */
    async sums(
      date: string,
      scope: { funderCode?: string; productCode?: string; businessLine?: string },
    ): Promise<ForecastSum[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT r.forecast_date::text AS "forecastDate", r.kind, r.slot_start AS "slotStart",
                sum(r.published_installments)::int AS "publishedInstallments",
                sum(r.published_amount)::bigint AS "publishedAmount",
                sum(r.published_penalty)::bigint AS "publishedPenalty",
                sum(r.published_fee)::bigint AS "publishedFee",
                sum(r.gray_installments)::int AS "grayInstallments",
                sum(r.gray_amount)::bigint AS "grayAmount",
                sum(r.gray_penalty)::bigint AS "grayPenalty",
                sum(r.gray_fee)::bigint AS "grayFee"
           FROM report_forecast_rows r
           JOIN funders f ON f.id = r.funder_id
           JOIN products p ON p.id = r.product_id
          WHERE r.computed_for = $1::date
            AND ($2::text IS NULL OR f.code = $2) AND ($3::text IS NULL OR p.code = $3)
            AND ($4::text IS NULL OR r.business_line = $4)
          GROUP BY 1, 2, 3`,
        [date, scope.funderCode ?? null, scope.productCode ?? null, scope.businessLine ?? null],
      );
      return rows.map((r) => ({
        forecastDate: r.forecastDate as string,
        kind: r.kind as 'slot' | 'accrual',
        slotStart: r.slotStart as string,
        publishedInstallments: Number(r.publishedInstallments),
        publishedAmount: bigintOf(r.publishedAmount),
        publishedPenalty: bigintOf(r.publishedPenalty),
        publishedFee: bigintOf(r.publishedFee),
        grayInstallments: Number(r.grayInstallments),
        grayAmount: bigintOf(r.grayAmount),
        grayPenalty: bigintOf(r.grayPenalty),
        grayFee: bigintOf(r.grayFee),
      }));
    },
  };
}

export type ForecastRepo = ReturnType<typeof createForecastRepo>;
