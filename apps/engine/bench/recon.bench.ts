// `pnpm bench recon [-- --lines N] [--explain] [--keep]`: a channel's statement of N lines
// (1,000,000) imported and matched against N debit orders of one business date, against a COPY
// of the same lines in the same run. On PostgreSQL (DATABASE_URL), else PGlite (figures then
// say so).
//
// The orders are what a finished window leaves at sandbox-a: N loans of one installment due
// on the day, one window order each, mostly succeeded, 1 % failed, 0.1 % still pending (the
// channel finished them: the statement is their answer), and a few of each difference: ours
// missing from the file, their failure of our success, our failure they took, amounts and
// fees that differ, and lines for orders we never made. They are inserted set-based, with
// the debit guard's trigger off for that one statement: every order is one the guard allows
// (an open current installment due that day, owed in full, nothing else in flight), and the
// guard is the window's cost, not reconciliation's.
//
// Timed: `statementImports.importStatement` (the file's bytes: hash, decode, split, map and
// validate every line, write them, check the stated totals, all in one transaction) and
// `reconRuns.run` (the comparison, the pending orders through the debits' state machine, the
// cases). Baseline, same run, from a settled database: COPY … FROM STDIN of the file's data
// rows (CSV, streamed from this process, the faster of two) into a plain table with the
// lines' columns and types; beside it, the lines as the engine stored them copied into a table
// shaped like statement_lines (its indexes, checks and foreign key, bench/baseline.ts).
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import postgres from 'postgres';
import { openDatabase, sqlFor } from '@repay/db';
import { createTestDatabase } from '@repay/db/testing';
import { openApp } from '../src/app';
import { movableClock } from '../src/lib/clock';
import { loadEnv } from '../src/env';
import { systemActor } from '../src/modules/events';
import { seedReference } from '../src/seed/demo-seed';
import { timedCopy, timedStreamCopy } from './baseline';
import { startCpuMeter, type CpuSplit } from './cpu';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('lines', 1_000_000);
const DAY = '2026-03-15';
// T+1: the morning after, when the channel's file of the day is published.
const CLOCK = '2026-03-16T09:30:00+08:00';
const CHANNEL = 'sandbox-a';

/** Where an order falls in the mix: its installment id modulo 10,000. */
const MIX = {
  failed: [0, 100], // ours failed, theirs failed: matched
  pending: [100, 110], // ours pending, theirs success: resolved through the state machine
  failedTaken: [110, 112], // ours failed, theirs success: overage
  missing: [112, 117], // ours succeeded, not in the file: shortage
  theyFailed: [117, 119], // ours succeeded, theirs failed: shortage
  amountOff: [119, 121], // a fen less: mismatch
  feeOff: [121, 123], // a fen more fee than the channel's rule: mismatch
} as const;
type Mix = keyof typeof MIX | 'ok';
const mixOf = (id: bigint): Mix => {
  const k = Number(id % 10_000n);
  for (const [name, [from, to]] of Object.entries(MIX)) if (k >= from && k < to) return name as Mix;
  return 'ok';
};
const inMix = (name: keyof typeof MIX, column: string) =>
  `(${column} % 10000) between ${MIX[name][0]} and ${MIX[name][1] - 1}`;

/** sandbox-a's fee rule (seedReference): 2‰ rounded down, at least 0.30. */
const feeOf = (fen: bigint) => ((fen * 2n) / 1000n > 30n ? (fen * 2n) / 1000n : 30n);

const testDb = await createTestDatabase();
// `--explain`: the plan of every statement over 200 ms goes to the server's log (auto_explain,
// PostgreSQL only), for checking which indexes the comparison uses.
if (process.argv.includes('--explain') && testDb.url) {
  const name = new URL(testDb.url).pathname.slice(1);
  await testDb.sql.exec(
    `alter database "${name}" set session_preload_libraries = 'auto_explain';
     alter database "${name}" set auto_explain.log_min_duration = '200ms';
     alter database "${name}" set auto_explain.log_analyze = on`,
  );
}
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
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const dir = mkdtempSync(join(tmpdir(), 'repay-recon-'));

