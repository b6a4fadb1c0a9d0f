// The debits console over tRPC: runs with progress, who may start and steer them, orders with
// filters and their whole story, and the manual review queue decided by finance (above the
// approval limit, by two finance users).
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  for (const [orderNo, cardNo] of [
    ['DC-OK', '6222020200112430000'],
    ['DC-UNKNOWN', '6222020200112030099'],
  ] as const) {
    await h.createLoan({ orderNo });
    await h.bindCard({
      orderNo,
      cardNo,
      bankCode: 'ICBC',
      mobile: '13800138000',
    });
  }
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, delayMs: 600_000 } };
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

describe('runs in the console', () => {
  it('ops start a run with a reason; finance and auditors may not', async () => {
    const finance = await h.callerAs('finance');
    await expect(
      finance.debits.startRun({ date: '2026-03-15', window: '10:00', reason: '补扣' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const ops = await h.callerAs('ops');
    const started = await ops.debits.startRun({
      date: '2026-03-15',
      window: '10:00',
      reason: '手动补跑',
    });
    expect(started.created).toBe(true);
    await expect
      .poll(async () => (await ops.debits.runs({}))[0]?.status, { timeout: 10_000 })
      .toBe('completed');
    const [run] = await ops.debits.runs({});
    expect(run).toMatchObject({
      runKey: '2026-03-15@10:00#*',
      shardsTotal: 1,
      shardsDone: 1,
      installments: 4,
      byStatus: { succeeded: 2, pending: 2 },
    });
    expect(run!.collected).not.toBe('0.00');
    expect(await h.count(`audit_log where action = 'debit.run.start'`)).toBe(1);

    // Today's slots as the start form offers them: the 10:00 one open with its run.
    const slots = await ops.debits.slotsToday();
    const ten = slots.find((x) => x.start === '10:00');
    expect(ten).toMatchObject({ open: true, missed: false, run: { status: 'completed' } });
    expect(slots.every((x) => !x.missed)).toBe(true);
  });

  it('refuses a date that is no calendar date, or an unknown funder, and writes no run', async () => {
    const ops = await h.callerAs('ops');
    const before = await h.count('debit_runs');
    await expect(
      ops.debits.startRun({ date: '2026-02-30', window: '10:00', reason: '补跑' }),
    ).rejects.toMatchObject({ cause: { field: 'date' } });
    await expect(
      ops.debits.startRun({
        date: '2026-03-15',
        window: '10:00',
        funderCode: 'NO-SUCH',
        reason: '补跑',
      }),
    ).rejects.toMatchObject({ cause: { field: 'funderCode' } });
    expect(await h.count('debit_runs')).toBe(before);
  });

  it('refuses an action the run’s state does not allow, naming it', async () => {
    const ops = await h.callerAs('ops');
    const [run] = await ops.debits.runs({});
    await expect(
      ops.debits.runAction({ runId: run!.id, action: 'resume', reason: '继续' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('filters orders and tells one order’s whole story', async () => {
    const auditor = await h.callerAs('auditor');
    const pending = await auditor.debits.orders({ status: 'pending' });
    expect(pending.items.map((o) => o.orderNo)).toEqual(['DC-UNKNOWN', 'DC-UNKNOWN']);
    const ok = await auditor.debits.orders({ orderNo: 'DC-OK', channel: 'sandbox-a' });
    expect(ok.items).toHaveLength(2);
    const detail = await auditor.debits.order({ id: ok.items[0]!.id });
    expect(detail.events.map((e) => `${e.from ?? '∅'}→${e.to}`)).toEqual([
      'created→submitted',
      'submitted→succeeded',
    ]);
    expect(detail.decision).toMatchObject({ route: '工行建行', chosen: 'sandbox-a' });
    expect(detail.decision?.ruleLabel).toBe('默认通道路由 v1');
    expect(Object.keys(detail.ruleVersions)).toEqual(['window']);
    expect(detail.cardNo).toBe('622202******0000');
    // Keyset pages.
    const first = await auditor.debits.orders({ limit: 3 });
    const second = await auditor.debits.orders({ limit: 3, cursor: first.nextCursor });
    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });
});

describe('manual review', () => {
  it('an order still unknown after the last query goes to review; finance decides with evidence', async () => {
    // The channel stops answering queries (every one "maintenance"): the answer stays unknown.
    for (const c of sandbox.channels.values()) c.profile = { ...c.profile, outage: true };
    await h.app.database.sql.query(
      `update debit_orders set query_attempts = 4 where status = 'pending'`,
    );
    h.clock.advance(3 * 3600_000);
    expect(await h.app.services.debitCompensation.sweep()).toBe(2);
    const ops = await h.callerAs('ops');
    const review = await ops.debits.orders({ status: 'manual_review' });
    expect(review.items).toHaveLength(2);
    const [first, second] = review.items;

    await expect(
      ops.debits.resolve({
        orderKey: first!.orderKey,
        outcome: 'succeeded',
        evidence: '对账单第 12 行',
        reason: '已确认',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const finance = await h.callerAs('finance');
    await expect(
      finance.debits.resolve({
        orderKey: first!.orderKey,
        outcome: 'succeeded',
        evidence: 'x',
        reason: '已确认',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // ¥8,884.88 is above the approval limit (¥5,000.00): one finance user only proposes it.
    const proposed = await finance.debits.resolve({
      orderKey: first!.orderKey,
      outcome: 'succeeded',
      evidence: '通道对账单 2026-03-15 第 12 行',
      reason: '对账确认已扣款',
    });
    expect(proposed).toEqual({
      orderKey: first!.orderKey,
      status: 'pending_approval',
      resolutionId: expect.stringMatching(/^\d+$/),
    });
    const resolutionId = proposed.resolutionId!;
    expect((await ops.debits.order({ id: first!.id })).status).toBe('manual_review');
    expect(await ops.debits.resolutions({})).toMatchObject([
      {
        id: resolutionId,
        orderKey: first!.orderKey,
        orderNo: 'DC-UNKNOWN',
        amount: '8884.88',
        outcome: 'succeeded',
        evidence: '通道对账单 2026-03-15 第 12 行',
        status: 'pending_approval',
        proposedBy: expect.stringMatching(/^user:/),
      },
    ]);
    const approve = { resolutionId, approve: true, note: '复核对账单一致' };
    // Not the proposer, not ops; and nothing else is decided about the order meanwhile.
    await expect(finance.debits.decideResolution(approve)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(ops.debits.decideResolution(approve)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      finance.debits.resolve({
        orderKey: first!.orderKey,
        outcome: 'failed',
        evidence: '银行回单 0001',
        reason: '改判失败',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await h.app.services.users.createUser({
      username: 'finance2',
      role: 'finance',
      password: 'repay123',
    });
    const finance2 = await h.callerAs('finance2');
    expect(await finance2.debits.decideResolution(approve)).toEqual({
      resolutionId,
      orderKey: first!.orderKey,
      status: 'approved',
    });
    // Settled like any success: installment paid, ledger posted once.
    const [row] = await h.app.database.sql.query<{ status: string; journals: bigint }>(
      `select i.status, (select count(*) from ledger_journals j where j.idempotency_key = 'debit.collected:' || d.idempotency_key)::bigint as journals
         from installments i join debit_orders d on d.installment_id = i.id where d.idempotency_key = $1`,
      [first!.orderKey],
    );
    expect(row).toEqual({ status: 'paid', journals: 1n });
    const detail = await ops.debits.order({ id: first!.id });
    expect(detail.status).toBe('succeeded');
    expect(detail.events.at(-1)).toMatchObject({
      from: 'manual_review',
      to: 'succeeded',
      rawCode: 'MANUAL',
      actor: expect.stringMatching(/^user:/),
    });
    expect(detail.events.at(-1)!.rawMessage).toContain('复核对账单一致');
    await expect(finance2.debits.decideResolution(approve)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      finance.debits.resolve({
        orderKey: first!.orderKey,
        outcome: 'failed',
        evidence: '重复操作',
        reason: '误操作',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await ops.debits.resolutions({})).toEqual([]);
    expect(await ops.debits.resolutions({ status: 'approved' })).toMatchObject([
      {
        id: resolutionId,
        decidedBy: expect.stringMatching(/^user:/),
        decisionNote: '复核对账单一致',
      },
    ]);

    // Query now, once the channel answers again: the second one is settled from the channel.
    for (const c of sandbox.channels.values()) c.profile = { ...c.profile, outage: false };
    await new Promise((r) => setTimeout(r, 2100)); // the sandbox resolves 0099 after 2 s
    expect(await ops.debits.queryNow({ orderKey: second!.orderKey })).toEqual({ moved: true });
    expect((await ops.debits.order({ id: second!.id })).status).toBe('succeeded');
    expect(
      await h.count(
        `audit_log where action in ('debit.resolve_proposed', 'debit.resolve_approved', 'debit.query')`,
      ),
    ).toBe(3);
  });

  it('flags today’s slots that ended without a run as missed', async () => {
    const ops = await h.callerAs('ops');
    h.clock.advance(5 * 3600_000); // 15:00
    const slots = await ops.debits.slotsToday();
    expect(slots.length).toBeGreaterThan(1);
    for (const x of slots) expect(x.missed, x.start).toBe(x.run === null && x.end <= '15:00');
    expect(slots.some((x) => x.missed)).toBe(true);
  });
});
