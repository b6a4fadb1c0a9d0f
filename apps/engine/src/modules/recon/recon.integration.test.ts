// Funds reconciliation end to end: a window's debits at sandbox-a, then statement files in the
// sandbox's layout that tick some off and contradict others. Every outcome class, a pending
// order the statement resolves (through the debits' state machine), an order near midnight
// carried to the next day's file, the same file twice (also concurrently), another file for a
// day already in, and a malformed file refused whole with its line.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { fenToYuan, luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../events';
import { startHarness, type Harness } from '../../testing/harness';
import { moneyViolations } from '../../testing/money-invariants';

let sandbox: Sandbox;
let h: Harness;
const actor = systemActor('test');
const DAY = '2026-03-15';
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

/** Sandbox test cards: the last four digits choose the answer (0000 success, 0051 fails, 0099 pending). */
const cards = {
  ok1: luhnCardNo('62220202001124', '0000'),
  ok2: luhnCardNo('62220202001125', '0000'),
  ok3: luhnCardNo('62220202001126', '0000'),
  ok4: luhnCardNo('62220202001127', '0000'),
  ok5: luhnCardNo('62220202001128', '0000'),
  fail: luhnCardNo('62220202001124', '0051'),
  pending: luhnCardNo('62220202001124', '0099'),
};
type Order = { key: string; status: string; amount: bigint; serial: string | null };
const orders = new Map<string, Order>();

/** sandbox-a's fee: 2‰ of the amount rounded down, at least 0.30. */
const feeOf = (fen: bigint) => ((fen * 2n) / 1000n > 30n ? (fen * 2n) / 1000n : 30n);

type Line = { order: string; serial?: string; amount: bigint; fee?: bigint; status: string };
/** A statement in the sandbox's layout, with a summary that agrees with its lines. */
function statement(date: string, lines: Line[]): Uint8Array {
  const ok = lines.filter((l) => l.status === 'success');
  const rows = lines.map((l, i) =>
    [
      l.order,
      l.serial ?? `SER-${date}-${i}`,
      'debit',
      l.amount,
      l.fee ?? feeOf(l.amount),
      l.status,
      `${date}T03:00:00.000Z`,
    ].join(','),
  );
  const sum = (list: Line[], f: (l: Line) => bigint) => list.reduce((s, l) => s + f(l), 0n);
  return Buffer.from(
    [
      `# channel=sandbox-a,date=${date},rows=${lines.length}`,
      'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
      ...rows,
      `# summary,count=${lines.length},success_count=${ok.length},success_amount_fen=${sum(ok, (l) => l.amount)},fee_fen=${sum(ok, (l) => l.fee ?? feeOf(l.amount))}`,
      '',
    ].join('\n'),
  );
}

const importFile = (date: string, bytes: Uint8Array, fileName = `a-${date}.csv`) =>
  h.app.services.statementImports.importStatement(
    { channelCode: 'sandbox-a', businessDate: date, fileName, bytes, source: 'upload' },
    actor,
  );

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({
    clock: `${DAY}T10:00:00+08:00`,
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
  });
  // Answers arrive only as the debits' responses: no notification settles the pending one.
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, delayMs: 600_000 } };
  for (const code of ['sandbox-b', 'sandbox-c'])
    await h.app.services.channelRegistry.setStatus(code, 'down', 'recon test: one channel', actor);
  let n = 0;
  for (const [name, cardNo] of Object.entries(cards)) {
    const mobile = `1380013${String(8100 + n++)}`;
    // One installment due today: one debit order per loan.
    await h.createLoan({
      orderNo: `RC-${name}`,
      startDate: '2026-02-15',
      firstDueDate: DAY,
      borrower: { name: '王五', idNo: '110101199003071233', mobile },
    });
    await h.bindCard({ orderNo: `RC-${name}`, cardNo, bankCode: 'ICBC', mobile });
  }
  await h.app.services.overdueAccrual.accrueDate(DAY, 'test');
  const run = await h.app.services.debitRuns.startRun({ date: DAY, window: '10:00' }, 'test');
  await h.app.services.debitRuns.work(run.runId);
  const rows = await q<Order & { orderNo: string }>(
    `select l.order_no as "orderNo", d.idempotency_key as key, d.status, d.amount,
            d.channel_serial as serial
       from debit_orders d join loans l on l.id = d.loan_id`,
  );
  for (const r of rows) orders.set(r.orderNo.slice(3), r);
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

const o = (name: string) => orders.get(name)!;

