// The money dashboard's SQL (报表 → 资金): a business date's money per funder and measure, from
// the ledger (collections by component, refunds, remittances, suspense), the accruals and the
// waivers; rolled up per date by the rollups job (built again when a source changes), read live
// for the dates not built; and the suspense balances straight from the ledger.
import { sqlFor } from '@repay/db';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import { Params } from './facts.sql';
import { NO_JIT } from './reports.repo';
import { COLLECTION_JOURNAL_KINDS } from '../ledger';
import { UNCOMMITTED_MARGIN } from './rollups.repo';

/** Every measure a date holds, per funder ('' for the platform's unidentified money). */
export const MONEY_MEASURES = [
  'collected_principal',
  'collected_interest',
  'collected_fee',
  'collected_penalty',
  /** Collected that no installment owed: into suspense. */
  'collected_unallocated',
  'accrued_penalty',
  'accrued_fee',
  'waived_penalty',
  'waived_fee',
  /** Paid back out of suspense (refunds of overpayments and of unidentified money). */
  'refunded',
  /** Taken out of clearing by a remittance batch (its gross), its platform fee and net. */
  'remitted_gross',
  'remittance_fee',
  'remitted_net',
  /** Remittance parts paid to the funder. */
  'remittance_paid',
  /** Suspense's change (credit positive). */
  'suspense_net',
] as const;
export type MoneyMeasure = (typeof MONEY_MEASURES)[number];

const kinds = COLLECTION_JOURNAL_KINDS.map((k) => `'${k}'`).join(', ');

/** The advisory lock space of a date's money build. */
const MONEY_LOCK = 7_303;

/**
 * One date's money (`day`: a date expression) per funder code and measure: `funder_code`,
 * `measure`, `amount` (fen), `items`. Each ledger line counts for what its account and journal
 * say (a suspense credit of a collection is both collected and suspense's change).
 */
function moneyOf(day: string): string {
  return `SELECT coalesce(f.code, '') AS funder_code, mv.measure, sum(mv.amount)::bigint AS amount, count(*)::int AS items
            FROM ledger_journals j
            JOIN ledger_entries e ON e.journal_id = j.id
            JOIN ledger_accounts a ON a.id = e.account_id
            LEFT JOIN funders f ON f.id = a.funder_id
           CROSS JOIN LATERAL (SELECT split_part(a.code, ':', 1) AS k, j.kind IN (${kinds}) AS coll) ac
           CROSS JOIN LATERAL (VALUES
             (CASE WHEN ac.coll THEN CASE ac.k WHEN 'receivable.principal' THEN 'collected_principal'
                                            WHEN 'income.interest' THEN 'collected_interest'
                                            WHEN 'income.fee' THEN 'collected_fee'
                                            WHEN 'income.penalty' THEN 'collected_penalty'
                                            WHEN 'suspense.unallocated' THEN 'collected_unallocated' END END, -e.amount),
             (CASE WHEN ac.k IN ('suspense.unallocated', 'suspense.unidentified') THEN 'suspense_net' END, -e.amount),
             (CASE WHEN ac.k IN ('suspense.unallocated', 'suspense.unidentified') AND e.amount > 0 AND NOT ac.coll
                   THEN 'refunded' END, e.amount),
             (CASE WHEN j.kind = 'remittance' AND ac.k = 'clearing.collections' THEN 'remitted_gross' END, -e.amount),
             (CASE WHEN j.kind = 'remittance' AND ac.k = 'expense.platform_fee' THEN 'remittance_fee' END, e.amount),
             (CASE WHEN j.kind = 'remittance' AND ac.k = 'remittance.in_transit' THEN 'remitted_net' END, e.amount),
             (CASE WHEN ac.k = 'equity.remitted' THEN 'remittance_paid' END, e.amount)
           ) mv(measure, amount)
           WHERE j.effective_date = ${day} AND mv.measure IS NOT NULL
           GROUP BY 1, 2
          UNION ALL
          SELECT f.code, 'accrued_' || a.component, sum(a.amount)::bigint, count(*)::int
            FROM fee_accruals a JOIN loans l ON l.id = a.loan_id JOIN funders f ON f.id = l.funder_id
           WHERE a.business_date = ${day}
           GROUP BY 1, 2
          UNION ALL
          SELECT f.code, 'waived_' || w.component, sum(w.amount)::bigint, count(*)::int
            FROM waivers w JOIN loans l ON l.id = w.loan_id JOIN funders f ON f.id = l.funder_id
           WHERE w.business_date = ${day} AND w.status = 'applied'
           GROUP BY 1, 2`;
}

export interface MoneyRow {
  businessDate: string;
  funderCode: string;
  measure: MoneyMeasure;
  amount: bigint;
  items: number;
}

