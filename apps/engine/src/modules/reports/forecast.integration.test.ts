// 预测 and the window verdict, on real loans under the seeded consumer window (10:00, 14:00,
// 18:00 every day; up to 30 days overdue; step-down 1, 0.5, 0.3) and F-TRUST-01's fee rule
// (penalty 1.5× /360 and compound, grace 3 days, from the due date), plus a gray window version
// taking loans up to 60 days overdue. Three loans of 12,000.00 at 12 %, equal principal, due
// on the 1st: A on a card whose debits fail for funds, B paused through 03-17 (and on the gray
// side), C with no signed card. Today is 2026-03-15: period 1 (due 02-01) is 42 days overdue,
// period 2 (due 03-01) 14, period 3 falls due on 04-01.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { exampleRuleBodies, grayBucket } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
let finance: Caller;
let pm: Caller;
let ops: Caller;
const orderNo = { a: '', b: '', c: '' };

const loan = (no: string, n: number) => ({
  orderNo: no,
  principal: '12000.00',
  termMonths: 12,
  repaymentMethod: 'equal_principal',
  startDate: '2026-01-01',
  firstDueDate: '2026-02-01',
  borrower: { name: '李四', idNo: '110101199003071233', mobile: `1390013900${n}` },
  card: { cardNo: '6222021234567840123', bankCode: 'ICBC' },
});

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl, clock: '2026-03-15T09:00:00+08:00' });
  finance = await h.callerAs('finance');
  pm = await h.callerAs('pm');
  ops = await h.callerAs('ops');
  const windows = await finance.rules.list({ kind: 'window' });
  const consumer = windows.find((s) => s.scopeKey === 'consumer')!;
  // B: a loan key on the gray side of the consumer window set at 50 %; A and C on the other.
  const gray = (key: string) => grayBucket(consumer.id, key) < 5000;
  const keys = Array.from({ length: 100 }, (_, i) => `FC-${i}`);
  orderNo.b = keys.find(gray)!;
  const others = keys.filter((k) => !gray(k));
  orderNo.a = others[0]!;
  orderNo.c = others[1]!;

  await h.createLoan(loan(orderNo.a, 1));
  await h.createLoan(loan(orderNo.b, 2));
  await h.createLoan(loan(orderNo.c, 3));
  const a = await h.bindCard({
    orderNo: orderNo.a,
    cardNo: '6222020200112330051', // the sandbox fails it for funds
    bankCode: 'ICBC',
    mobile: '13900139001',
  });
  expect(a.bound.status).toBe(200);
  const b = await h.bindCard({
    orderNo: orderNo.b,
    cardNo: '6222020200112430000',
    bankCode: 'ICBC',
    mobile: '13900139002',
  });
  expect(b.bound.status).toBe(200);
  await ops.loans.pause({ orderNo: orderNo.b, reason: 'complaint', until: '2026-03-17' });

  const body = exampleRuleBodies.window as Record<string, unknown>;
  const seeded = (await finance.rules.get({ ruleSetId: consumer.id })).published!;
  const draft = await ops.rules.saveDraft({
    ruleSetId: consumer.id,
    body: {
      ...(seeded.body as Record<string, unknown>),
      eligibility: {
        ...(body.eligibility as Record<string, unknown>),
        overdueUpToDays: 60,
      },
    },
    note: 'take up to 60 days overdue',
  });
  await ops.rules.submit({ versionId: draft.id });
  await pm.rules.approve({ versionId: draft.id });
  const set = (await finance.rules.list({ kind: 'window' })).find((s) => s.id === consumer.id)!;
  await pm.rules.publish({
    versionId: draft.id,
    expectedRevision: set.revision,
    reason: 'try 60 days on half',
    gray: { percent: 50 },
  });
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

const dates = [
  '2026-03-15',
  '2026-03-16',
  '2026-03-17',
  '2026-03-18',
  '2026-03-19',
  '2026-03-20',
  '2026-03-21',
];

