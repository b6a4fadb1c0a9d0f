// The finance dashboards against their own sources: a history of orders written set-based is
// counted once in TypeScript, order by order, and the dashboards must say the same to the fen,
// read live (no date rolled up), from the rollups (every past date built), with any scope, and
// for the channels. A rebuild writes the same rows; a change to a past date's order is found
// and built again; today's orders (a real window through the sandbox) count as they arrive; a
// drill-down into the debit orders list finds as many orders as the chart showed.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { fenToYuan, DEBIT_OUTCOMES, type DebitOutcome } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Caller, type Harness } from '../../testing/harness';
import { writeDebitHistory } from '../../testing/debit-history';
import { REPORT_ROLLUP_QUEUE } from '../../jobs';

const FROM = '2026-01-20';
const TODAY = '2026-03-15';
const RANGE = { from: FROM, to: TODAY };

let sandbox: Sandbox;
let h: Harness;
let finance: Caller;

interface Order {
  id: bigint;
  installmentId: bigint;
  date: string;
  funder: string;
  product: string;
  line: string;
  channel: string;
  bank: string;
  window: string;
  status: string;
  resultClass: string | null;
  rawCode: string;
  amount: bigint;
  feeRule: { perMille: number; minFen: number; maxFen?: number | null } | null;
  cost: bigint | null;
}

/** Every order as the database has it now. */
async function orders(): Promise<Order[]> {
  const rows = await h.app.database.sql.query<Record<string, unknown>>(
    `SELECT d.id, d.installment_id, d.business_date::text AS date, f.code AS funder, p.code AS product,
            l.business_line AS line, coalesce(d.channel_code, '') AS channel, coalesce(c.bank_code, '') AS bank,
            coalesce(d."window", '') AS "window", d.status, d.result_class, coalesce(d.raw_code, '') AS raw_code,
            d.amount, ch.fee_rule, ch.cost_per_txn_fen
       FROM debit_orders d JOIN loans l ON l.id = d.loan_id JOIN funders f ON f.id = d.funder_id
       JOIN products p ON p.id = l.product_id LEFT JOIN cards c ON c.id = d.card_id
       LEFT JOIN channels ch ON ch.code = d.channel_code`,
  );
  return rows.map((r) => ({
    id: BigInt(r.id as bigint),
    installmentId: BigInt(r.installment_id as bigint),
    date: r.date as string,
    funder: r.funder as string,
    product: r.product as string,
    line: r.line as string,
    channel: r.channel as string,
    bank: r.bank as string,
    window: r.window as string,
    status: r.status as string,
    resultClass: r.result_class as string | null,
    rawCode: r.raw_code as string,
    amount: BigInt(r.amount as bigint),
    feeRule: r.fee_rule as Order['feeRule'],
    cost: r.cost_per_txn_fen === null ? null : BigInt(r.cost_per_txn_fen as bigint),
  }));
}

/** The outcome, retry and fee of each order, worked out here rather than in SQL. */
function counted(all: Order[]) {
  const outcomeOf = (o: Order): DebitOutcome =>
    o.status === 'succeeded'
      ? 'success'
      : o.status === 'reversed'
        ? 'reversed'
        : o.status === 'failed'
          ? ((['fail_funds', 'fail_card', 'fail_request'] as const).find(
              (c) => c === o.resultClass,
            ) ?? 'fail_other')
          : 'in_flight';
  const first = new Map<bigint, Order>();
  for (const o of [...all].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1,
  ))
    if (!first.has(o.installmentId)) first.set(o.installmentId, o);
  const feeOf = (o: Order) => {
    if (o.status !== 'succeeded' || o.channel === '') return 0n;
    if (!o.feeRule) return o.cost ?? 0n;
    const byRate = (o.amount * BigInt(o.feeRule.perMille)) / 1000n;
    const fee = byRate > BigInt(o.feeRule.minFen) ? byRate : BigInt(o.feeRule.minFen);
    const max = o.feeRule.maxFen;
    return max !== null && max !== undefined && fee > BigInt(max) ? BigInt(max) : fee;
  };
  return all.map((o) => ({
    ...o,
    outcome: outcomeOf(o),
    retry: first.get(o.installmentId) !== o,
    fee: feeOf(o),
  }));
}
type Counted = ReturnType<typeof counted>[number];