export function createMoneyRepo({ db, sql }: Executor) {
  const read = <T extends object>(text: string, params: unknown[]) =>
    db.transaction(async (tx) => {
      const t = sqlFor(tx);
      await t.exec(NO_JIT);
      return t.query<T>(text, params);
    });

  return {
    /** Build one date's money whole (in a transaction): its rows replaced, its day row upserted. */
    async buildDate(date: string): Promise<number> {
      await sql.exec(NO_JIT);
      await sql.query(
        `SELECT pg_advisory_xact_lock(${MONEY_LOCK}, ($1::date - DATE '2000-01-01'))`,
        [date],
      );
      await sql.query(`DELETE FROM money_daily_rollups WHERE business_date = $1::date`, [date]);
      const [built] = await sql.query<{ n: number }>(
        `WITH ins AS (
           INSERT INTO money_daily_rollups (business_date, funder_code, measure, amount, items)
           SELECT $1::date, funder_code, measure, sum(amount)::bigint, sum(items)::int
             FROM (${moneyOf('$1::date')}) m GROUP BY funder_code, measure
           RETURNING 1),
         marked AS (
           INSERT INTO money_rollup_days (business_date, built_at) VALUES ($1::date, now())
           ON CONFLICT (business_date) DO UPDATE SET built_at = EXCLUDED.built_at RETURNING 1)
         SELECT (SELECT count(*) FROM ins)::int + 0 * (SELECT count(*) FROM marked)::int AS n`,
        [date],
      );
      return built?.n ?? 0;
    },

    /** The first business date with a journal (null before the first). */
    async firstDate(): Promise<string | null> {
      const [row] = await sql.query<{ d: string | null }>(
        `SELECT least((SELECT min(effective_date) FROM ledger_journals),
                      (SELECT min(business_date) FROM fee_accruals),
                      (SELECT min(business_date) FROM waivers))::text AS d`,
      );
      return row?.d ?? null;
    },

    async builtDays(from: string, to: string): Promise<string[]> {
      const rows = await sql.query<{ d: string }>(
        `SELECT business_date::text AS d FROM money_rollup_days
          WHERE business_date BETWEEN $1::date AND $2::date ORDER BY 1`,
        [from, to],
      );
      return rows.map((r) => r.d);
    },

    /**
     * Built dates of [from, to] a source changed for since (a journal, an accrual or a waiver
     * of that date written after the build, or so close before it that its transaction may
     * still have been open).
     */
    async changedSinceBuilt(from: string, to: string): Promise<string[]> {
      const rows = await sql.query<{ d: string }>(
        `WITH w AS (
           SELECT effective_date AS d, max(created_at) AS at FROM ledger_journals
            WHERE effective_date BETWEEN $1::date AND $2::date GROUP BY 1
           UNION ALL
           SELECT business_date, max(created_at) FROM fee_accruals
            WHERE business_date BETWEEN $1::date AND $2::date GROUP BY 1
           UNION ALL
           SELECT business_date, max(coalesce(decided_at, created_at)) FROM waivers
            WHERE business_date BETWEEN $1::date AND $2::date GROUP BY 1)
         SELECT DISTINCT w.d::text AS d FROM w JOIN money_rollup_days y ON y.business_date = w.d
          WHERE w.at > y.built_at
             OR (w.at > y.built_at - interval '${UNCOMMITTED_MARGIN}'
                 AND y.built_at < now() - interval '${UNCOMMITTED_MARGIN}')
          ORDER BY 1`,
        [from, to],
      );
      return rows.map((r) => r.d);
    },

    /**
     * Money per date, funder and measure over [from, to]: the rollups, and `live` dates (not
     * built) read from their sources.
     */
    async money(range: { from: string; to: string; live: string[] }, funderCode?: string) {
      const p = new Params();
      const rolled = [
        `r.business_date BETWEEN ${p.add(range.from)}::date AND ${p.add(range.to)}::date`,
      ];
      const funder = funderCode === undefined ? null : p.add(funderCode);
      if (funder) rolled.push(`r.funder_code = ${funder}`);
      const live =
        range.live.length === 0
          ? ''
          : `UNION ALL
             SELECT x.day::text, m.funder_code, m.measure, m.amount, m.items
               FROM unnest(${p.add(range.live)}::date[]) x(day)
              CROSS JOIN LATERAL (SELECT * FROM (${moneyOf('x.day')}) q OFFSET 0) m
              ${funder ? `WHERE m.funder_code = ${funder}` : ''}`;
      const rows = await read<Record<string, unknown>>(
        `SELECT r.business_date::text AS business_date, r.funder_code, r.measure, r.amount, r.items
           FROM money_daily_rollups r WHERE ${rolled.join(' AND ')}
         ${live}`,
        p.values,
      );
      return rows.map((r): MoneyRow => ({
        businessDate: r.business_date as string,
        funderCode: r.funder_code as string,
        measure: r.measure as MoneyMeasure,
        amount: bigintOf(r.amount),
        items: Number(r.items),
      }));
    },

    /**
     * Suspense balances at the close of `asOf`, per funder ('' for unidentified money), from
     * the ledger itself: suspense accounts see few lines (overpayments, money without an order).
     */
    async suspense(asOf: string, funderCode?: string) {
      const rows = await read<{ funder_code: string; account: string; balance: unknown }>(
        `SELECT coalesce(f.code, '') AS funder_code, split_part(a.code, ':', 1) AS account,
                (-sum(e.amount))::bigint AS balance
           FROM ledger_accounts a
           JOIN ledger_entries e ON e.account_id = a.id
           JOIN ledger_journals j ON j.id = e.journal_id AND j.effective_date <= $1::date
           LEFT JOIN funders f ON f.id = a.funder_id
          WHERE split_part(a.code, ':', 1) IN ('suspense.unallocated', 'suspense.unidentified')
            AND ($2::text IS NULL OR f.code = $2 OR a.funder_id IS NULL)
          GROUP BY 1, 2`,
        [asOf, funderCode ?? null],
      );
      return rows.map((r) => ({
        funderCode: r.funder_code,
        account: r.account,
        balance: bigintOf(r.balance),
      }));
    },
  };
}

export type MoneyRepo = ReturnType<typeof createMoneyRepo>;
