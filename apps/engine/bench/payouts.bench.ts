// `pnpm bench payouts [-- --payouts N] [--keep] [--log-statements]`: N remittance payouts
// (100,000) made through the engine's door and sent through the engine path, against a COPY of
// the same payout_orders rows, in the same run. On PostgreSQL (DATABASE_URL), else PGlite
// (figures then say so).
//
// The payouts: one part per remittance batch (a batch one account can pay whole, the common
// case), of 1,000 funders (fewer when N is smaller, more above 100,000) × as many business
// dates as it takes (at most 100), each funder paid to its own default settlement account, a
// sandbox test account that is always paid (its number ends 0000). All are paid today: a
// payee's 100 parts at most (¥120,000) stay within the bank's daily limit (¥200,000). A batch is made once per funder and date; making one is
// remittance's work (its rule, the ledger's clearing), not the payouts', so the funders, their
// accounts, the batches (status made, net = the part's amount, ¥200.00–¥1,199.99) and the
// batches' journals (clearing to in transit) are inserted set-based first, untimed. The
// channels are the sandbox in-process (its signed endpoints called as a fetch: no latency, no
// socket, no notifications), their gates opened as in the debits bench; every payout account is
// topped up through positions.topUp to cover all N with their fees, whichever routing picks.
//
// Timed, the engine path, in two parts:
//   1. admission: every part through `payouts.admit` (the one door: the payout guard's trigger
//      checks it under the batch's lock), one transaction per batch as makeBatch holds it. What
//      remittance reads before cutting parts (positions, what waits) is measured apart (probes).
//   2. dispatch: `payouts.dispatch()` (the 200 oldest queued orders a call, as the job sends
//      them) until it sends nothing more: per order, routing among the accounts whose position covers it, reservation and
//      queued → submitted in one transaction, the channel called, its answer applied (position,
//      ledger, history, outbox) in another.
// Where dispatch's time goes: routing (routePayout) and the channel call (sendPayout, the
// sandbox's own share apart) are timed by wrapping them; the rest is sendQueued's reads and its
// two transactions. On PostgreSQL, the database's counters over dispatch (commits, scans of
// payout_orders) per order, and two probes at N rows: one usedToday (the payee's use today, read
// per order) and one waitingByAccount (read by remittance per batch).
//
// Checked, so that the bench cannot pass by doing nothing: N orders, all succeeded with a fee,
// each sent once (the sandbox holds N payouts), 3 history rows each; every account's balance
// is its top-up less the amounts and fees of the orders it paid, nothing left reserved, its
// movements add up; the batches' in-transit is back to zero and remitted = Σ amounts.
//
// Baseline, same run, from a settled database: the N payout_orders rows as they ended (every
// column) exported to a file (untimed), then COPY … FROM STDIN (text format, streamed from this
// process) into a plain table of the same columns, the faster of two; beside it into a table
// shaped like payout_orders (its indexes, checks and foreign keys, bench/baseline.ts), and, for
// scale, every row the engine path wrote (orders, their history, decisions, movements, journals
// and entries, outbox) into tables shaped like theirs. On PGlite, INSERT … SELECT inside the
// server stands in for the COPYs.
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { addDays, fenToYuan, yuanToFen } from '@repay/rules';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox } from '@repay/channel-sandbox/server';
import { openDatabase, sqlFor } from '@repay/db';
import { createTestDatabase } from '@repay/db/testing';
import { openApp } from '../src/app';
import { movableClock } from '../src/lib/clock';
import { loadEnv } from '../src/env';
import { repositories } from '../src/repositories';
import { systemActor } from '../src/modules/events';
import { accounts, createLedgerRepo, postJournals, type Journal } from '../src/modules/ledger';
import { seedReference } from '../src/seed/demo-seed';
import { timedCopy, timedStreamCopy } from './baseline';
import { startCpuMeter, type CpuSplit } from './cpu';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('payouts', 100_000);
const FUNDERS = Math.min(N, Math.max(1_000, Math.ceil(N / 100)));
const DAY = '2026-03-16';
const CLOCK = `${DAY}T10:00:00+08:00`;
/** The part of batch k (0-based), in fen: ¥200.00–¥1,199.99. */
const amountSql = (k: string) => `(20000 + (${k}::bigint * 7919) % 100000)`;

