// Waivers from the console: whole or partial, applied at once up to the limit (default 500.00),
// above it only after a second user approves; what is due comes down, never what was paid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let ops: Caller;
let finance: Caller;
let admin: Caller;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
let keys = 0;
const key = () => `waiver-key-${++keys}`;

async function charges(orderNo: string) {
  return q<{
    period: number;
    penaltyDue: string;
    feeDue: string;
    penaltyPaid: string;
    status: string;
  }>(
    `select i.period, i.penalty_due::text as "penaltyDue", i.fee_due::text as "feeDue",
            i.penalty_paid::text as "penaltyPaid", i.status
       from installments i join loans l on l.id = i.loan_id
      where l.order_no = $1 and i.is_current and i.period <= 2 order by i.period`,
    [orderNo],
  );
}

beforeAll(async () => {
  h = await startHarness(); // 2026-03-15: period 1 (02-15) overdue
  for (const orderNo of ['WV-1', 'WV-2', 'WV-3', 'WV-4', 'WV-5']) {
    await h.createLoan({ orderNo });
    // Charges as the daily accrual would have left them: 1,234.56 penalty and 50.00 late fee
    // on period 1, 10.00 penalty on period 2.
    await q(
      `update installments i set penalty_due = case i.period when 1 then 123456 else 1000 end,
              fee_due = case i.period when 1 then 5000 else 0 end, status = 'overdue'
         from loans l where l.id = i.loan_id and l.order_no = $1 and i.period in (1, 2)`,
      [orderNo],
    );
  }
  ops = await h.callerAs('ops');
  finance = await h.callerAs('finance');
  admin = await h.callerAs('admin');
});
afterAll(() => h.close());

