// Four eyes on money credited by hand: a debit under manual review resolved as succeeded for
// more than the approval limit (here REPAY_REVIEW_APPROVAL_ABOVE = 8884.88, exactly the first
// installment of the example loan) waits for a second finance user; at the limit one suffices.
// A proposal is rejected, superseded when the channel answers first, never decided by its
// proposer (also a database CHECK).
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgError } from '@repay/db';
import { startHarness, type Harness, type Caller } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
let finance: Caller;
let finance2: Caller;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

// Pending cards (the sandbox answers "processing", then success after 2 s); Luhn-valid.
const LOANS = {
  'REV-AT': { cardNo: '6222020200112290099', principal: '100000.00' },
  'REV-ABOVE': { cardNo: '6222020201112270099', principal: '100000.12' },
  'REV-RACE': { cardNo: '6222020202112250099', principal: '100000.12' },
} as const;
type LoanNo = keyof typeof LOANS;

const orderOf = async (orderNo: LoanNo) =>
  (
    await q<{ id: bigint; key: string; status: string; amount: bigint }>(
      `select d.id, d.idempotency_key as key, d.status, d.amount from debit_orders d
         join loans l on l.id = d.loan_id where l.order_no = $1`,
      [orderNo],
    )
  )[0]!;
const resolve = (caller: Caller, orderNo: LoanNo, key: string) =>
  caller.debits.resolve({
    orderKey: key,
    outcome: 'succeeded',
    evidence: `对账单 ${orderNo}`,
    reason: '对账确认已扣款',
  });

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl, env: { REPAY_REVIEW_APPROVAL_ABOVE: '8884.88' } });
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, enabled: false } };
  let n = 0;
  for (const [orderNo, loan] of Object.entries(LOANS)) {
    n++;
    const mobile = `1390013700${n}`;
    const { created, bound } = await h.loanOnCard(
      {
        orderNo,
        principal: loan.principal,
        startDate: '2026-02-15',
        firstDueDate: '2026-03-15',
        borrower: { name: '赵六', idNo: '110101199003071233', mobile },
        card: undefined,
      },
      { cardNo: loan.cardNo, bankCode: 'ICBC', mobile },
    );
    expect([created.status, bound.status]).toEqual([201, 200]);
  }
  const run = await h.app.services.debitRuns.startRun(
    { date: '2026-03-15', window: '10:00' },
    'test',
  );
  await h.app.services.debitRuns.work(run.runId);
  // The channel stops answering queries: after the last one every order is under review.
  for (const c of sandbox.channels.values()) c.profile = { ...c.profile, outage: true };
  await q(`update debit_orders set query_attempts = 4 where status = 'pending'`);
  h.clock.advance(3 * 3600_000);
  expect(await h.app.services.debitCompensation.sweep()).toBe(3);
  await h.app.services.users.createUser({
    username: 'finance2',
    role: 'finance',
    password: 'repay123',
  });
  finance = await h.callerAs('finance');
  finance2 = await h.callerAs('finance2');
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

describe('resolving a debit under manual review as succeeded', () => {
  it('at the limit: one finance user settles it', async () => {
    const order = await orderOf('REV-AT');
    expect(order).toMatchObject({ status: 'manual_review', amount: 888_488n });
    expect(await resolve(finance, 'REV-AT', order.key)).toEqual({
      orderKey: order.key,
      status: 'succeeded',
      resolutionId: null,
    });
    expect((await orderOf('REV-AT')).status).toBe('succeeded');
  });

  it('above it: proposed, rejected by a second user, proposed again and approved', async () => {
    const order = await orderOf('REV-ABOVE');
    expect(order.amount).toBeGreaterThan(888_488n);
    const first = await resolve(finance, 'REV-ABOVE', order.key);
    expect(first.status).toBe('pending_approval');
    expect(
      await finance2.debits.decideResolution({
        resolutionId: first.resolutionId!,
        approve: false,
        note: '对账单行号不符',
      }),
    ).toMatchObject({ status: 'rejected' });
    expect((await orderOf('REV-ABOVE')).status).toBe('manual_review');
    expect(await h.count(`ledger_journals where idempotency_key like '%${order.key}'`)).toBe(0);

    const second = await resolve(finance2, 'REV-ABOVE', order.key);
    expect(second.status).toBe('pending_approval');
    await expect(
      finance2.debits.decideResolution({
        resolutionId: second.resolutionId!,
        approve: true,
        note: '自己批准',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await finance.debits.decideResolution({
        resolutionId: second.resolutionId!,
        approve: true,
        note: '复核一致',
      }),
    ).toMatchObject({ status: 'approved' });
    expect((await orderOf('REV-ABOVE')).status).toBe('succeeded');
    expect(await h.count(`ledger_journals where idempotency_key like '%${order.key}'`)).toBe(1);
    const audit = await q<{ action: string }>(
      `select action from audit_log where entity_id = $1 order by id`,
      [order.key],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'debit.resolve_proposed',
      'debit.resolve_rejected',
      'debit.resolve_proposed',
      'debit.resolve_approved',
    ]);
  });

  it('the channel answers while a proposal waits: the proposal is superseded, never approved', async () => {
    const order = await orderOf('REV-RACE');
    const proposed = await resolve(finance, 'REV-RACE', order.key);
    expect(proposed.status).toBe('pending_approval');
    // The channel answers again, and has settled the order by now.
    for (const c of sandbox.channels.values()) {
      c.profile = { ...c.profile, outage: false };
      const held = c.orders.get(order.key);
      if (held?.resolveAt) held.resolveAt = Date.now();
    }
    const ops = await h.callerAs('ops');
    expect(await ops.debits.queryNow({ orderKey: order.key })).toEqual({ moved: true });
    expect((await orderOf('REV-RACE')).status).toBe('succeeded');
    expect(await finance.debits.resolutions({ status: 'superseded' })).toMatchObject([
      { id: proposed.resolutionId, status: 'superseded' },
    ]);
    await expect(
      finance2.debits.decideResolution({
        resolutionId: proposed.resolutionId!,
        approve: true,
        note: '复核一致',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await h.count(`ledger_journals where idempotency_key like '%${order.key}'`)).toBe(1);
  });

  it('the database refuses a proposal decided by its proposer', async () => {
    const error = await q(
      `update debit_resolutions set decided_by = proposed_by where id = (select min(id) from debit_resolutions)`,
    ).catch((e: unknown) => e);
    expect(pgError(error)?.constraint).toBe('debit_resolutions_four_eyes_check');
  });
});