describe('the window before reconciliation', () => {
  it('sent every loan to sandbox-a: successes, a failure and a pending one', () => {
    expect(Object.fromEntries([...orders].map(([k, v]) => [k, v.status]))).toEqual({
      ok1: 'succeeded',
      ok2: 'succeeded',
      ok3: 'succeeded',
      ok4: 'succeeded',
      ok5: 'succeeded',
      fail: 'failed',
      pending: 'pending',
    });
  });
});

describe('import', () => {
  it('refuses a malformed file whole, naming its line, and keeps nothing', async () => {
    const good = Buffer.from(
      statement(DAY, [{ order: o('ok1').key, amount: o('ok1').amount, status: 'success' }]),
    );
    const bad = Buffer.from(good.toString().replace(`,${o('ok1').amount},`, ',12x4,'));
    await expect(importFile(DAY, bad)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'file',
      message: expect.stringContaining('line 3'),
    });
    expect(await h.count('statement_imports')).toBe(0);
    expect(await h.count('statement_lines')).toBe(0);
  });

  it('refuses a file whose summary disagrees with its lines', async () => {
    const text = Buffer.from(
      statement(DAY, [{ order: o('ok1').key, amount: o('ok1').amount, status: 'success' }]),
    )
      .toString()
      .replace(/success_count=1/, 'success_count=2');
    await expect(importFile(DAY, Buffer.from(text))).rejects.toMatchObject({ field: 'file' });
    expect(await h.count('statement_lines')).toBe(0);
  });
});

