// `pnpm bench debits [-- --installments N] [-- --http N]`: the deduction window's engine path
// against a bulk copy of the same rows, and the debits/s achieved over HTTP against the
// channel's capacity. On PostgreSQL (DATABASE_URL), else on PGlite (figures then say so).
//
// 1. Engine path: N installments due today on cards with agreements at sandbox-a, the
//    sandbox in-process (its signed endpoints called as a fetch: zero latency, no socket;
//    every debit succeeds); one window run: selection → orders → routing → channel →
//    allocation → ledger → events. Baseline, same run, as the issue sets it: a COPY of
//    exactly the rows the window wrote (exported to files first, untimed; then COPY … FROM
//    STDIN streamed from this process, text format) into empty tables of the same shape,
//    foreign keys included (bench/baseline.ts). Beside it, the stricter INSERT … SELECT of
//    the same rows inside the server (no parsing, nothing on the wire; the only baseline on
//    PGlite). Each copy runs twice and the faster counts. Before the window and before each
//    copy the database is settled (vacuum, statistics, checkpoint), so that no part pays
//    for another's background work.
// 2. Over HTTP: the sandbox in its own process (a channel is another machine), 100 ms
//    latency and concurrency 200 (capacity 2,000/s): the debits/s the run achieves, as a
//    share of that capacity, and the CPU each debit cost in the engine, PostgreSQL and the
//    sandbox (bench/cpu.ts): they share this machine's cores. Then, in the same run, the
//    engine's client alone against the same sandbox with nothing else running
//    (channel-floor.ts): the ceiling on this machine, and the window's share of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox } from '@repay/channel-sandbox/server';
import { openDatabase } from '@repay/db';
import { createTestDatabase } from '@repay/db/testing';
import { openApp } from '../src/app';
import { movableClock } from '../src/lib/clock';
import { createFieldCrypto } from '../src/lib/crypto';
import { loadEnv } from '../src/env';
import { seedReference } from '../src/seed/demo-seed';
import { timedCopy, timedStreamCopy } from './baseline';
import { perCall, startCpuMeter } from './cpu';
import { measureChannelFloor } from './channel-floor';
import { HTTP_PROFILE, startSandboxProcess } from './sandbox-process';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('installments', 20_000);
// 100,000 over HTTP: the run's start (its first selection page) and end (the last chunks
// draining) cost a fraction of a second whatever the size; at 100,000 under 1 % of the run.
const HTTP_N = arg('http', 100_000);
const CLOCK = '2026-03-15T10:00:00+08:00';
const CORES = availableParallelism();
/** The goal over HTTP: this share of the channel's capacity. */
const HTTP_GOAL = 0.9;

const sandbox = await buildSandbox({ instances: defaultInstances() });
const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
// No engine HTTP server runs here to receive notifications: the channels send none (the
// window is settled by the synchronous answers). Held back instead, a million of them would
// wait in this process's heap as timers, which is the sandbox's cost, not the engine's.
for (const c of sandbox.channels.values())
  c.profile = { ...c.profile, notify: { ...c.profile.notify, enabled: false } };
const testDb = await createTestDatabase();
// A pool as large as the work in flight (the test databases keep 4 connections).
const database = testDb.url ? await openDatabase({ url: testDb.url, max: 24 }) : testDb;
const clock = movableClock(CLOCK);
const env = {
  ...loadEnv(),
  REPAY_SANDBOX_URL: sandboxUrl,
  REPAY_CLOCK: CLOCK,
  NODE_ENV: 'test' as const,
};
const app = await openApp({ env, database, clock, channelTransport: sandbox.transport });
await seedReference(app);
const q = <T extends object>(text: string, params: unknown[] = []) =>
  app.database.sql.query<T>(text, params);