/** The figures the service should show for these orders (its wire shape). */
function figures(list: Counted[]) {
  const outcomes = Object.fromEntries(
    DEBIT_OUTCOMES.map((k) => {
      const of = list.filter((o) => o.outcome === k);
      return [k, { orders: of.length, amount: fenToYuan(of.reduce((s, o) => s + o.amount, 0n)) }];
    }),
  );
  const sum = (l: Counted[]) => l.reduce((s, o) => s + o.amount, 0n);
  const success = list.filter((o) => o.outcome === 'success');
  const decided = list.filter((o) => o.outcome !== 'in_flight');
  const ratio = (a: bigint | number, b: bigint | number) =>
    Number(b) === 0 ? null : Math.round((Number(a) / Number(b)) * 10_000) / 10_000;
  return {
    orders: list.length,
    amount: fenToYuan(sum(list)),
    collectedOrders: success.length,
    collected: fenToYuan(sum(success)),
    inFlightOrders: list.length - decided.length,
    successRate: ratio(success.length, decided.length),
    amountRate: ratio(sum(success), sum(decided)),
    fee: fenToYuan(list.reduce((s, o) => s + o.fee, 0n)),
    outcomes,
  };
}

/** Group the orders by a key and give each group's figures, keyed. */
function by(list: Counted[], key: (o: Counted) => string) {
  const groups = new Map<string, Counted[]>();
  for (const o of list) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
  return Object.fromEntries([...groups].map(([k, l]) => [k, figures(l)]));
}

type Collections = Awaited<ReturnType<Caller['reports']['collections']>>;
const FIGURES = [
  'orders',
  'amount',
  'collectedOrders',
  'collected',
  'inFlightOrders',
  'successRate',
  'amountRate',
  'fee',
  'outcomes',
] as const;
/** A breakdown's rows as { key: figures }, the row's own labels left out. */
const keyed = <T extends Record<(typeof FIGURES)[number], unknown>>(
  rows: T[],
  key: (r: T) => string,
) =>
  Object.fromEntries(rows.map((r) => [key(r), Object.fromEntries(FIGURES.map((f) => [f, r[f]]))]));

/** The dashboard against the orders counted here, breakdown by breakdown. */
function expectCollections(got: Collections, list: Counted[]) {
  expect(got.total).toEqual(figures(list));
  expect(
    keyed(
      got.days.filter((d) => d.orders > 0),
      (d) => d.date,
    ),
  ).toEqual(by(list, (o) => o.date));
  expect(keyed(got.windows, (w) => w.window)).toEqual(by(list, (o) => o.window));
  expect(keyed(got.channels, (c) => c.channel)).toEqual(by(list, (o) => o.channel));
  expect(keyed(got.banks, (b) => b.bank)).toEqual(by(list, (o) => o.bank));
  expect(keyed(got.funders, (f) => f.funderCode)).toEqual(by(list, (o) => o.funder));
  expect(keyed(got.products, (p) => p.productCode)).toEqual(by(list, (o) => o.product));
  expect(keyed(got.businessLines, (l) => l.businessLine)).toEqual(by(list, (o) => o.line));
  expect(got.attempts).toEqual({
    first: figures(list.filter((o) => !o.retry)),
    retry: figures(list.filter((o) => o.retry)),
  });
  const failures = list.filter((o) => o.outcome.startsWith('fail_'));
  const codes = new Map<string, Counted[]>();
  for (const o of failures)
    codes.set(`${o.outcome}|${o.rawCode}`, [...(codes.get(`${o.outcome}|${o.rawCode}`) ?? []), o]);
  expect(
    Object.fromEntries(
      got.failureCodes.map((c) => [`${c.outcome}|${c.rawCode}`, [c.orders, c.amount]]),
    ),
  ).toEqual(
    Object.fromEntries(
      [...codes].map(([k, l]) => [k, [l.length, fenToYuan(l.reduce((s, o) => s + o.amount, 0n))]]),
    ),
  );
}