describe('up to the limit: applied at once', () => {
  it('100.00 of penalty comes off period 1; the event and audit are written', async () => {
    const w = await ops.loans.waive({
      orderNo: 'WV-1',
      requestKey: key(),
      component: 'penalty',
      amount: '100.00',
      reason: '客户投诉，减免部分罚息',
    });
    expect(w).toMatchObject({
      status: 'applied',
      amount: '100.00',
      decidedBy: null,
      lines: [{ period: 1, amount: '100.00' }],
    });
    expect((await charges('WV-1')).map((c) => c.penaltyDue)).toEqual(['113456', '1000']);
    expect(await h.count(`outbox_events where topic = 'loan.waiver_applied'`)).toBe(1);
    expect(await h.count(`audit_log where action = 'loan.waive'`)).toBe(1);
  });

  it('the whole fee (no amount) closes nothing while principal is owed', async () => {
    const w = await ops.loans.waive({
      orderNo: 'WV-1',
      requestKey: key(),
      component: 'fee',
      reason: '免滞纳金',
    });
    expect(w).toMatchObject({ status: 'applied', amount: '50.00' });
    const [p1] = await charges('WV-1');
    expect(p1).toMatchObject({ feeDue: '0', status: 'overdue' });
  });

  it('the same request key again is the same waiver', async () => {
    const k = key();
    const first = await ops.loans.waive({
      orderNo: 'WV-1',
      requestKey: k,
      component: 'penalty',
      amount: '1.00',
      reason: 'r',
    });
    const again = await ops.loans.waive({
      orderNo: 'WV-1',
      requestKey: k,
      component: 'penalty',
      amount: '1.00',
      reason: 'r',
    });
    expect(again).toEqual(first);
    expect((await charges('WV-1'))[0]!.penaltyDue).toBe('113356');
    // The amount compares by value: "1.0" is the same request, 2.00 is another one.
    const sameValue = await ops.loans.waive({
      orderNo: 'WV-1',
      requestKey: k,
      component: 'penalty',
      amount: '1.0',
      reason: 'r',
    });
    expect(sameValue).toEqual(first);
    await expect(
      ops.loans.waive({
        orderNo: 'WV-1',
        requestKey: k,
        component: 'penalty',
        amount: '2.00',
        reason: 'r',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await charges('WV-1'))[0]!.penaltyDue).toBe('113356');
  });
});

describe('above the limit: four eyes', () => {
  it('waits; the requester cannot approve it; another finance user applies it across periods', async () => {
    const w = await finance.loans.waive({
      orderNo: 'WV-2',
      requestKey: key(),
      component: 'penalty',
      amount: '1240.00',
      reason: '疫情减免',
    });
    expect(w).toMatchObject({ status: 'pending_approval', lines: [] });
    expect((await charges('WV-2')).map((c) => c.penaltyDue)).toEqual(['123456', '1000']);
    await expect(
      finance.loans.decideWaiver({ waiverId: w.waiverId, approve: true, note: 'ok' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      ops.loans.decideWaiver({ waiverId: w.waiverId, approve: true, note: 'ok' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const pending = await ops.loans.waivers({ status: 'pending_approval', limit: 10 });
    expect(pending.items.map((x) => x.waiverId)).toEqual([w.waiverId]);
    expect(pending.nextCursor).toBeNull();
    // The whole list a page at a time, newest first, each waiver once.
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof ops.loans.waivers>> = await ops.loans.waivers({
        limit: 1,
        cursor,
      });
      pages.push(page.items.map((x) => x.waiverId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const all = await ops.loans.waivers({ limit: 200 });
    expect(pages.flat()).toEqual(all.items.map((x) => x.waiverId));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((p) => p.length === 1)).toBe(true);
    const applied = await admin.loans.decideWaiver({
      waiverId: w.waiverId,
      approve: true,
      note: '同意',
    });
    // Oldest first: all 1,234.56 of period 1, then 5.44 of period 2.
    expect(applied).toMatchObject({
      status: 'applied',
      decidedBy: expect.stringMatching(/^user:/),
      lines: [
        { period: 1, amount: '1234.56' },
        { period: 2, amount: '5.44' },
      ],
    });
    expect((await charges('WV-2')).map((c) => c.penaltyDue)).toEqual(['0', '456']);
    await expect(
      admin.loans.decideWaiver({ waiverId: w.waiverId, approve: true, note: 'again' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('rejected: nothing changes', async () => {
    const w = await ops.loans.waive({
      orderNo: 'WV-3',
      requestKey: key(),
      component: 'penalty',
      reason: '全部减免',
    });
    expect(w).toMatchObject({ status: 'pending_approval', amount: '1244.56' });
    const rejected = await finance.loans.decideWaiver({
      waiverId: w.waiverId,
      approve: false,
      note: '不符合政策',
    });
    expect(rejected).toMatchObject({ status: 'rejected', decisionNote: '不符合政策' });
    expect((await charges('WV-3')).map((c) => c.penaltyDue)).toEqual(['123456', '1000']);
  });

  it('an installment that owes nothing but the waived charge closes as waived', async () => {
    await q(
      `update installments i set principal_paid = principal_due, interest_paid = interest_due,
              fee_paid = fee_due, penalty_paid = 3456
         from loans l where l.id = i.loan_id and l.order_no = 'WV-3' and i.period = 1`,
    );
    const w = await ops.loans.waive({
      orderNo: 'WV-3',
      requestKey: key(),
      component: 'penalty',
      period: 1,
      reason: '剩余罚息减免',
      amount: '1200.00',
    });
    expect(w.status).toBe('pending_approval');
    await finance.loans.decideWaiver({ waiverId: w.waiverId, approve: true, note: 'ok' });
    const [p1] = await charges('WV-3');
    expect(p1).toMatchObject({ penaltyDue: '3456', penaltyPaid: '3456', status: 'waived' });
  });
});

describe("the limit counts the loan's waivers of the business day together", () => {
  const waive300 = (orderNo: string, caller = ops) =>
    caller.loans.waive({
      orderNo,
      requestKey: key(),
      component: 'penalty',
      amount: '300.00',
      reason: '分笔减免',
    });

  it('two 300.00 waivers under a 500.00 limit: the second waits for approval', async () => {
    expect(await waive300('WV-4')).toMatchObject({ status: 'applied' });
    // 300.00 applied today + 300.00 = 600.00 > 500.00, whoever asks.
    expect(await waive300('WV-4', finance)).toMatchObject({ status: 'pending_approval' });
    // The pending one counts too: a third small one waits as well.
    const small = await ops.loans.waive({
      orderNo: 'WV-4',
      requestKey: key(),
      component: 'fee',
      amount: '1.00',
      reason: '分笔减免',
    });
    expect(small.status).toBe('pending_approval');
    expect((await charges('WV-4')).map((c) => c.penaltyDue)).toEqual(['93456', '1000']);
  });

  it('a rejected waiver does not count, and the next business day starts again', async () => {
    const pending = await ops.loans.waivers({
      status: 'pending_approval',
      orderNo: 'WV-4',
      limit: 10,
    });
    for (const w of pending.items)
      await admin.loans.decideWaiver({ waiverId: w.waiverId, approve: false, note: '不同意' });
    // 300.00 applied today + 100.00 = 400.00: within the limit once the others are rejected.
    const within = await ops.loans.waive({
      orderNo: 'WV-4',
      requestKey: key(),
      component: 'penalty',
      amount: '100.00',
      reason: '分笔减免',
    });
    expect(within.status).toBe('applied');
    h.clock.advance(24 * 3600_000);
    try {
      expect(await waive300('WV-4')).toMatchObject({ status: 'applied' });
    } finally {
      h.clock.advance(-24 * 3600_000);
    }
  });

  it('two 300.00 waivers at once: exactly one is applied, the other waits', async () => {
    const both = await Promise.all([waive300('WV-5'), waive300('WV-5', finance)]);
    expect(both.map((w) => w.status).sort()).toEqual(['applied', 'pending_approval']);
    expect((await charges('WV-5'))[0]!.penaltyDue).toBe('93456');
  });
});

describe('bad input changes nothing', () => {
  it('is refused by field', async () => {
    const before = await h.count('waivers');
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { orderNo: 'WV-1', component: 'penalty', amount: '99999.00' },
        'UNPROCESSABLE_CONTENT',
        'amount',
      ],
      [{ orderNo: 'WV-1', component: 'fee', amount: '1.00' }, 'UNPROCESSABLE_CONTENT', 'component'],
      [{ orderNo: 'WV-1', component: 'penalty', period: 9 }, 'UNPROCESSABLE_CONTENT', 'period'],
      [{ orderNo: 'NOPE', component: 'penalty' }, 'NOT_FOUND', 'orderNo'],
      [{ orderNo: 'WV-1', component: 'penalty', amount: '1.234' }, 'BAD_REQUEST', 'amount'],
      [{ orderNo: 'WV-1', component: 'principal' }, 'BAD_REQUEST', 'component'],
    ];
    for (const [input, code, field] of cases) {
      const attempt = ops.loans.waive({
        requestKey: key(),
        reason: 'x',
        ...input,
      } as Parameters<typeof ops.loans.waive>[0]);
      await expect(attempt, JSON.stringify(input)).rejects.toMatchObject({ code });
      const error = (await attempt.catch((e: unknown) => e)) as {
        cause?: { field?: string };
        message: string;
        shape?: unknown;
      };
      expect(JSON.stringify(error.cause ?? error.message), JSON.stringify(input)).toContain(field);
    }
    expect(await h.count('waivers')).toBe(before);
  });
});