/** `count` loans of one installment each, due on the day (the accrual bench's shape). */
async function loans(count: number) {
  const step = 100_000;
  for (let from = 1; from <= count; from += step) {
    const to = Math.min(count, from + step - 1);
    await q(
      `with b as (
         insert into borrowers (name_enc, name_mask, id_no_enc, id_no_hash, id_no_mask, mobile_enc, mobile_hash, mobile_mask)
         select 'x', '张*', 'x', 'rec-' || g, '1101**', 'x', 'rm' || g, '138****0000' from generate_series($1::int, $2::int) g
         returning id),
       l as (
         insert into loans (order_no, business_line, funder_id, product_id, borrower_id, principal, annual_rate,
                            term_months, repayment_method, day_count, start_date, first_due_date, outstanding_principal, request_hash)
         select 'REC-' || b.id, 'consumer', (select id from funders where code = 'F-TRUST-01'),
                (select id from products where code = 'CONSUMER-STD'), b.id, 100000 + (b.id % 997) * 13, 0.12, 1,
                'equal_installment', 'actual/365', '2026-02-15', $3::date, 100000 + (b.id % 997) * 13, 'bench'
           from b returning id, principal),
       p as (insert into plan_versions (loan_id, version, reason, period_count, created_by) select id, 1, 'bench', 1, 'bench' from l returning id, loan_id)
       insert into installments (loan_id, plan_version_id, period, due_date, principal_due, interest_due)
       select p.loan_id, p.id, 1, $3::date, l.principal, 1000 + p.loan_id % 89 from p join l on l.id = p.loan_id`,
      [from, to, DAY],
    );
  }
}

/** One window order per installment, as the window left them (see the header). */
async function orders() {
  const failed = `${inMix('failed', 'i.id')} or ${inMix('failedTaken', 'i.id')}`;
  const pending = inMix('pending', 'i.id');
  await app.database.db.transaction(async (tx) => {
    const t = sqlFor(tx);
    await t.exec('alter table debit_orders disable trigger debit_orders_guard');
    await t.query(
      `insert into debit_orders (idempotency_key, loan_id, installment_id, funder_id, source, business_date,
         "window", amount, channel_code, channel_serial, status, result_class, raw_code, query_attempts,
         next_query_at, submitted_at, finished_at)
       select 'W202603151000-' || i.id, i.loan_id, i.id, l.funder_id, 'window', $1::date, '10:00',
              i.principal_due + i.interest_due, $2, $2 || '-20260315-' || lpad(i.id::text, 8, '0'),
              s.status,
              case s.status when 'succeeded' then 'success' when 'failed' then 'fail_funds' else 'pending' end,
              case s.status when 'succeeded' then 'SUCCESS' when 'failed' then 'INSUFFICIENT_FUNDS' else 'PROCESSING' end,
              case s.status when 'pending' then 1 else 0 end,
              case s.status when 'pending' then $3::timestamptz + interval '1 hour' end,
              $3::timestamptz + (i.id % 3600) * interval '1 second',
              case s.status when 'pending' then null else $3::timestamptz + (i.id % 3600) * interval '1 second' end
         from installments i join loans l on l.id = i.loan_id
         cross join lateral (select case when ${failed} then 'failed' when ${pending} then 'pending'
                                         else 'succeeded' end as status) s`,
      [DAY, CHANNEL, `${DAY}T10:00:00+08:00`],
    );
    await t.exec('alter table debit_orders enable trigger debit_orders_guard');
  });
}

const expected = {
  matched: 0,
  overage: 0,
  shortage: 0,
  mismatch: 0,
  pendingResolved: 0,
  carried: 0,
};

/**
 * The channel's file of the day in the sandbox's layout (and its data rows alone, for the
 * COPY), written from our orders with the mix's differences; the counts a run should find.
 */