const rollupRows = (date: string) =>
  Promise.all(
    ['debit_daily_rollups', 'debit_daily_failure_codes', 'channel_daily_rollups'].map((t) =>
      h.app.database.sql.query(
        `SELECT * FROM ${t} WHERE business_date = $1::date ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
        [date],
      ),
    ),
  );

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  await writeDebitHistory(h.app.database, {
    loans: 120,
    installments: 4,
    firstDue: FROM,
    today: TODAY,
    tag: 'RPT',
  });
  finance = await h.callerAs('finance');
}, 120_000);
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

describe('collections (代扣回款)', () => {
  it('reads every date live before any is rolled up, and the rollups say the same to the fen', async () => {
    const list = counted(await orders());
    expect(list.length).toBeGreaterThan(250);
    // Every outcome, first attempts and retries, settlement debits and unrouted failures are in it.
    expect(new Set(list.map((o) => o.outcome))).toEqual(new Set(DEBIT_OUTCOMES));
    expect(list.some((o) => o.retry) && list.some((o) => o.window === '')).toBe(true);

    const live = await finance.reports.collections(RANGE);
    expect(live.liveDates).toHaveLength(55);
    expectCollections(live, list);

    const built = await h.app.services.reportRollups.refresh();
    // Every date from the first order's to yesterday, those without orders too (02-17, 02-18).
    expect(built.dates).toBe(54);
    expect(new Set(list.map((o) => o.date)).size).toBe(53);
    expect(built.orders).toBe(list.filter((o) => o.date < TODAY).length);
    const rolled = await finance.reports.collections(RANGE);
    expect(rolled.liveDates).toEqual([TODAY]);
    expect(rolled).toEqual({ ...live, liveDates: [TODAY] });
    expect(rolled.days).toHaveLength(55);
    // The baseline the benchmark times: the same figures without the rollups.
    const bare = await h.app.services.reports.collections(RANGE, { useRollups: false });
    expect(bare).toEqual(live);
  });

  it('filters by funder, product, business line, channel, bank and window, alone and together', async () => {
    const list = counted(await orders());
    const scopes = [
      { funderCode: 'F-BANK-02' },
      { productCode: 'LEASE-STD' },
      { businessLine: 'consumer' as const },
      { channel: 'sandbox-c' },
      { bank: 'CMB' },
      { window: '16:00' },
      { funderCode: 'F-TRUST-01', channel: 'sandbox-a', bank: 'ICBC' },
    ];
    for (const scope of scopes) {
      const kept = list.filter(
        (o) =>
          (!scope.funderCode || o.funder === scope.funderCode) &&
          (!('productCode' in scope) || o.product === scope.productCode) &&
          (!('businessLine' in scope) || o.line === scope.businessLine) &&
          (!scope.channel || o.channel === scope.channel) &&
          (!scope.bank || o.bank === scope.bank) &&
          (!('window' in scope) || o.window === scope.window),
      );
      expect(kept.length, JSON.stringify(scope)).toBeGreaterThan(0);
      expectCollections(await finance.reports.collections({ ...RANGE, ...scope }), kept);
    }
    // A narrower range: only its dates.
    const march = await finance.reports.collections({ from: '2026-03-01', to: '2026-03-10' });
    expectCollections(
      march,
      list.filter((o) => o.date >= '2026-03-01' && o.date <= '2026-03-10'),
    );
    expect(march.days.map((d) => d.date)).toHaveLength(10);
  });

  it('builds a date again to the same rows, and finds a past date whose orders changed', async () => {
    const date = '2026-02-20';
    const before = await rollupRows(date);
    expect(before[0]!.length).toBeGreaterThan(0);
    const again = await h.app.services.reportRollups.refresh({ from: date, to: date });
    expect(again.built.map((b) => b.date)).toEqual([date]);
    expect(await rollupRows(date)).toEqual(before);
    // By hand through the jobs console: the same again.
    const started = await finance.jobs.start({
      job: REPORT_ROLLUP_QUEUE,
      params: { from: date, to: date },
      reason: 'check the rebuild',
    });
    let run = await finance.jobs.run({ runId: started.id });
    for (let i = 0; run.status === 'running' && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = await finance.jobs.run({ runId: started.id });
    }
    expect(run).toMatchObject({ status: 'succeeded', counts: { dates: 1 } });
    expect(await rollupRows(date)).toEqual(before);
    // Today cannot be built: it is counted live.
    await expect(
      finance.jobs.start({ job: REPORT_ROLLUP_QUEUE, params: { to: TODAY } }),
    ).rejects.toMatchObject({ cause: { field: 'params.to' } });

    // Nothing changed: a scheduled refresh builds nothing.
    expect((await h.app.services.reportRollups.refresh()).dates).toBe(0);
    // A failure of that date is settled by a person afterwards (as manual review would).
    const [failed] = await h.app.database.sql.query<{ id: bigint }>(
      `SELECT id FROM debit_orders WHERE business_date = $1::date AND status = 'failed' ORDER BY id LIMIT 1`,
      [date],
    );
    await h.app.database.sql.query(
      `UPDATE debit_orders SET status = 'succeeded', result_class = 'success', raw_code = 'MANUAL', updated_at = now()
        WHERE id = $1`,
      [failed!.id],
    );
    const stale = await finance.reports.collections(RANGE);
    const refreshed = await h.app.services.reportRollups.refresh();
    expect(refreshed.built.map((b) => b.date)).toEqual([date]);
    const after = await finance.reports.collections(RANGE);
    const day = (c: Collections) => c.days.find((d) => d.date === date)!;
    expect(day(after).collectedOrders).toBe(day(stale).collectedOrders + 1);
    expectCollections(after, counted(await orders()));
  });

  it('reads a past date not built yet live, with the others from the rollups', async () => {
    const date = '2026-03-02';
    await h.app.database.db.transaction(async (tx) => {
      const { sqlFor } = await import('@repay/db');
      const t = sqlFor(tx);
      for (const table of [
        'debit_daily_rollups',
        'debit_daily_failure_codes',
        'channel_daily_rollups',
        'debit_rollup_days',
      ])
        await t.query(`DELETE FROM ${table} WHERE business_date = $1::date`, [date]);
    });
    const got = await finance.reports.collections(RANGE);
    expect(got.liveDates).toEqual([date, TODAY]);
    expectCollections(got, counted(await orders()));
    expect((await h.app.services.reportRollups.refresh()).built.map((b) => b.date)).toEqual([date]);
  });

  it('counts today live: a window run through the sandbox adds its orders as they arrive', async () => {
    const before = await finance.reports.collections({ from: TODAY, to: TODAY });
    expect(before.liveDates).toEqual([TODAY]);
    // A loan whose first installment is due today, on a card bound at the channels.
    await h.loanOnCard(
      { orderNo: 'RPT-LIVE', startDate: '2026-02-15', firstDueDate: TODAY },
      { cardNo: '6222020200112430000', bankCode: 'ICBC', mobile: '13800138000' },
    );
    const ops = await h.callerAs('ops');
    await ops.debits.startRun({ date: TODAY, window: '10:00', reason: '报表测试' });
    await expect
      .poll(async () => (await ops.debits.runs({}))[0]?.status, { timeout: 10_000 })
      .toBe('completed');
    // The order carries what the reports count it by, from its loan and card (set at insert).
    const [row] = await h.app.database.sql.query<Record<string, unknown>>(
      `SELECT d.product_id = l.product_id AS product, d.business_line, d.bank_code, d.attempt
         FROM debit_orders d JOIN loans l ON l.id = d.loan_id WHERE l.order_no = 'RPT-LIVE'`,
    );
    expect(row).toEqual({
      product: true,
      business_line: 'consumer',
      bank_code: 'ICBC',
      attempt: 1,
    });
    const made = counted(await orders()).filter((o) => o.date === TODAY);
    const after = await finance.reports.collections({ from: TODAY, to: TODAY });
    expect(after.total.orders).toBe(before.total.orders + 1);
    expectCollections(after, made);
    // The dashboard over the whole range adds it to today's column only.
    expectCollections(await finance.reports.collections(RANGE), counted(await orders()));
  });

  it('drills down: the debit orders list with the chart’s filters finds as many orders', async () => {
    const list = counted(await orders());
    const count = async (filter: Record<string, string>) => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const page: { items: unknown[]; nextCursor: string | null } = await finance.debits.orders({
          ...filter,
          limit: 200,
          cursor,
        });
        n += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      return n;
    };
    const range = { dateFrom: '2026-02-01', dateTo: TODAY };
    const inRange = list.filter((o) => o.date >= range.dateFrom && o.date <= range.dateTo);
    const dash = await finance.reports.collections({ from: range.dateFrom, to: range.dateTo });
    const cases: [Record<string, string>, number, (o: Counted) => boolean][] = [
      [
        { channel: 'sandbox-b' },
        dash.channels.find((c) => c.channel === 'sandbox-b')!.orders,
        (o) => o.channel === 'sandbox-b',
      ],
      [{ bank: 'BOC' }, dash.banks.find((b) => b.bank === 'BOC')!.orders, (o) => o.bank === 'BOC'],
      [
        { outcome: 'fail_card' },
        dash.total.outcomes.fail_card.orders,
        (o) => o.outcome === 'fail_card',
      ],
      [
        { outcome: 'in_flight' },
        dash.total.outcomes.in_flight.orders,
        (o) => o.outcome === 'in_flight',
      ],
      [{ attempt: 'retry' }, dash.attempts.retry.orders, (o) => o.retry],
      [
        { attempt: 'first', channel: 'sandbox-a' },
        -1,
        (o) => !o.retry && o.channel === 'sandbox-a',
      ],
      [
        { outcome: 'fail_funds', rawCode: '3051' },
        dash.failureCodes.find((c) => c.outcome === 'fail_funds' && c.rawCode === '3051')!.orders,
        (o) => o.outcome === 'fail_funds' && o.rawCode === '3051',
      ],
      [
        { window: '16:00', funderCode: 'F-SELF-03' },
        (
          await finance.reports.collections({
            from: range.dateFrom,
            to: range.dateTo,
            funderCode: 'F-SELF-03',
          })
        ).windows.find((w) => w.window === '16:00')!.orders,
        (o) => o.window === '16:00' && o.funder === 'F-SELF-03',
      ],
    ];
    for (const [filter, shown, match] of cases) {
      const expected = inRange.filter(match).length;
      expect(expected, JSON.stringify(filter)).toBeGreaterThan(0);
      if (shown >= 0) expect(shown, JSON.stringify(filter)).toBe(expected);
      expect(await count({ ...range, ...filter }), JSON.stringify(filter)).toBe(expected);
    }
  });

  it('shows the last 30 days when not told, and refuses a range backwards or longer than two years', async () => {
    expect(await finance.reports.collections({})).toMatchObject({ from: '2026-02-14', to: TODAY });
    expect(await finance.reports.channels({ to: '2026-03-01' })).toMatchObject({
      from: '2026-01-31',
      to: '2026-03-01',
    });
    await expect(finance.reports.collections({ from: '2024-03-01' })).rejects.toMatchObject({
      cause: { field: 'from' },
    });
    await expect(
      finance.reports.collections({ from: '2026-03-10', to: '2026-03-01' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { issues: [{ path: ['from'], message: 'from must not be after to' }] },
    });
    await expect(
      finance.reports.channels({ from: '2024-01-01', to: '2026-03-01' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { issues: [{ path: ['from'], message: 'at most 731 days' }] },
    });
  });
});

describe('channels (通道)', () => {
  it('sums each channel’s health, volume and cost per date, the same from the rollups as live', async () => {
    await h.app.services.reportRollups.refresh();
    const got = await finance.reports.channels(RANGE);
    const bare = await h.app.services.reports.channels(RANGE, { useRollups: false });
    expect(got).toEqual({ ...bare, liveDates: [TODAY] });
    expect(got.channels.map((c) => c.channel)).toEqual(['sandbox-a', 'sandbox-b', 'sandbox-c']);

    const [health] = await h.app.database.sql.query<Record<string, unknown>>(
      `SELECT sum(attempts)::int AS attempts, sum(successes)::int AS successes,
              sum(borrower_failures)::int AS bf, sum(errors)::int AS errors, sum(latency_ms_sum)::bigint AS lat,
              max(latency_ms_max)::int AS max
         FROM channel_health_buckets WHERE channel_code = 'sandbox-b'
          AND bucket_start >= '2026-01-20T00:00:00+08:00' AND bucket_start < '2026-03-16T00:00:00+08:00'`,
    );
    const b = got.channels.find((c) => c.channel === 'sandbox-b')!;
    expect(b).toMatchObject({
      attempts: health!.attempts,
      successes: health!.successes,
      borrowerFailures: health!.bf,
      errors: health!.errors,
      avgLatencyMs: Math.round(Number(health!.lat) / Number(health!.attempts)),
      maxLatencyMs: health!.max,
    });
    expect(b.successRate).toBeCloseTo(
      Number(health!.successes) / (Number(health!.attempts) - Number(health!.bf)),
      10,
    );
    // Volume and cost: the orders at the channel, the fee rule (1‰, at least ¥0.50) on successes.
    const list = counted(await orders()).filter((o) => o.channel === 'sandbox-b');
    const f = figures(list);
    expect(b).toMatchObject({
      orders: f.orders,
      amount: f.amount,
      collectedOrders: f.collectedOrders,
      collected: f.collected,
      cost: f.fee,
    });
    const fees = list
      .filter((o) => o.outcome === 'success')
      .map((o) => (o.amount / 1000n > 50n ? o.amount / 1000n : 50n));
    expect(b.cost).toBe(fenToYuan(fees.reduce((s, x) => s + x, 0n)));
    // Per date: each date's figures add up to the range's.
    const days = got.days.filter((d) => d.channel === 'sandbox-b');
    expect(days).toHaveLength(55);
    expect(days.reduce((s, d) => s + d.attempts, 0)).toBe(b.attempts);
    expect(fenToYuan(days.reduce((s, d) => s + BigInt(d.cost.replace('.', '')), 0n))).toBe(b.cost);
    // The circuit's moves, latest first.
    expect(got.circuitEvents.map((e) => `${e.channel} ${e.from}→${e.to}`)).toEqual([
      'sandbox-b half_open→closed',
      'sandbox-b open→half_open',
      'sandbox-b closed→open',
    ]);
  });

  it('filters by channel and bank', async () => {
    const got = await finance.reports.channels({ ...RANGE, channel: 'sandbox-a', bank: 'CCB' });
    expect(got.channels.map((c) => c.channel)).toEqual(['sandbox-a']);
    const [health] = await h.app.database.sql.query<{ attempts: number }>(
      `SELECT sum(attempts)::int AS attempts FROM channel_health_buckets WHERE channel_code = 'sandbox-a' AND bank_code = 'CCB'
          AND bucket_start >= '2026-01-20T00:00:00+08:00' AND bucket_start < '2026-03-16T00:00:00+08:00'`,
    );
    expect(got.channels[0]!.attempts).toBe(health!.attempts);
    const list = counted(await orders()).filter(
      (o) => o.channel === 'sandbox-a' && o.bank === 'CCB',
    );
    expect(got.channels[0]!.orders).toBe(list.length);
    expect(got.circuitEvents).toEqual([]);
  });

  it('splits one date into its hours (Asia/Shanghai), adding up to the day', async () => {
    // The date the circuit of sandbox-b moved: its hours should show where.
    const [moved] = await h.app.database.sql.query<{ date: string }>(
      `SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS date
         FROM audit_log WHERE action = 'channel.circuit' ORDER BY id LIMIT 1`,
    );
    const date = moved!.date;
    const got = await finance.reports.channelHours({ date });
    const day = await finance.reports.channels({ from: date, to: date });
    expect(got.channels).toEqual(day.channels.filter((c) => c.attempts > 0).map((c) => c.channel));
    for (const c of day.channels.filter((x) => x.attempts > 0)) {
      const hours = got.hours.filter((x) => x.channel === c.channel);
      expect(hours.reduce((s, x) => s + x.attempts, 0)).toBe(c.attempts);
      expect(hours.reduce((s, x) => s + x.successes, 0)).toBe(c.successes);
      expect(Math.max(...hours.map((x) => x.maxLatencyMs ?? 0))).toBe(c.maxLatencyMs);
    }
    // Each hour as the buckets say, the hour read on the Shanghai clock.
    const byHour = await h.app.database.sql.query<{ hour: number; attempts: number }>(
      `SELECT extract(hour FROM bucket_start AT TIME ZONE 'Asia/Shanghai')::int AS hour,
              sum(attempts)::int AS attempts
         FROM channel_health_buckets
        WHERE channel_code = 'sandbox-b' AND bucket_start >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND bucket_start < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        GROUP BY 1 ORDER BY 1`,
      [date],
    );
    expect(
      got.hours.filter((x) => x.channel === 'sandbox-b').map((x) => [x.hour, x.attempts]),
    ).toEqual(byHour.map((r) => [r.hour, r.attempts]));
    expect(got.circuitEvents.length).toBeGreaterThan(0);
    expect(got.circuitEvents.every((e) => e.channel === 'sandbox-b')).toBe(true);

    const one = await finance.reports.channelHours({ date, channel: 'sandbox-a' });
    expect(one.channels.every((c) => c === 'sandbox-a')).toBe(true);
    expect(one.circuitEvents).toEqual([]);
    await expect(finance.reports.channelHours({ date: '2026-3-1' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { issues: [{ path: ['date'] }] },
    });
  });
});