describe('the plan the figures stand on', () => {
  it('owes 1,120.00, 1,110.00 and 1,100.00 in periods 1 to 3', async () => {
    const rows = await h.app.database.sql.query<{ period: number; owed: bigint }>(
      `select i.period, (i.principal_due + i.interest_due)::bigint as owed
         from installments i join loans l on l.id = i.loan_id
        where l.order_no = $1 and i.period <= 3 order by i.period`,
      [orderNo.a],
    );
    expect(rows.map((r) => [r.period, BigInt(r.owed)])).toEqual([
      [1, 112000n],
      [2, 111000n],
      [3, 110000n],
    ]);
  });
});

describe('reports.forecast', () => {
  it('counts each slot of the next 7 days, published and with the gray release', async () => {
    const f = await finance.reports.forecast({ businessLine: 'consumer' });
    expect(f.from).toBe('2026-03-15');
    expect(f.to).toBe('2026-03-21');
    expect(f.gray).toEqual([
      expect.objectContaining({ kind: 'window', scopeType: 'business_line', scopeKey: 'consumer' }),
    ]);
    expect(f.dates.map((d) => d.date)).toEqual(dates);
    for (const d of f.dates) {
      // Other lines' slots (global and lease rules) take nothing of consumer loans.
      const consumer = ['10:00', '14:00', '18:00'];
      expect(d.slots.map((s) => s.start)).toEqual(expect.arrayContaining(consumer));
      for (const s of d.slots.filter((x) => !consumer.includes(x.start)))
        expect([s.published.installments, s.withGray.installments]).toEqual([0, 0]);
      const pausedB = d.date <= '2026-03-17';
      for (const s of d.slots.filter((x) => consumer.includes(x.start))) {
        // A's period 2 always; B's from 03-18 (paused before); B's period 1 only on the gray side.
        expect(s.published).toEqual(
          pausedB ? { installments: 1, amount: '1110.00' } : { installments: 2, amount: '2220.00' },
        );
        expect(s.withGray).toEqual(
          pausedB ? { installments: 1, amount: '1110.00' } : { installments: 3, amount: '3340.00' },
        );
      }
    }
    // 3 slots × (3 × 1,110.00 + 4 × 2,220.00) and 3 × (3 × 1,110.00 + 4 × 3,340.00).
    expect(f.totals.asked).toEqual({ published: '36630.00', withGray: '50070.00' });
  });

  it('narrows to a funder or product, and refuses a bad input naming the field', async () => {
    const other = await finance.reports.forecast({ funderCode: 'F-BANK-02' });
    expect(other.totals.asked).toEqual({ published: '0.00', withGray: '0.00' });
    const product = await finance.reports.forecast({ productCode: 'CONSUMER-STD', days: 1 });
    expect(product.dates[0]!.slots[0]!.published).toEqual({ installments: 1, amount: '1110.00' });
    await expect(finance.reports.forecast({ days: 15 })).rejects.toThrow(/days/);
  });
});

describe('reports.forecast from its stored computation', () => {
  const scopes = [
    {},
    { businessLine: 'consumer' as const },
    { funderCode: 'F-TRUST-01' },
    { funderCode: 'F-BANK-02' },
    { productCode: 'CONSUMER-STD', days: 3 },
    { businessLine: 'lease' as const, days: 14 },
  ];
  const stored = async (input: (typeof scopes)[number]) => {
    const { computedAt, ...rest } = await finance.reports.forecast(input);
    return { computedAt, rest };
  };
  const storedRows = async () =>
    (
      await h.app.database.sql.query<{ n: number }>(
        `select count(*)::int as n from report_forecast_rows where computed_for = '2026-03-15'`,
      )
    )[0]!.n;

  it('answers every scope exactly as the live computation does, from one computation', async () => {
    for (const scope of scopes) {
      const { computedAt, rest } = await stored(scope);
      expect(new Date(computedAt).toISOString()).toBe('2026-03-15T01:00:00.000Z');
      expect(rest).toEqual(await h.app.services.reportForecast.live(scope));
    }
    const runs = await h.app.database.sql.query<{ computed_for: string; days: number }>(
      `select computed_for::text, days from report_forecast_runs`,
    );
    expect(runs).toEqual([{ computed_for: '2026-03-15', days: 14 }]);
    // Per (date, slot or night, funder, product, line) with something in it, never per loan.
    expect(await storedRows()).toBeGreaterThan(0);
  });

  it('is replaced whole by a refresh, and computed again when the rules it saw changed', async () => {
    const before = await storedRows();
    const right = await stored({ businessLine: 'consumer' });
    // Spoil the stored figures: the read serves what is stored.
    await h.app.database.sql.query(
      `update report_forecast_rows set published_amount = published_amount + 100`,
    );
    const spoiled = await stored({ businessLine: 'consumer' });
    expect(spoiled.rest.totals.asked.published).not.toBe(right.rest.totals.asked.published);
    // The job's refresh (also 重新计算) writes the same rows again, whole.
    const done = await h.app.services.reportForecast.refresh();
    expect(done).toMatchObject({ computedFor: '2026-03-15', dates: 14 });
    expect(await storedRows()).toBe(before);
    expect((await stored({ businessLine: 'consumer' })).rest).toEqual(right.rest);
    // Publications other than the ones it saw: the next read computes first.
    await h.app.database.sql.query(
      `update report_forecast_rows set published_amount = published_amount + 100`,
    );
    await h.app.database.sql.query(`update report_forecast_runs set rules_key = 'older'`);
    expect((await stored({ businessLine: 'consumer' })).rest).toEqual(right.rest);
  });

  it('is a job of the registry, started by hand from the console', async () => {
    const jobs = await finance.jobs.list();
    expect(JSON.stringify(jobs)).toContain('report-forecast');
  });
});