async function statementFiles() {
  const file = join(dir, 'statement.csv');
  const rowsFile = join(dir, 'rows.csv');
  const out = createWriteStream(file);
  const rowsOut = createWriteStream(rowsFile);
  let lines = 0;
  let successCount = 0;
  let successAmount = 0n;
  let feeTotal = 0n;
  let chunk = '';
  const flush = async (force = false) => {
    if (!force && chunk.length < 1 << 20) return;
    // Both waits start now: a drain that comes while the other is awaited is not missed.
    const waits = [out, rowsOut].map((stream) =>
      stream.write(chunk) ? Promise.resolve() : once(stream, 'drain'),
    );
    chunk = '';
    await Promise.all(waits);
  };
  const line = async (
    key: string,
    serial: string,
    amount: bigint,
    fee: bigint,
    status: 'success' | 'failed',
    second: number,
  ) => {
    lines++;
    if (status === 'success') {
      successCount++;
      successAmount += amount;
      feeTotal += fee;
    }
    const at = new Date(Date.parse(`${DAY}T02:00:00Z`) + second * 1000).toISOString();
    chunk += `${key},${serial},debit,${amount},${fee},${status},${at}\n`;
    await flush();
  };
  out.write(
    `# channel=${CHANNEL},date=${DAY},rows=${N}\nmerchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at\n`,
  );
  let after = 0n;
  let missing = 0;
  for (;;) {
    const page = await q<{ id: bigint; key: string; serial: string; amount: bigint }>(
      `select installment_id as id, idempotency_key as key, channel_serial as serial, amount
         from debit_orders where installment_id > $1 order by installment_id limit 50000`,
      [after],
    );
    if (page.length === 0) break;
    for (const o of page) {
      const mix = mixOf(o.id);
      const second = Number(o.id % 3600n);
      const fee = feeOf(o.amount);
      switch (mix) {
        case 'ok':
          expected.matched++;
          await line(o.key, o.serial, o.amount, fee, 'success', second);
          break;
        case 'failed':
          expected.matched++;
          await line(o.key, o.serial, o.amount, 0n, 'failed', second);
          break;
        case 'pending':
          expected.pendingResolved++;
          await line(o.key, o.serial, o.amount, fee, 'success', second);
          break;
        case 'failedTaken':
          expected.overage++;
          await line(o.key, o.serial, o.amount, fee, 'success', second);
          break;
        case 'missing':
          expected.shortage++;
          missing++;
          break;
        case 'theyFailed':
          expected.shortage++;
          await line(o.key, o.serial, o.amount, 0n, 'failed', second);
          break;
        case 'amountOff':
          expected.mismatch++;
          await line(o.key, o.serial, o.amount - 1n, feeOf(o.amount - 1n), 'success', second);
          break;
        case 'feeOff':
          expected.mismatch++;
          await line(o.key, o.serial, o.amount, fee + 1n, 'success', second);
          break;
      }
    }
    after = page.at(-1)!.id;
  }
  // As many lines for orders we never made as ours are missing: N lines for N orders.
  for (let i = 1; i <= missing; i++) {
    expected.overage++;
    await line(`W202603151000-X${i}`, `${CHANNEL}-20260315-X${i}`, 12_345n, 30n, 'success', i);
  }
  await flush(true);
  out.write(
    `# summary,count=${lines},success_count=${successCount},success_amount_fen=${successAmount},fee_fen=${feeTotal}\n`,
  );
  out.end();
  rowsOut.end();
  await Promise.all([once(out, 'close'), once(rowsOut, 'close')]);
  return { file, rowsFile, lines };
}

/** Each measured part from a settled database (vacuumed, analysed, checkpointed). */
async function settle() {
  await q('vacuum analyze');
  await q('checkpoint').catch((e: unknown) =>
    console.warn(`[bench recon] no checkpoint: ${(e as Error).message}`),
  );
}

// On PGlite the database runs in this process: its CPU is the engine's.
const cpuText = (cpu: CpuSplit) =>
  cpu.rest === null || !testDb.url
    ? ''
    : ` (CPU: engine ${cpu.engine.toFixed(1)} s, database ${cpu.rest.toFixed(1)} s)`;

/** The file's data rows streamed into a plain table of the lines' columns: COPY … FROM STDIN. */
async function copyRows(rowsFile: string, attempt: number) {
  const table = `bench_rows_${attempt}`;
  await q(
    `create table ${table} (order_id text not null, channel_serial text, kind text not null,
       amount bigint not null, fee bigint, status text not null, finished_at timestamptz)`,
  );
  await settle();
  const sql = postgres(testDb.url!, { max: 1 });
  try {
    const t0 = performance.now();
    const cpu = startCpuMeter();
    await pipeline(
      createReadStream(rowsFile),
      await sql.unsafe(`copy ${table} from stdin (format csv)`).writable(),
    );
    const ms = performance.now() - t0;
    const split = cpu();
    const [copied] = await q<{ n: number }>(`select count(*)::int as n from ${table}`);
    await q(`drop table ${table}`);
    return { ms, rows: copied!.n, cpu: split };
  } finally {
    await sql.end();
  }
}