const sandbox = await buildSandbox({ instances: defaultInstances() });
const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
// No engine HTTP server runs here to receive notifications: the answers settle every payout.
for (const c of sandbox.channels.values())
  c.profile = { ...c.profile, notify: { ...c.profile.notify, enabled: false } };
/**
 * Milliseconds spent inside the sandbox (its handling of the signed requests, in this process),
 * and when the last call went in and came out (dispatch sends one at a time).
 */
let sandboxMs = 0;
let sandboxEntered = 0;
let sandboxLeft = 0;
const transport: typeof sandbox.transport = async (req) => {
  sandboxEntered = performance.now();
  try {
    return await sandbox.transport(req);
  } finally {
    sandboxLeft = performance.now();
    sandboxMs += sandboxLeft - sandboxEntered;
  }
};

const testDb = await createTestDatabase();
// `--log-statements`: every statement of the engine's connections and its duration go to the
// server's log (PostgreSQL only), to count and sum them per order.
if (process.argv.includes('--log-statements') && testDb.url) {
  const name = new URL(testDb.url).pathname.slice(1);
  await testDb.sql.exec(`alter database "${name}" set log_min_duration_statement = 0`);
}
const database = testDb.url ? await openDatabase({ url: testDb.url, max: 8 }) : testDb;
const app = await openApp({
  env: {
    ...loadEnv(),
    REPAY_SANDBOX_URL: sandboxUrl,
    REPAY_CLOCK: CLOCK,
    NODE_ENV: 'test' as const,
  },
  database,
  clock: movableClock(CLOCK),
  channelTransport: transport,
});
await seedReference(app);
const q = <T extends object>(text: string, params: unknown[] = []) =>
  app.database.sql.query<T>(text, params);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const dir = mkdtempSync(join(tmpdir(), 'repay-payouts-'));
const actor = systemActor('bench');

/** Funders, their settlement accounts, N made batches and their journals (see the header). */
async function fixture() {
  const funders = await q<{ id: bigint; code: string }>(
    `insert into funders (code, name, type)
     select 'F-PB-' || lpad(g::text, 5, '0'), '划付测试资方' || g, 'trust' from generate_series(1, $1::int) g
     returning id, code`,
    [FUNDERS],
  );
  const payees = funders.map((f, i) =>
    app.services.payouts.payeeOf({
      name: `划付测试资方${i + 1}`,
      accountNo: `6222020${String(i + 1).padStart(5, '0')}0000`,
      bankCode: 'ICBC',
    }),
  );
  await q(
    `insert into funder_accounts (funder_id, bank_code, account_no_enc, account_no_hash, account_no_mask,
       account_name_enc, account_name_mask, is_default, created_by)
     select unnest($1::bigint[]), 'ICBC', unnest($2::text[]), unnest($3::text[]), unnest($4::text[]),
            unnest($5::text[]), unnest($6::text[]), true, 'bench'`,
    [
      funders.map((f) => f.id),
      payees.map((p) => p.payeeAccountEnc),
      payees.map((p) => p.payeeAccountHash),
      payees.map((p) => p.payeeAccountMask),
      payees.map((p) => p.payeeNameEnc),
      payees.map((p) => p.payeeNameMask),
    ],
  );
  // Batch k: funder k mod F, business date DAY − ⌊k / F⌋ days.
  await q(
    `insert into remittance_batches (funder_id, business_date, as_of_date, gross, fee, amount, status,
       funder_account_id, created_by)
     select f.id, $2::date - (g / $3::int), $2::date - (g / $3::int) - 1, ${amountSql('g')}, 0,
            ${amountSql('g')}, 'made', a.id, 'bench'
       from generate_series(0, $1::int - 1) g
       join funders f on f.code = 'F-PB-' || lpad((g % $3::int + 1)::text, 5, '0')
       join funder_accounts a on a.funder_id = f.id and a.is_default
      order by g`,
    [N, DAY, FUNDERS],
  );
  const batches = await q<{
    id: bigint;
    funderId: bigint;
    funderCode: string;
    businessDate: string;
    asOfDate: string;
    amount: bigint;
    accountNoEnc: string;
    accountNoHash: string;
    accountNoMask: string;
    accountNameEnc: string;
    accountNameMask: string;
    bankCode: string;
  }>(
    `select b.id, b.funder_id as "funderId", f.code as "funderCode",
            b.business_date::text as "businessDate", b.as_of_date::text as "asOfDate", b.amount,
            a.account_no_enc as "accountNoEnc", a.account_no_hash as "accountNoHash",
            a.account_no_mask as "accountNoMask", a.account_name_enc as "accountNameEnc",
            a.account_name_mask as "accountNameMask", a.bank_code as "bankCode"
       from remittance_batches b join funders f on f.id = b.funder_id
       join funder_accounts a on a.id = b.funder_account_id
      where f.code like 'F-PB-%' order by b.id`,
  );
  // The batches' journals as makeBatch posts them (no fee: net = gross): clearing → in transit.
  const ledger = createLedgerRepo(app.database);
  for (let i = 0; i < batches.length; i += 2_000)
    await postJournals(
      ledger,
      batches.slice(i, i + 2_000).map((b): Journal => ({
        idempotencyKey: `remittance:${b.funderCode}:${b.businessDate}`,
        kind: 'remittance',
        effectiveDate: b.asOfDate,
        keepAccounts: true,
        memo: `remittance of ${b.businessDate}`,
        entries: [
          { account: accounts.collectionsClearing(b.funderCode), amount: -b.amount },
          { account: accounts.remittanceInTransit(b.funderCode), amount: b.amount },
        ],
      })),
    );
  return batches;
}