/** `count` loans of one installment each, due today, cards bound at sandbox-a. */
async function fixture(from: number, count: number) {
  const [ref] = await q<{ funder: bigint; product: bigint }>(
    `select (select id from funders where code = 'F-TRUST-01') as funder,
            (select id from products where code = 'CONSUMER-STD') as product`,
  );
  await q(
    `with b as (
       insert into borrowers (name_enc, name_mask, id_no_enc, id_no_hash, id_no_mask, mobile_enc, mobile_hash, mobile_mask)
       select 'x', '张*', 'x', 'bench-' || g, '1101**', 'x', 'm' || g, '138****0000' from generate_series($1::int, $2::int) g
       returning id, id_no_hash),
     c as (
       insert into cards (borrower_id, card_no_enc, card_no_hash, card_no_mask, bank_code)
       select b.id, 'x', 'c' || b.id, '622202******0000', 'ICBC' from b returning id, borrower_id),
     l as (
       insert into loans (order_no, business_line, funder_id, product_id, borrower_id, card_id, principal, annual_rate,
                          term_months, repayment_method, day_count, start_date, first_due_date, outstanding_principal, request_hash)
       select 'BENCH-' || c.borrower_id, 'consumer', $3, $4, c.borrower_id, c.id, 100000, 0.12, 1, 'equal_installment',
              'actual/365', '2026-02-15', '2026-03-15', 100000, 'bench' from c returning id),
     p as (insert into plan_versions (loan_id, version, reason, period_count, created_by) select id, 1, 'bench', 1, 'bench' from l returning id, loan_id)
     insert into installments (loan_id, plan_version_id, period, due_date, principal_due, interest_due)
     select loan_id, id, 1, '2026-03-15', 100000, 1000 from p`,
    [from, from + count - 1, ref!.funder, ref!.product],
  );
  const cards = await q<{ id: bigint }>(
    `select c.id from cards c where c.card_no_hash like 'c%' and not exists (select 1 from card_agreements a where a.card_id = c.id)`,
  );
  const fieldCrypto = createFieldCrypto({
    encryptionKey: app.env.REPAY_ENCRYPTION_KEY,
    hashKey: app.env.REPAY_HASH_KEY,
    production: false,
  });
  const channel = sandbox.channels.get('sandbox-a')!;
  const protocols = cards.map((c) => `PB${c.id}`);
  for (const [i, c] of cards.entries())
    channel.agreements.set(protocols[i]!, {
      protocolNo: protocols[i]!,
      cardNo: `62220202${String(c.id).padStart(7, '0')}0000`,
      bankCode: 'ICBC',
      status: 'active',
      createdAt: Date.now(),
    });
  await q(
    `insert into card_agreements (card_id, channel_code, protocol_no_enc)
     select unnest($1::bigint[]), 'sandbox-a', unnest($2::text[])`,
    [cards.map((c) => c.id), protocols.map((p) => fieldCrypto.encrypt(p))],
  );
}

const WRITTEN = [
  'debit_orders',
  'debit_order_events',
  'routing_decisions',
  'ledger_journals',
  'ledger_entries',
  'outbox_events',
];

/**
 * Before a measured part: what the previous part left behind is done first (vacuum and
 * statistics of the tables it wrote, a checkpoint for its dirty pages and WAL), so that
 * neither part pays for the other's background work (autovacuum, a checkpoint started by
 * the other's WAL). Both parts are measured after the same treatment.
 */
async function settle(tables?: string[]) {
  await q(tables ? `vacuum analyze ${tables.join(', ')}` : 'vacuum analyze');
  await q('checkpoint').catch((e: unknown) =>
    console.warn(`[bench debits] no checkpoint before the next part: ${(e as Error).message}`),
  );
}

async function runWindow(window: string, engine = app, sandboxPid?: number) {
  const t0 = performance.now();
  const cpu = startCpuMeter(sandboxPid);
  const run = await engine.services.debitRuns.startRun({ date: '2026-03-15', window }, 'bench');
  const startMs = performance.now() - t0;
  await engine.services.debitRuns.work(run.runId);
  // Where the CPU went: this process (the engine), the sandbox's process when the channel is
  // one, and the rest of the machine (PostgreSQL).
  return { ms: performance.now() - t0, startMs, runId: run.runId, cpu: cpu() };
}

type CopyKind = 'copy' | 'insert-select';

/**
 * The rows the window wrote, copied into empty tables of the same shape (bench/baseline.ts):
 * `copy`, a real COPY … FROM STDIN streamed from this process (PostgreSQL only); or
 * `insert-select`, the same rows copied inside the server.
 */