describe(`the statement of ${DAY}`, () => {
  let file: Uint8Array;
  beforeAll(() => {
    // ok4 was sent at 23:50 (as if): the channel may book it on the next day.
    return q(`update debit_orders set submitted_at = $2::timestamptz where idempotency_key = $1`, [
      o('ok4').key,
      `${DAY}T23:50:00+08:00`,
    ]);
  });

  it('imports all its lines once; the same bytes again (even at once) are a duplicate', async () => {
    file = statement(DAY, [
      {
        order: o('ok1').key,
        serial: o('ok1').serial ?? undefined,
        amount: o('ok1').amount,
        status: 'success',
      },
      // A fen less than we booked.
      { order: o('ok2').key, amount: o('ok2').amount - 1n, status: 'success' },
      // Our success, their failure.
      { order: o('ok3').key, amount: o('ok3').amount, status: 'failed' },
      // Our failure, their success; and an order we never made.
      {
        order: o('fail').key,
        serial: o('fail').serial ?? undefined,
        amount: o('fail').amount,
        status: 'success',
      },
      { order: 'W202603151000-999999', amount: 12_345n, status: 'success' },
      // Our pending order: the statement is its answer.
      {
        order: o('pending').key,
        serial: o('pending').serial ?? undefined,
        amount: o('pending').amount,
        status: 'success',
      },
    ]);
    const [first, second] = await Promise.all([
      importFile(DAY, file),
      importFile(DAY, file, 'again.csv'),
    ]);
    const answers = [first, second].sort((a, b) => Number(a.duplicate) - Number(b.duplicate));
    expect(answers[0]).toMatchObject({ lines: 6, duplicate: false });
    expect(answers[1]).toEqual({ ...answers[0], duplicate: true });
    expect(await h.count('statement_imports')).toBe(1);
    expect(await h.count('statement_lines')).toBe(6);
    const ok =
      [o('ok1'), o('fail'), o('pending')].reduce((s, x) => s + x.amount, 0n) +
      o('ok2').amount -
      1n +
      12_345n;
    expect(answers[0]!.amount).toBe(fenToYuan(ok));
  });

  it('refuses another file for the same day', async () => {
    await expect(
      importFile(DAY, statement(DAY, [{ order: 'X', amount: 1n, status: 'success' }])),
    ).rejects.toMatchObject({ code: 'CONFLICT', field: 'date' });
  });

  it('reconciles: each outcome counted, the pending order settled, the near-midnight one carried', async () => {
    const result = await h.app.services.reconRuns.run(
      { channelCode: 'sandbox-a', businessDate: DAY },
      actor,
    );
    expect(result.counts).toEqual({
      matched: 1,
      overage: 2,
      shortage: 2, // ok3 (their failure) and ok5 (not on the statement)
      mismatch: 1,
      pendingResolved: 1,
      carried: 1,
    });
    const [pending] = await q<{ status: string; rawCode: string }>(
      `select status, raw_code as "rawCode" from debit_orders where idempotency_key = $1`,
      [o('pending').key],
    );
    expect(pending).toEqual({ status: 'succeeded', rawCode: 'STATEMENT_SUCCESS' });
    const cases = await q<{ kind: string; orderId: string; status: string }>(
      `select kind, order_id as "orderId", status from recon_cases order by kind, order_id`,
    );
    expect(cases).toEqual(
      [
        { kind: 'mismatch', orderId: o('ok2').key, status: 'open' },
        { kind: 'overage', orderId: o('fail').key, status: 'open' },
        { kind: 'overage', orderId: 'W202603151000-999999', status: 'open' },
        { kind: 'shortage', orderId: o('ok3').key, status: 'open' },
        { kind: 'shortage', orderId: o('ok5').key, status: 'open' },
      ].sort((a, b) => a.kind.localeCompare(b.kind) || a.orderId.localeCompare(b.orderId)),
    );
    // Our failed order is not completed by the run: that is a person's decision (补单).
    const [failed] = await q<{ status: string }>(
      `select status from debit_orders where idempotency_key = $1`,
      [o('fail').key],
    );
    expect(failed!.status).toBe('failed');
  });

  it('stores each case’s reason as a code with its details (fen), and words it in English', async () => {
    const rows = await q<{
      orderId: string;
      reason: string;
      code: string | null;
      params: Record<string, string>;
    }>(
      `select order_id as "orderId", reason, reason_code as code, reason_params as params
         from recon_cases order by id`,
    );
    const of = (orderId: string) => rows.find((r) => r.orderId === orderId)!;
    expect(of(o('ok2').key)).toEqual({
      orderId: o('ok2').key,
      reason: `the channel took ${o('ok2').amount - 1n} fen; our order is for ${o('ok2').amount} fen`,
      code: 'mismatch_amount',
      params: {
        theirAmountFen: String(o('ok2').amount - 1n),
        ourAmountFen: String(o('ok2').amount),
      },
    });
    expect(of(o('ok3').key)).toMatchObject({ code: 'shortage_failed', params: {} });
    expect(of(o('ok5').key)).toMatchObject({
      code: 'shortage_missing',
      reason: 'our order succeeded; the statement does not show it',
    });
    expect(of(o('fail').key)).toMatchObject({
      code: 'overage_our_status',
      params: { ourStatus: 'failed' },
    });
    expect(of('W202603151000-999999')).toMatchObject({ code: 'overage_no_order', params: {} });
    // The console reads the details as yuan; the history's opening note is the English words.
    const { items } = await h.app.services.reconCases.list({ orderId: o('ok2').key, limit: 1 });
    expect(items[0]).toMatchObject({
      reasonCode: 'mismatch_amount',
      reasonParams: {
        theirAmount: fenToYuan(o('ok2').amount - 1n),
        ourAmount: fenToYuan(o('ok2').amount),
      },
    });
    const detail = await h.app.services.reconCases.get(items[0]!.id);
    expect(detail.actions[0]).toMatchObject({ action: 'opened', note: detail.reason });
  });

  it('a case opened before reasons had codes reads as it was written', async () => {
    const [old] = await q<{ id: bigint }>(
      `insert into recon_cases (case_key, channel_code, business_date, kind, order_id, reason)
       values ('sandbox-a:shortage:OLD-1', 'sandbox-a', '2026-03-01', 'shortage', 'OLD-1',
               'our order succeeded; the statement does not show it') returning id`,
    );
    const c = await h.app.services.reconCases.get(`rcc_${old!.id}`);
    expect(c).toMatchObject({
      reason: 'our order succeeded; the statement does not show it',
      reasonCode: null,
      reasonParams: {},
    });
    // Only codes the engine knows are stored.
    await expect(
      q(`update recon_cases set reason_code = 'something_else' where id = $1`, [old!.id]),
    ).rejects.toThrow(/recon_cases_reason_code_check/);
    await q(`delete from recon_cases where id = $1`, [old!.id]);
  });

  it('a rerun finds the same differences and opens no second case', async () => {
    const again = await h.app.services.reconRuns.run(
      { channelCode: 'sandbox-a', businessDate: DAY },
      actor,
    );
    expect(again).toMatchObject({ attempt: 2, casesOpened: 0 });
    // The pending order is now a plain match.
    expect(again.counts).toMatchObject({ matched: 2, pendingResolved: 0, carried: 1 });
    expect(await h.count('recon_cases')).toBe(5);
  });

  it('the carried order matches on the next day’s file', async () => {
    const next = '2026-03-16';
    await importFile(
      next,
      statement(next, [{ order: o('ok4').key, amount: o('ok4').amount, status: 'success' }]),
    );
    const result = await h.app.services.reconRuns.run(
      { channelCode: 'sandbox-a', businessDate: next },
      actor,
    );
    expect(result.counts).toEqual({
      matched: 1,
      overage: 0,
      shortage: 0,
      mismatch: 0,
      pendingResolved: 0,
      carried: 0,
    });
    // And the first day, run again now that the next day is in, carries nothing.
    const first = await h.app.services.reconRuns.run(
      { channelCode: 'sandbox-a', businessDate: DAY },
      actor,
    );
    expect(first.counts).toMatchObject({ carried: 0, shortage: 2 });
  });

  it('a day without a statement cannot be reconciled', async () => {
    await expect(
      h.app.services.reconRuns.run({ channelCode: 'sandbox-a', businessDate: '2026-03-20' }, actor),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE', field: 'date' });
  });
});

describe('the cases, worked by finance', () => {
  const alice = { type: 'user' as const, id: 'alice' };
  const bob = { type: 'user' as const, id: 'bob' };
  const caseOf = async (orderId: string) => {
    const { items } = await h.app.services.reconCases.list({ orderId, limit: 10 });
    expect(items).toHaveLength(1);
    return items[0]!;
  };
  const journal = (key: string) =>
    q<{ account: string; amount: bigint }>(
      `select a.code as account, e.amount from ledger_entries e
         join ledger_journals j on j.id = e.journal_id join ledger_accounts a on a.id = e.account_id
        where j.idempotency_key = $1 order by a.code`,
      [key],
    );

  it('a case is taken: investigating, owned, in its history', async () => {
    const c = await caseOf(o('ok5').key);
    await h.app.services.reconCases.assign({ caseId: c.id, note: 'asking the channel' }, alice);
    const taken = await h.app.services.reconCases.get(c.id);
    expect(taken).toMatchObject({ status: 'investigating', owner: 'user:alice' });
    expect(taken.actions.map((a) => a.action)).toEqual(['opened', 'assigned']);
  });

  it('refunding money taken for no order of ours: owed from suspense, listed to refund', async () => {
    const c = await caseOf('W202603151000-999999');
    expect(
      await h.app.services.reconCases.act(
        { caseId: c.id, action: 'refund', note: 'not our order' },
        alice,
      ),
    ).toEqual({ status: 'resolved' });
    expect(await journal(`recon.refund_owed:${c.caseKey}`)).toEqual([
      { account: 'clearing.unidentified', amount: 12_345n },
      { account: 'suspense.unidentified', amount: -12_345n },
    ]);
    const [owed] = await q<{ kind: string; amount: bigint }>(
      `select kind, amount from channel_anomalies where anomaly_key = $1`,
      [`recon-refund:${c.caseKey}`],
    );
    expect(owed).toEqual({ kind: 'overpayment', amount: 12_345n });
    await expect(
      h.app.services.reconCases.act({ caseId: c.id, action: 'close', note: 'again' }, bob),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a write-off is refused above the channel’s tolerance, and posts the fen within it', async () => {
    const c = await caseOf(o('ok2').key);
    expect(c.difference).toBe('-0.01');
    await expect(
      h.app.services.reconCases.act({ caseId: c.id, action: 'write_off', note: 'a fen' }, alice),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE', field: 'action' });
    await q(`update channels set write_off_tolerance_fen = 100 where code = 'sandbox-a'`);
    await h.app.services.reconCases.act(
      { caseId: c.id, action: 'write_off', note: 'a fen' },
      alice,
    );
    const [funder] = await q<{ code: string }>(
      `select f.code from loans l join funders f on f.id = l.funder_id where l.order_no = 'RC-ok2'`,
    );
    expect(await journal(`recon.write_off:${c.caseKey}`)).toEqual([
      { account: `clearing.collections:${funder!.code}`, amount: -1n },
      { account: `expense.recon_writeoff:${funder!.code}`, amount: 1n },
    ]);
  });

  it('completing our failed order (补单) above the limit waits for a second person, then allocates', async () => {
    const c = await caseOf(o('fail').key);
    await expect(
      h.app.services.reconCases.act({ caseId: c.id, action: 'write_off', note: 'no' }, alice),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    // Refunding it would pay twice should the order's own success still arrive.
    await expect(
      h.app.services.reconCases.act({ caseId: c.id, action: 'refund', note: 'no' }, alice),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE', field: 'action' });
    expect(
      await h.app.services.reconCases.act(
        { caseId: c.id, action: 'complete', note: 'the channel took it' },
        alice,
      ),
    ).toEqual({ status: 'pending_approval' });
    const [waiting] = await q<{ status: string }>(
      `select status from debit_orders where idempotency_key = $1`,
      [o('fail').key],
    );
    expect(waiting!.status).toBe('failed');
    await expect(
      h.app.services.reconCases.decide({ caseId: c.id, approve: true, note: 'me too' }, alice),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await h.app.services.reconCases.decide({ caseId: c.id, approve: true, note: 'seen' }, bob),
    ).toEqual({ status: 'resolved' });
    const [done] = await q<{ status: string }>(
      `select status from debit_orders where idempotency_key = $1`,
      [o('fail').key],
    );
    expect(done!.status).toBe('succeeded');
    const posted = await journal(`debit.collected:${o('fail').key}`);
    expect(posted.reduce((s, e) => s + e.amount, 0n)).toBe(0n);
    expect(posted.find((e) => e.account.startsWith('clearing.collections'))!.amount).toBe(
      o('fail').amount,
    );
    const history = (await h.app.services.reconCases.get(c.id)).actions.map((a) => a.action);
    expect(history).toEqual(['opened', 'proposed:complete', 'complete']);
  });

  it('a shortage explained is closed with its note (its amount needs a second person); nothing is posted', async () => {
    const c = await caseOf(o('ok5').key);
    const journalsBefore = await h.count('ledger_journals');
    expect(
      await h.app.services.reconCases.act(
        { caseId: c.id, action: 'close', note: 'the channel corrected its file' },
        alice,
      ),
    ).toEqual({ status: 'pending_approval' });
    await h.app.services.reconCases.decide({ caseId: c.id, approve: true, note: 'agreed' }, bob);
    expect(await h.count('ledger_journals')).toBe(journalsBefore);
    expect((await h.app.services.reconCases.get(c.id)).resolution).toBe('close');
  });

  it('reversing our success the channel failed (冲正): the installment owes it again, the journal undone', async () => {
    const c = await caseOf(o('ok3').key);
    const state = () =>
      q<{ status: string; principalPaid: bigint; loanStatus: string; outstanding: bigint }>(
        `select i.status, i.principal_paid as "principalPaid", l.status as "loanStatus",
                l.outstanding_principal as outstanding
           from installments i join loans l on l.id = i.loan_id
          where l.order_no = 'RC-ok3' and i.is_current and i.period = 1`,
      );
    const [before] = await state();
    expect(before!.status).toBe('paid');
    expect(
      await h.app.services.reconCases.act(
        { caseId: c.id, action: 'reverse', note: 'the channel failed it' },
        alice,
      ),
    ).toEqual({ status: 'pending_approval' });
    expect(
      await h.app.services.reconCases.decide({ caseId: c.id, approve: true, note: 'seen' }, bob),
    ).toEqual({ status: 'resolved' });
    const [after] = await state();
    expect(after).toMatchObject({ status: 'pending', principalPaid: 0n, loanStatus: 'active' });
    expect(after!.outstanding).toBe(before!.outstanding + before!.principalPaid);
    const collected = await journal(`debit.collected:${o('ok3').key}`);
    const reversed = await journal(`debit.reversed:${o('ok3').key}`);
    expect(reversed).toEqual(collected.map((e) => ({ ...e, amount: -e.amount })));
    const [order] = await q<{ status: string }>(
      `select status from debit_orders where idempotency_key = $1`,
      [o('ok3').key],
    );
    expect(order!.status).toBe('reversed');
    // The channel's success heard later is for people: the money is not applied again.
    const moved = await h.app.services.debitResults.applyMany(
      [
        {
          orderKey: o('ok3').key,
          channelCode: 'sandbox-a',
          answer: {
            resultClass: 'success',
            rawCode: '0000',
            rawMessage: 'late',
            data: { orderId: o('ok3').key, amountFen: o('ok3').amount },
          },
        },
      ],
      actor,
      'notification',
    );
    expect(moved.size).toBe(0);
    const [again] = await state();
    expect(again!.status).toBe('pending');
    const [anomaly] = await q<{ kind: string }>(
      `select kind from channel_anomalies where order_key = $1 and kind = 'contradicting_answer'`,
      [o('ok3').key],
    );
    expect(anomaly).toEqual({ kind: 'contradicting_answer' });
  });

  it('leaves the money invariants whole', async () => {
    expect(await moneyViolations(q)).toEqual([]);
  });

  it('the history cannot be rewritten', async () => {
    await expect(q(`update recon_case_actions set note = 'x'`)).rejects.toThrow(/append-only/);
    await expect(q(`delete from recon_case_actions`)).rejects.toThrow(/append-only/);
  });
});