describe('debits.eligibility', () => {
  const verdicts = async (
    no: string,
    period: number,
    input: { date?: string; slot?: string } = {},
  ) =>
    (await ops.debits.eligibility({ orderNo: no, ...input })).installments.find(
      (i) => i.period === period,
    )!;
  const brief = (v: { eligible: boolean; reason: string; params: unknown }) => [
    v.eligible,
    v.reason,
    v.params,
  ];

  it("says why each unpaid installment is or is not in today's windows", async () => {
    const a = await ops.debits.eligibility({ orderNo: orderNo.a });
    expect(a.date).toBe('2026-03-15');
    expect(a.slots.map((s) => s.start)).toEqual(['10:00', '14:00', '18:00']);
    expect(a.installments).toHaveLength(12);
    const [p1, p2, p3] = a.installments;
    // Older than the rule's 30 days while the newer period is taken.
    expect(p1!.slots.map(brief)).toEqual(
      Array(3).fill([false, 'too_overdue', { overdueDays: 42, limit: 30 }]),
    );
    expect(p1!.slots[0]!.rule).toEqual({
      ruleSetName: '消费分期扣款时段',
      versionNo: 1,
      gray: false,
    });
    expect(p2!.slots.map(brief)).toEqual(Array(3).fill([true, 'eligible', { amount: '1110.00' }]));
    expect(brief(p3!.day)).toEqual([false, 'not_due_yet', { dueDate: '2026-04-01' }]);
    // B is on the gray side (60 days): its period 1 is no longer too old, but the loan is paused.
    const b1 = await verdicts(orderNo.b, 1);
    expect(brief(b1.slots[1]!)).toEqual([false, 'paused', { pausedUntil: '2026-03-17' }]);
    expect(b1.slots[1]!.rule).toMatchObject({ versionNo: 2, gray: true });
    expect(brief((await verdicts(orderNo.c, 2)).slots[0]!)).toEqual([false, 'no_card', {}]);
  });

  it('agrees with what the 10:00 window does, then shows its order', async () => {
    const expected = [];
    for (const no of [orderNo.a, orderNo.b, orderNo.c])
      for (const i of (await ops.debits.eligibility({ orderNo: no, slot: '10:00' })).installments)
        if (i.slots[0]!.eligible) expected.push([no, i.period, i.slots[0]!.params.amount]);
    h.clock.advance(65 * 60_000);
    const run = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '10:00' },
      'test',
    );
    await h.app.services.debitRuns.work(run.runId);
    const orders = await h.app.database.sql.query<{
      order_no: string;
      period: number;
      amount: string;
    }>(
      `select l.order_no, i.period, (d.amount / 100.0)::numeric(18, 2)::text as amount
         from debit_orders d join installments i on i.id = d.installment_id
         join loans l on l.id = d.loan_id order by l.order_no, i.period`,
    );
    expect(orders.map((o) => [o.order_no, Number(o.period), o.amount])).toEqual(expected);
    expect(expected).toEqual([[orderNo.a, 2, '1110.00']]);

    const p2 = await verdicts(orderNo.a, 2);
    expect(brief(p2.slots[0]!)).toEqual([
      true,
      'debited',
      { status: 'failed', amount: '1110.00', channel: expect.any(String) },
    ]);
    // One insufficient-funds failure today: the next slot asks for half.
    expect(brief(p2.slots[1]!)).toEqual([true, 'eligible', { amount: '555.00' }]);
    expect(p2.attemptsToday).toBe(1);
    // Another date and slot on request: tomorrow at 10:00, a day older.
    const tomorrow = await verdicts(orderNo.a, 1, { date: '2026-03-16', slot: '10:00' });
    expect(brief(tomorrow.slots[0]!)).toEqual([
      false,
      'too_overdue',
      { overdueDays: 43, limit: 30 },
    ]);
  });

  it('refuses an unknown loan naming orderNo', async () => {
    await expect(ops.debits.eligibility({ orderNo: 'NO-SUCH' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('reports.forecast accrual', () => {
  it('projects the accrual each night will add, and the nights then add exactly that', async () => {
    const f = await finance.reports.forecast({ businessLine: 'consumer' });
    // Per loan on 03-15: penalty 42 × 0.50 + 14 × 0.50 = 28.00; compound 42 × 0.06 = 2.52 and
    // 14 × 0.055 = 0.77. Three loans (a pause or a missing card does not stop accrual).
    expect(f.dates[0]!.accrual).toEqual({
      accrued: false,
      published: { installments: 6, penalty: '93.87', fee: '0.00', total: '93.87' },
      withGray: { installments: 6, penalty: '93.87', fee: '0.00', total: '93.87' },
    });
    // 03-16: each period 0.50 of penalty; compound 43 × 0.06 = 2.58 (+0.06) and 15 × 0.055 =
    // 0.825 → 0.83 (+0.06): 1.12 a loan.
    expect(f.dates[1]!.accrual.published.penalty).toBe('3.36');

    // The nightly run, date by date, adds what the forecast said it would.
    for (const [k, date] of dates.entries()) {
      await h.app.services.overdueAccrual.accrueDate(date, 'test');
      const [row] = await h.app.database.sql.query<{ sum: string | null }>(
        `select sum(a.amount)::text as sum from fee_accruals a
           join installments i on i.id = a.installment_id join loans l on l.id = i.loan_id
          where a.business_date = $1 and l.business_line = 'consumer'`,
        [date],
      );
      const fen = BigInt(row?.sum ?? '0');
      const said = f.dates[k]!.accrual.published.total;
      expect([date, `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`]).toEqual([date, said]);
    }
    const after = await finance.reports.forecast({ businessLine: 'consumer', days: 2 });
    expect(after.dates.map((d) => d.accrual.accrued)).toEqual([true, true]);
    expect(after.totals.accrual).toEqual({ published: '0.00', withGray: '0.00' });
  });
});

describe('reports.forecast after a rule change', () => {
  it('computes again once the gray release is promoted: both sides agree', async () => {
    const before = await finance.reports.forecast({ businessLine: 'consumer', days: 5 });
    const set = (await finance.rules.list({ kind: 'window' })).find(
      (s) => s.scopeKey === 'consumer',
    )!;
    await pm.rules.promote({
      ruleSetId: set.id,
      expectedRevision: set.revision,
      reason: '60 days for all',
    });
    const after = await finance.reports.forecast({ businessLine: 'consumer', days: 5 });
    expect(new Date(after.computedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(before.computedAt).getTime(),
    );
    const { computedAt: _, ...rest } = after;
    expect(rest).toEqual(
      await h.app.services.reportForecast.live({ businessLine: 'consumer', days: 5 }),
    );
    // 03-19: the gray side took B's period 1 too; promoted, the published side does.
    const evening = (f: typeof after) => f.dates.at(-1)!.slots.find((x) => x.start === '18:00')!;
    expect(evening(before).published.installments).toBeLessThan(
      evening(before).withGray.installments,
    );
    expect(evening(after).published).toEqual(evening(after).withGray);
  });
});