async function copyBaseline(kind: CopyKind) {
  let rows = 0;
  let ms = 0;
  let cpuSeconds: number | null = 0;
  const dir = mkdtempSync(join(tmpdir(), 'repay-copy-'));
  try {
    for (const table of WRITTEN) {
      const select = `select * from ${table}`;
      const copy =
        kind === 'copy'
          ? await timedStreamCopy(testDb.url!, q, table, `bench_${table}`, select, dir)
          : await timedCopy(q, table, `bench_${table}`, select);
      ms += copy.ms;
      rows += copy.rows;
      cpuSeconds =
        cpuSeconds === null || copy.cpuSeconds === null ? null : cpuSeconds + copy.cpuSeconds;
      await q(`drop table bench_${table}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms, rows, cpuSeconds };
}

/** Each copy twice, each after the same settling; the faster counts (see the header). */
async function fasterOfTwo(kind: CopyKind) {
  const copies = [];
  for (let i = 0; i < 2; i++) {
    await settle(WRITTEN);
    copies.push(await copyBaseline(kind));
  }
  const best = copies[0]!.ms <= copies[1]!.ms ? copies[0]! : copies[1]!;
  return { ...best, both: copies.map((c) => (c.ms / 1000).toFixed(2)).join(' and ') };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`[bench debits] driver ${app.driver}; ${fmt(N)} installments`);
await fixture(1, N);
// A real database has statistics for its tables: the planner's choices at 1M rows depend on them.
// Each measured part starts from a settled database (settle, below).
await settle();
// The channel configured to the sandbox's capacity (64 at once; no latency, so no rate to keep).
await q(`update channels set max_concurrency = 64, rate_per_second = 10000`);
const engine = await runWindow('10:00');
const [orders] = await q<{ succeeded: number; total: number }>(
  `select count(*) filter (where status = 'succeeded')::int as succeeded, count(*)::int as total from debit_orders`,
);
// The baseline is a COPY; on PGlite (no COPY from a client stream here) the copy
// inside the server stands in for it. The latter is printed beside it on PostgreSQL too: it
// is the stricter of the two (no text to parse, nothing crossing the connection).
const copy = testDb.url ? await fasterOfTwo('copy') : undefined;
const insertSelect = await fasterOfTwo('insert-select');
const baseline = copy ?? insertSelect;
console.log(
  `1. engine path: ${fmt(orders!.total)} orders (${fmt(orders!.succeeded)} succeeded) in ${(engine.ms / 1000).toFixed(1)} s (start and first selection page ${(engine.startMs / 1000).toFixed(1)} s) = ${fmt((orders!.total / engine.ms) * 1000)} installments/s`,
);
if (engine.cpu.rest !== null)
  console.log(
    `   CPU: engine process ${engine.cpu.engine.toFixed(1)} s, the rest of the machine (PostgreSQL) ${engine.cpu.rest.toFixed(1)} s`,
  );
const engineCpuSeconds = engine.cpu.rest === null ? null : engine.cpu.engine + engine.cpu.rest;
if (copy)
  console.log(
    `   COPY … FROM STDIN of the same ${fmt(copy.rows)} rows: ${(copy.ms / 1000).toFixed(2)} s (the faster of ${copy.both} s); ratio ${(engine.ms / copy.ms).toFixed(2)}×` +
      (copy.cpuSeconds === null || engineCpuSeconds === null
        ? ''
        : `; CPU ${copy.cpuSeconds.toFixed(1)} s against the window's ${engineCpuSeconds.toFixed(1)} s (${(engineCpuSeconds / copy.cpuSeconds).toFixed(2)}×)`),
  );
console.log(
  `   INSERT … SELECT of the same ${fmt(insertSelect.rows)} rows inside the server: ${(insertSelect.ms / 1000).toFixed(2)} s (the faster of ${insertSelect.both} s); ratio ${(engine.ms / insertSelect.ms).toFixed(2)}×`,
);
console.log(
  `   goal ≤ 2× the ${copy ? 'COPY' : 'copy inside the server (PGlite)'}: ${engine.ms <= 2 * baseline.ms ? 'met' : 'NOT met'}`,
);

async function finish(): Promise<never> {
  await app.close();
  if (database !== testDb) await database.close();
  await testDb.dispose();
  await sandbox.app.close();
  // The held-back notifications' timers would keep the process alive.
  process.exit(0);
}
// `--http 0`: the engine path only.
if (HTTP_N === 0) await finish();

// 2. Over HTTP to the sandbox in its own process, 100 ms latency, capacity 200 at once; the
// channel configured to match. Its agreements are handed over in its state file.
// Only this part's agreements go to the sandbox process, as a seed file: it keeps its state
// in memory from there (a state file written back every second would stall the channel).
for (const c of sandbox.channels.values()) {
  c.agreements.clear();
  c.orders.clear();
}
await fixture(N + 1, HTTP_N);
await q('analyze');
const remoteSandbox = await startSandboxProcess(sandbox.channels, 'sandbox-a');
const remote = remoteSandbox.url;
await q(`update channels set endpoint = $1, max_concurrency = $2, rate_per_second = $3`, [
  remote,
  HTTP_PROFILE.maxConcurrency,
  HTTP_PROFILE.capacityPerSecond,
]);
const overHttp = await openApp({ env, database, clock });
const latencyTotals = () =>
  q<{ ms: number; n: number }>(
    `select coalesce(sum(latency_ms_sum), 0)::float8 as ms, coalesce(sum(attempts), 0)::float8 as n
       from channel_health_buckets`,
  ).then((rows) => rows[0]!);
const latencyBefore = await latencyTotals();
const http = await runWindow('14:00', overHttp, remoteSandbox.pid);
const latencyAfter = await latencyTotals();
remoteSandbox.stop();
const [httpOrders] = await q<{ n: number }>(
  `select count(*)::int as n from debit_orders where "window" = '14:00' and status = 'succeeded'`,
);
const achieved = (httpOrders!.n / http.ms) * 1000;
const share = achieved / HTTP_PROFILE.capacityPerSecond;
const roundTripMs = (latencyAfter.ms - latencyBefore.ms) / (latencyAfter.n - latencyBefore.n);
console.log(
  `2. over HTTP (${HTTP_PROFILE.latencyMs} ms, capacity ${fmt(HTTP_PROFILE.capacityPerSecond)}/s): ${fmt(httpOrders!.n)} debits in ${(http.ms / 1000).toFixed(1)} s (start and first selection page ${(http.startMs / 1000).toFixed(1)} s) = ${fmt(achieved)}/s, ${(share * 100).toFixed(1)} % of capacity (goal ≥ ${HTTP_GOAL * 100} %: ${share >= HTTP_GOAL ? 'met' : 'NOT met'}); mean round trip as the engine saw it ${Math.round(roundTripMs)} ms`,
);
// The CPU each debit cost, by process: on this machine the engine, PostgreSQL and the channel
// share the cores, and at the channel's capacity their work per debit × its calls/s must fit.
const httpCpu = perCall(http.cpu, httpOrders!.n, CORES);
console.log(
  `   CPU per debit: ${httpCpu.text}; at the channel's capacity (${fmt(HTTP_PROFILE.capacityPerSecond)}/s) this work would need ${((httpCpu.totalMs * HTTP_PROFILE.capacityPerSecond) / 1000).toFixed(2)} cores`,
);
// The same client with nothing else running, in this run: the ceiling the window is read against.
const floor = await measureChannelFloor(HTTP_N);
console.log(
  `   the engine's client alone against the same sandbox, no database (pnpm bench channel-floor): ${fmt(floor.perSecond)}/s, ${(floor.share * 100).toFixed(1)} % of capacity, mean round trip ${Math.round(floor.roundTripMs)} ms; the window reached ${((achieved / floor.perSecond) * 100).toFixed(1)} % of it`,
);
const floorCpu = perCall(floor.cpu, floor.calls, CORES);
console.log(`   CPU per call of the client alone: ${floorCpu.text}`);
// A floor for this design on this machine: every debit costs at least the client's work and
// the writing of its rows, and a bare COPY is the cheapest writing there is. If that floor at
// 90 % of the channel's capacity does not fit in the machine's cores, no window can meet the
// goal here; the window's CPU above the floor is what an optimisation can still take away.
if (testDb.url && http.cpu.rest !== null) {
  await settle(WRITTEN);
  const rowsCopy = await copyBaseline('copy');
  const [all] = await q<{ n: number }>(`select count(*)::int as n from debit_orders`);
  if (rowsCopy.cpuSeconds !== null) {
    const copyMs = (rowsCopy.cpuSeconds * 1000) / all!.n;
    const floorMs = floorCpu.totalMs + copyMs;
    const atGoal = HTTP_GOAL * HTTP_PROFILE.capacityPerSecond;
    console.log(
      `   the floor for a debit here: the client alone ${floorCpu.totalMs.toFixed(2)} ms + a bare COPY of its ${(rowsCopy.rows / all!.n).toFixed(1)} rows ${copyMs.toFixed(2)} ms = ${floorMs.toFixed(2)} ms of CPU; at ${HTTP_GOAL * 100} % of capacity (${fmt(atGoal)}/s) the floor alone needs ${((floorMs * atGoal) / 1000).toFixed(2)} of the machine's ${CORES} cores; the window spent ${(httpCpu.totalMs - floorMs).toFixed(2)} ms per debit above it`,
    );
  }
}

await finish();