/** Before each measured part: vacuumed, analysed, checkpointed (no part pays for another's). */
async function settle() {
  await q('vacuum analyze');
  await q('checkpoint').catch((e: unknown) =>
    console.warn(`[bench payouts] no checkpoint: ${(e as Error).message}`),
  );
}

// On PGlite the database runs in this process: its CPU is the engine's.
const cpuText = (cpu: CpuSplit) =>
  cpu.rest === null || !testDb.url
    ? ''
    : ` (CPU: engine ${cpu.engine.toFixed(1)} s, database ${cpu.rest.toFixed(1)} s)`;

/**
 * The CPU seconds of this database's server processes so far, by pid (PostgreSQL on Linux;
 * null elsewhere). Other work on the machine (other databases, other processes) is not in it,
 * unlike the rest of the machine's figure (bench/cpu.ts); nor are the server's shared
 * processes (WAL writer, checkpointer) and a parallel scan's workers, which come and go
 * between two readings.
 */
async function backendCpu(): Promise<Map<number, number> | null> {
  if (!testDb.url) return null;
  const rows = await q<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database()`,
  );
  const seconds = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, fields 14 and 15, in USER_HZ (100 a second).
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    return null;
  }
  return seconds;
}

/** Starts measuring the engine's and this database's CPU; the returned function reads both. */
async function startPhaseMeter() {
  const machine = startCpuMeter();
  const backends0 = await backendCpu();
  return async () => {
    const split = machine();
    const backends1 = await backendCpu();
    let database: number | null = null;
    if (backends0 && backends1) {
      database = 0;
      // A backend opened meanwhile started from nothing.
      for (const [pid, s] of backends1) database += s - (backends0.get(pid) ?? 0);
    }
    return { ...split, database };
  };
}

const phaseCpuText = (cpu: CpuSplit & { database: number | null }) =>
  cpu.database === null
    ? cpuText(cpu)
    : ` (CPU: engine ${cpu.engine.toFixed(1)} s, this database's server processes ${cpu.database.toFixed(1)} s; the machine's other work ${Math.max(0, (cpu.rest ?? 0) - cpu.database).toFixed(1)} s)`;

/**
 * The database's counters of this database and of payout_orders (PostgreSQL). A backend
 * reports its counters when idle for 10 s at the latest: read after as long a pause.
 */
async function counters() {
  await new Promise((r) => setTimeout(r, 11_000));
  const [c] = await q<{
    commits: number;
    seqScans: number;
    seqRows: number;
    indexScans: number;
  }>(
    `select d.xact_commit::float8 as commits, t.seq_scan::float8 as "seqScans",
            t.seq_tup_read::float8 as "seqRows", coalesce(t.idx_scan, 0)::float8 as "indexScans"
       from pg_stat_database d, pg_stat_user_tables t
      where d.datname = current_database() and t.relname = 'payout_orders'`,
  );
  return c!;
}

/** The median milliseconds of three runs of `fn`. */
async function probe(fn: () => Promise<unknown>) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  return runs.sort((a, b) => a - b)[1]!;
}

/** The N rows exported once, then COPY … FROM STDIN into a plain table of the same columns. */
async function copyPlain(file: string, attempt: number) {
  const table = `bench_plain_payout_orders_${attempt}`;
  // LIKE without INCLUDING: the columns, their types and NOT NULL; no index, check or key.
  await q(`create table ${table} (like payout_orders)`);
  await settle();
  const sql = postgres(testDb.url!, { max: 1 });
  try {
    const t0 = performance.now();
    const cpu = startCpuMeter();
    await pipeline(createReadStream(file), await sql.unsafe(`copy ${table} from stdin`).writable());
    const ms = performance.now() - t0;
    const split = cpu();
    const [copied] = await q<{ n: number }>(`select count(*)::int as n from ${table}`);
    return { ms, rows: copied!.n, cpu: split };
  } finally {
    await sql.end();
    await q(`drop table ${table}`);
  }
}

/** The same rows inside the server (PGlite: no COPY from a client stream). */
async function insertPlain(attempt: number) {
  const table = `bench_plain_payout_orders_${attempt}`;
  await q(`create table ${table} (like payout_orders)`);
  await settle();
  const t0 = performance.now();
  const cpu = startCpuMeter();
  await q(`insert into ${table} select * from payout_orders`);
  const ms = performance.now() - t0;
  const split = cpu();
  const [copied] = await q<{ n: number }>(`select count(*)::int as n from ${table}`);
  await q(`drop table ${table}`);
  return { ms, rows: copied!.n, cpu: split };
}

async function exportOrders() {
  const file = join(dir, 'payout_orders.copy');
  const exporter = postgres(testDb.url!, { max: 1 });
  try {
    await pipeline(
      await exporter.unsafe(`copy (select * from payout_orders) to stdout`).readable(),
      createWriteStream(file),
    );
  } finally {
    await exporter.end({ timeout: 0 });
  }
  return file;
}

/** Every row the engine path wrote, by table (what a bulk writer of all of it would copy). */
const WRITTEN: [string, string][] = [
  ['payout_orders', 'select * from payout_orders'],
  ['payout_order_events', 'select * from payout_order_events'],
  ['routing_decisions', `select * from routing_decisions where subject = 'payout'`],
  ['position_movements', `select * from position_movements where kind = 'payout'`],
  ['ledger_journals', `select * from ledger_journals where kind = 'payout_remittance'`],
  [
    'ledger_entries',
    `select e.* from ledger_entries e join ledger_journals j on j.id = e.journal_id where j.kind = 'payout_remittance'`,
  ],
  ['outbox_events', `select * from outbox_events where topic like 'payout.%'`],
];

async function copyWritten() {
  let ms = 0;
  let rows = 0;
  await settle();
  for (const [table, select] of WRITTEN) {
    const copy = testDb.url
      ? await timedStreamCopy(testDb.url, q, table, `bench_all_${table}`, select, dir)
      : await timedCopy(q, table, `bench_all_${table}`, select);
    ms += copy.ms;
    rows += copy.rows;
  }
  for (const [table] of [...WRITTEN].reverse()) await q(`drop table bench_all_${table}`);
  return { ms, rows };
}

/** What the run must have done (see the header); the problems found. */
async function check(topUps: Map<string, bigint>) {
  const problems: string[] = [];
  const [orders] = await q<{ total: number; succeeded: number; withFee: number; events: number }>(
    `select count(*)::int as total, count(*) filter (where status = 'succeeded')::int as succeeded,
            count(fee)::int as "withFee", (select count(*)::int from payout_order_events) as events
       from payout_orders`,
  );
  if (orders!.total !== N || orders!.succeeded !== N || orders!.withFee !== N)
    problems.push(`orders: ${JSON.stringify(orders)}, expected ${N} succeeded with a fee`);
  if (orders!.events !== 3 * N) problems.push(`${orders!.events} history rows, expected ${3 * N}`);
  let atChannels = 0;
  for (const c of sandbox.channels.values())
    for (const o of c.orders.values())
      if (o.type === 'payout') {
        atChannels++;
        if (o.status !== 'success')
          problems.push(`${o.orderId} is ${o.status} at ${c.config.code}`);
      }
  if (atChannels !== N) problems.push(`${atChannels} payouts at the channels, expected ${N}`);
  const positions = await q<{
    code: string;
    balance: bigint;
    reserved: bigint;
    paid: bigint;
    moved: bigint;
    movements: number;
  }>(
    `select a.channel_code as code, a.balance, a.reserved,
            coalesce((select sum(o.amount + o.fee) from payout_orders o
                       where o.reserved_account_id = a.id and o.status = 'succeeded'), 0)::bigint as paid,
            coalesce((select sum(m.amount) from position_movements m
                       where m.account_id = a.id and m.kind <> 'buffer'), 0)::bigint as moved,
            (select count(*)::int from position_movements m where m.account_id = a.id and m.kind = 'payout') as movements
       from payout_accounts a order by a.channel_code`,
  );
  let movements = 0;
  for (const p of positions) {
    movements += p.movements;
    const expected = (topUps.get(p.code) ?? 0n) - p.paid;
    if (p.balance !== expected || p.reserved !== 0n || p.moved !== p.balance)
      problems.push(
        `${p.code}: balance ${p.balance} (expected ${expected}, movements say ${p.moved}), reserved ${p.reserved}`,
      );
  }
  if (movements !== N) problems.push(`${movements} payout movements, expected ${N}`);
  for (const r of await app.services.positions.reservationCheck())
    if (r.reserved !== r.byOrders)
      problems.push(`${r.channelCode} reserves ${r.reserved}, its orders ${r.byOrders}`);
  const [ledger] = await q<{ inTransit: bigint; remitted: bigint; amounts: bigint }>(
    `select coalesce(sum(e.amount) filter (where a.code like 'remittance.in_transit:F-PB-%'), 0)::bigint as "inTransit",
            coalesce(sum(e.amount) filter (where a.code like 'equity.remitted:F-PB-%'), 0)::bigint as remitted,
            (select sum(amount) from payout_orders)::bigint as amounts
       from ledger_entries e join ledger_accounts a on a.id = e.account_id`,
  );
  if (ledger!.inTransit !== 0n || ledger!.remitted !== ledger!.amounts)
    problems.push(
      `ledger: ${JSON.stringify(ledger, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
    );
  return { problems, atChannels };
}

async function main() {
  console.log(
    `[bench payouts] driver ${app.driver}; ${fmt(N)} remittance payouts (${fmt(FUNDERS)} funders × ${fmt(Math.ceil(N / FUNDERS))} business dates, one part a batch)`,
  );
  // The channels' gates opened to what the in-process sandbox takes (as the debits bench).
  await q(`update channels set max_concurrency = 64, rate_per_second = 10000`);
  let t = performance.now();
  const batches = await fixture();
  // Every account can pay all N with the largest fee (3‰ + ¥0.50) above its buffer: routing's
  // choice is free.
  const total = batches.reduce((s, b) => s + b.amount + (b.amount * 3n) / 1000n + 50n, 0n);
  const topUps = new Map<string, bigint>();
  for (const a of (await app.services.positions.overview()).accounts) {
    const amount = total + yuanToFen(a.buffer);
    await app.services.positions.topUp(
      { channelCode: a.channelCode, amount: fenToYuan(amount), reason: 'bench' },
      actor,
    );
    topUps.set(a.channelCode, amount);
  }
  console.log(
    `   fixture: ${fmt(FUNDERS)} funders and accounts, ${fmt(batches.length)} batches and journals in ${seconds(performance.now() - t)}`,
  );
  await settle();

  // 1. Admission: one transaction per batch, through the door.
  const { payouts } = app.services;
  t = performance.now();
  let cpu = await startPhaseMeter();
  for (const b of batches) {
    const made = await app.database.db.transaction((tx) =>
      payouts.admit(repositories({ db: tx, sql: sqlFor(tx) }), {
        idempotencyKey: `remit:${b.funderCode}:${b.businessDate}:1`,
        payoutNo: `RM${b.businessDate.replaceAll('-', '')}-${b.funderCode}-1`,
        source: 'remittance',
        purpose: 'remittance',
        funderId: b.funderId,
        batchId: b.id,
        splitNo: 1,
        amount: b.amount,
        payeeNameEnc: b.accountNameEnc,
        payeeNameMask: b.accountNameMask,
        payeeAccountEnc: b.accountNoEnc,
        payeeAccountHash: b.accountNoHash,
        payeeAccountMask: b.accountNoMask,
        payeeBankCode: b.bankCode,
        memo: `remittance ${b.businessDate}`,
        createdBy: 'system:remittance',
      }),
    );
    if (!made) throw new Error(`batch ${b.id}: its part exists already`);
  }
  const admitMs = performance.now() - t;
  const admitCpu = await cpu();

  // What remittance reads before cutting a batch's parts, with N queued (untimed probe).
  const read = repositories(app.database);
  const waitingMs = await probe(() => read.payouts.waitingByAccount());
  await settle();
  const before = testDb.url ? await counters() : null;

  // 2. Dispatch until nothing more is sent; routing and the channel calls timed apart.
  const routing = app.services.channelRouting;
  const spent = {
    route: 0,
    send: 0,
    beforeChannel: 0,
    afterChannel: 0,
    longWaits: 0,
    longWaitMs: 0,
  };
  const { routePayout, sendPayout } = routing;
  routing.routePayout = async (input) => {
    const t0 = performance.now();
    try {
      return await routePayout(input);
    } finally {
      spent.route += performance.now() - t0;
    }
  };
  routing.sendPayout = async (input) => {
    const t0 = performance.now();
    try {
      return await sendPayout(input);
    } finally {
      const t1 = performance.now();
      spent.send += t1 - t0;
      // Before the sandbox: the channel's row read, the request signed, the wait for the gate.
      spent.beforeChannel += sandboxEntered - t0;
      // A wait of a lease renewal or more (the channel's slot lease, src/modules/channels/slots.ts).
      if (sandboxEntered - t0 >= 100) {
        spent.longWaits++;
        spent.longWaitMs += sandboxEntered - t0;
      }
      // After it: the answer classified and counted in the channel's health.
      spent.afterChannel += t1 - sandboxLeft;
    }
  };
  sandboxMs = 0;
  const counts = { sent: 0, waiting: 0, failed: 0, calls: 0 };
  t = performance.now();
  cpu = await startPhaseMeter();
  for (;;) {
    const c = await payouts.dispatch();
    counts.calls++;
    counts.sent += c.sent;
    counts.failed += c.failed;
    counts.waiting = c.waiting;
    if (c.sent + c.failed === 0) break;
  }
  const dispatchMs = performance.now() - t;
  const dispatchCpu = await cpu();
  routing.routePayout = routePayout;
  routing.sendPayout = sendPayout;
  const after = before ? await counters() : null;

  // One usedToday at N submitted today, as routing reads it for every order (untimed probe).
  const payee = batches[0]!.accountNoHash;
  const dayStart = new Date(`${DAY}T00:00:00+08:00`);
  const dayEnd = new Date(`${addDays(DAY, 1)}T00:00:00+08:00`);
  const usedTodayMs = await probe(() => read.payouts.usedToday(payee, dayStart, dayEnd));
  // The same with an index that answers it (the bench's own, dropped at once).
  await q(`create index bench_payee_day on payout_orders (payee_account_hash, submitted_at)`);
  await q('analyze payout_orders');
  const usedTodayIndexedMs = await probe(() => read.payouts.usedToday(payee, dayStart, dayEnd));
  await q('drop index bench_payee_day');

  const checked = await check(topUps);
  if (checked.problems.length > 0) {
    console.error(
      `[bench payouts] the run is wrong:\n   ${checked.problems.slice(0, 20).join('\n   ')}`,
    );
    process.exitCode = 1;
  }

  // Baselines.
  let plain: { ms: number; rows: number; cpu: CpuSplit; both: string };
  const plainRuns = [];
  if (testDb.url) {
    const file = await exportOrders();
    for (let i = 1; i <= 2; i++) plainRuns.push(await copyPlain(file, i));
    rmSync(file);
  } else for (let i = 1; i <= 2; i++) plainRuns.push(await insertPlain(i));
  {
    const best = plainRuns[0]!.ms <= plainRuns[1]!.ms ? plainRuns[0]! : plainRuns[1]!;
    plain = { ...best, both: plainRuns.map((c) => (c.ms / 1000).toFixed(2)).join(' and ') };
  }
  const shapedRuns = [];
  for (let i = 0; i < 2; i++) {
    await settle();
    const select = 'select * from payout_orders';
    shapedRuns.push(
      testDb.url
        ? await timedStreamCopy(testDb.url, q, 'payout_orders', 'bench_payout_orders', select, dir)
        : await timedCopy(q, 'payout_orders', 'bench_payout_orders', select),
    );
    await q('drop table bench_payout_orders');
  }
  const shaped = shapedRuns[0]!.ms <= shapedRuns[1]!.ms ? shapedRuns[0]! : shapedRuns[1]!;
  const written = await copyWritten();

  const totalMs = admitMs + dispatchMs;
  const per = (ms: number) => `${(ms / N).toFixed(2)} ms/order`;
  console.log(
    `   1. admission: ${fmt(N)} orders through payouts.admit, a transaction each, in ${seconds(admitMs)}${phaseCpuText(admitCpu)} = ${fmt((N / admitMs) * 1000)}/s, ${per(admitMs)}`,
  );
  console.log(
    `   2. dispatch: ${fmt(counts.sent)} sent (${fmt(counts.failed)} failed, ${fmt(counts.waiting)} waiting) in ${fmt(counts.calls)} dispatch calls, ${seconds(dispatchMs)}${phaseCpuText(dispatchCpu)} = ${fmt((counts.sent / dispatchMs) * 1000)}/s, ${per(dispatchMs)}`,
  );
  const rest = dispatchMs - spent.route - spent.send;
  console.log(
    `      of which routing ${seconds(spent.route)} (${per(spent.route)}), the channel call ${seconds(spent.send)} (${per(spent.send)}: before the sandbox, its row read, signing and the gate ${per(spent.beforeChannel)}, inside it ${per(sandboxMs)}, after it, the health count ${per(spent.afterChannel)}), the rest (sendQueued's reads, the reserve and apply transactions) ${seconds(rest)} (${per(rest)})`,
  );
  console.log(
    `      calls that waited ≥ 100 ms before reaching the sandbox (the channel's slot lease, renewed every 500 ms): ${fmt(spent.longWaits)} of ${fmt(counts.sent)}, ${seconds(spent.longWaitMs)} in all (${per(spent.longWaitMs)})`,
  );
  if (before && after)
    console.log(
      `      database over dispatch, per order: ${((after.commits - before.commits) / N).toFixed(1)} commits; payout_orders ${((after.seqScans - before.seqScans) / N).toFixed(2)} sequential scans reading ${fmt((after.seqRows - before.seqRows) / N)} rows, ${((after.indexScans - before.indexScans) / N).toFixed(1)} index scans`,
    );
  console.log(
    `      probes at ${fmt(N)} rows: one usedToday (read per order by routing) ${usedTodayMs.toFixed(2)} ms (${usedTodayIndexedMs.toFixed(2)} ms with an index on (payee_account_hash, submitted_at)); one waitingByAccount with ${fmt(N)} queued (read per batch by remittance) ${waitingMs.toFixed(2)} ms`,
  );
  console.log(
    `   checks: ${checked.problems.length === 0 ? 'passed' : `${checked.problems.length} problems`} (${fmt(checked.atChannels)} payouts at the channels, positions and ledger consistent)`,
  );
  const copyWord = testDb.url
    ? 'COPY … FROM STDIN'
    : 'INSERT … SELECT (PGlite: no COPY from a client stream)';
  console.log(
    `   ${copyWord} of the ${fmt(plain.rows)} payout_orders rows into a plain table: ${(plain.ms / 1000).toFixed(2)} s (the faster of ${plain.both} s)${cpuText(plain.cpu)}`,
  );
  console.log(
    `   ${copyWord} of the same rows into payout_orders' shape (indexes, checks, foreign keys): ${(shaped.ms / 1000).toFixed(2)} s; ratio ${(totalMs / shaped.ms).toFixed(2)}×`,
  );
  console.log(
    `   ${copyWord} of every row the engine path wrote (${fmt(written.rows)} rows in ${WRITTEN.length} tables, shaped like theirs): ${(written.ms / 1000).toFixed(2)} s; ratio ${(totalMs / written.ms).toFixed(2)}×`,
  );
  console.log(
    `payouts: admission ${seconds(admitMs)} + dispatch ${seconds(dispatchMs)} = ${seconds(totalMs)} for ${fmt(N)}; ${testDb.url ? 'COPY' : 'copy inside the server'} ${seconds(plain.ms)}; ratio ${(totalMs / plain.ms).toFixed(2)}× (dispatch alone ${(dispatchMs / plain.ms).toFixed(2)}×; goal ≤ 2×: ${totalMs <= 2 * plain.ms ? 'met' : 'NOT met'})`,
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
  await sandbox.app.close();
  rmSync(dir, { recursive: true, force: true });
}
// The sandbox's timers would keep the process alive.
process.exit(process.exitCode ?? 0);
