// `pnpm bench accrual [-- --installments N]`: N overdue installments (F-TRUST-01: penalty and
// compound interest, both accruing) carried forward one business date by the daily run,
// against a bulk copy of the same accrual rows into a table like fee_accruals (with its
// indexes, checks and foreign keys) in the same run. On PostgreSQL (DATABASE_URL), else PGlite (figures say so).
// The day before is accrued first (untimed), so the timed run is the steady daily step.
import { openDatabase } from '@repay/db';
import { createTestDatabase } from '@repay/db/testing';
import { openApp } from '../src/app';
import { movableClock } from '../src/lib/clock';
import { loadEnv } from '../src/env';
import { seedReference } from '../src/seed/demo-seed';
import { timedCopy } from './baseline';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('installments', 100_000);
const CLOCK = '2026-03-15T00:30:00+08:00';

const testDb = await createTestDatabase();
const database = testDb.url ? await openDatabase({ url: testDb.url, max: 8 }) : testDb;
const app = await openApp({
  env: { ...loadEnv(), REPAY_CLOCK: CLOCK, NODE_ENV: 'test' as const },
  database,
  clock: movableClock(CLOCK),
});
await seedReference(app);
const q = <T extends object>(text: string, params: unknown[] = []) =>
  app.database.sql.query<T>(text, params);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** N loans of one installment each, due 2026-02-15: 27 days overdue on 03-14, 28 on 03-15. */
async function fixture(count: number) {
  const step = 100_000;
  for (let from = 1; from <= count; from += step) {
    const to = Math.min(count, from + step - 1);
    await q(
      `with b as (
         insert into borrowers (name_enc, name_mask, id_no_enc, id_no_hash, id_no_mask, mobile_enc, mobile_hash, mobile_mask)
         select 'x', '张*', 'x', 'acc-' || g, '1101**', 'x', 'am' || g, '138****0000' from generate_series($1::int, $2::int) g
         returning id),
       l as (
         insert into loans (order_no, business_line, funder_id, product_id, borrower_id, principal, annual_rate,
                            term_months, repayment_method, day_count, start_date, first_due_date, outstanding_principal, request_hash)
         select 'ACC-' || b.id, 'consumer', (select id from funders where code = 'F-TRUST-01'),
                (select id from products where code = 'CONSUMER-STD'), b.id, 100000, 0.12, 1, 'equal_installment',
                'actual/365', '2026-01-15', '2026-02-15', 100000, 'bench' from b returning id),
       p as (insert into plan_versions (loan_id, version, reason, period_count, created_by) select id, 1, 'bench', 1, 'bench' from l returning id, loan_id)
       insert into installments (loan_id, plan_version_id, period, due_date, principal_due, interest_due)
       select loan_id, id, 1, '2026-02-15', 100000 + (loan_id % 997) * 13, 1000 + loan_id % 89 from p`,
      [from, to],
    );
  }
}

console.log(`[bench accrual] driver ${app.driver}; ${fmt(N)} overdue installments`);
await fixture(N);
// A real database has statistics for its tables: the planner's choices at 1M rows depend on them.
await q('analyze');
await app.services.overdueAccrual.accrueDate('2026-03-14', 'bench'); // the day before, untimed
const updates = () =>
  q<{ all: number; hot: number }>(
    `select n_tup_upd::int as all, n_tup_hot_upd::int as hot from pg_stat_user_tables where relname = 'installments'`,
  ).then((rows) => rows[0] ?? { all: 0, hot: 0 });
const updatesBefore = testDb.url ? await updates() : null;
const t0 = performance.now();
const day = await app.services.overdueAccrual.accrueDate('2026-03-15', 'bench');
const ms = performance.now() - t0;
const [written] = await q<{ n: number }>(
  `select count(*)::int as n from fee_accruals where business_date = '2026-03-15'`,
);
// Baselines, same run: the day's rows copied into an empty table shaped like fee_accruals
// (bench/baseline.ts: its indexes, checks and foreign keys), and without the foreign keys.
const select = `select * from fee_accruals where business_date = '2026-03-15'`;
const copyMs = (await timedCopy(q, 'fee_accruals', 'bench_fee_accruals', select)).ms;
await q(`create table bench_fee_accruals_bare (like fee_accruals including all)`);
const b0 = performance.now();
await q(`insert into bench_fee_accruals_bare ${select}`);
const bareCopyMs = performance.now() - b0;
console.log(
  `accrual of one day: ${fmt(day.installments)} installments, ${fmt(written!.n)} accrual rows in ${(ms / 1000).toFixed(1)} s = ${fmt((day.installments / ms) * 1000)} installments/s`,
);
console.log(
  `   bulk copy of the same ${fmt(written!.n)} rows into fee_accruals' shape (indexes, checks, foreign keys): ${(copyMs / 1000).toFixed(2)} s; ratio ${(ms / copyMs).toFixed(1)}× (goal ≤ 2×: ${ms <= 2 * copyMs ? 'met' : 'NOT met'})`,
);
console.log(
  `   (the same copy without the foreign keys: ${(bareCopyMs / 1000).toFixed(2)} s; ratio ${(ms / bareCopyMs).toFixed(1)}×)`,
);
if (updatesBefore) {
  // Statistics reach the view with a delay: wait until the day's updates are in.
  let after = await updates();
  for (let i = 0; i < 50 && after.all - updatesBefore.all < day.installments; i++) {
    await new Promise((r) => setTimeout(r, 100));
    after = await updates();
  }
  const all = after.all - updatesBefore.all;
  console.log(
    `   installment updates in place (HOT, no index entries): ${fmt(after.hot - updatesBefore.hot)} of ${fmt(all)}`,
  );
}
await app.close();
if (database !== testDb) await database.close();
await testDb.dispose();