async function main() {
  console.log(`[bench recon] driver ${app.driver}; ${fmt(N)} orders and statement lines`);
  let t = performance.now();
  await loans(N);
  await orders();
  const made = await statementFiles();
  console.log(
    `   fixture: ${fmt(N)} loans and orders, a file of ${fmt(made.lines)} lines (${(readFileSync(made.file).length / 1e6).toFixed(0)} MB) in ${seconds(performance.now() - t)}`,
  );
  const bytes = readFileSync(made.file);
  await settle();

  const actor = systemActor('bench');
  t = performance.now();
  let cpu = startCpuMeter();
  const imported = await app.services.statementImports.importStatement(
    {
      channelCode: CHANNEL,
      businessDate: DAY,
      fileName: 'statement.csv',
      bytes,
      source: 'cli',
    },
    actor,
  );
  const importMs = performance.now() - t;
  const importCpu = cpu();
  t = performance.now();
  cpu = startCpuMeter();
  const run = await app.services.reconRuns.run({ channelCode: CHANNEL, businessDate: DAY }, actor);
  const matchMs = performance.now() - t;
  const matchCpu = cpu();
  const wrong = Object.entries(expected).filter(
    ([k, v]) => run.counts[k as keyof typeof expected] !== v,
  );
  if (imported.lines !== made.lines || wrong.length > 0) {
    console.error(
      `[bench recon] the run disagrees with the file: ${imported.lines} lines imported; counts ${JSON.stringify(run.counts)}, expected ${JSON.stringify(expected)}`,
    );
    process.exitCode = 1;
  }

  // Baselines.
  let copy: { ms: number; rows: number; both: string; cpu: CpuSplit } | null = null;
  if (testDb.url) {
    const copies = [await copyRows(made.rowsFile, 1), await copyRows(made.rowsFile, 2)];
    const best = copies[0]!.ms <= copies[1]!.ms ? copies[0]! : copies[1]!;
    copy = { ...best, both: copies.map((c) => (c.ms / 1000).toFixed(2)).join(' and ') };
  }
  await settle();
  const select = `select * from statement_lines`;
  const shaped = testDb.url
    ? await timedStreamCopy(testDb.url, q, 'statement_lines', 'bench_statement_lines', select, dir)
    : await timedCopy(q, 'statement_lines', 'bench_statement_lines', select);

  const totalMs = importMs + matchMs;
  console.log(
    `   import: ${fmt(imported.lines)} lines in ${seconds(importMs)}${cpuText(importCpu)} = ${fmt((imported.lines / importMs) * 1000)} lines/s`,
  );
  console.log(
    `   match: ${seconds(matchMs)}${cpuText(matchCpu)}: ${Object.entries(
      run.counts as unknown as Record<string, number>,
    )
      .map(([k, v]) => `${fmt(v)} ${k}`)
      .join(', ')}; ${fmt(run.casesOpened)} cases`,
  );
  if (copy)
    console.log(
      `   COPY … FROM STDIN of the file's ${fmt(copy.rows)} rows into a plain table: ${(copy.ms / 1000).toFixed(2)} s (the faster of ${copy.both} s)${cpuText(copy.cpu)}`,
    );
  console.log(
    `   ${testDb.url ? 'COPY … FROM STDIN' : 'INSERT … SELECT (PGlite: no COPY from a client stream)'} of the stored lines into statement_lines' shape (indexes, checks, foreign key): ${(shaped.ms / 1000).toFixed(2)} s; ratio ${(totalMs / shaped.ms).toFixed(2)}×`,
  );
  const base = copy?.ms ?? shaped.ms;
  console.log(
    `recon: import ${fmt(imported.lines)} lines ${seconds(importMs)}, match ${seconds(matchMs)}, total ${seconds(totalMs)}; ${copy ? 'COPY' : 'copy inside the server'} ${seconds(base)}; ratio ${(totalMs / base).toFixed(2)}× (goal ≤ 2×: ${totalMs <= 2 * base ? 'met' : 'NOT met'})`,
  );
}

// `--keep`: the database stays (its URL printed), to look at the plans afterwards.
const keep = process.argv.includes('--keep') && testDb.url !== undefined;
try {
  await main();
} finally {
  await app.close();
  if (database !== testDb) await database.close();
  if (keep) console.log(`   database kept: ${testDb.url}`);
  else await testDb.dispose();
  rmSync(dir, { recursive: true, force: true });
}
if (keep) process.exit(process.exitCode ?? 0);
