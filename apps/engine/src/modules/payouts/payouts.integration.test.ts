// Payouts end to end over HTTP to the channel sandbox: the REST contract, a payout that waits
// for a top-up and then goes, unknown results queried and never sent again, failures releasing
// their reservation, remittances cent-exact for the owners before and after an asset transfer,
// split across accounts, and the ledger and the positions adding up after all of it.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';
import { systemActor } from '../events';
import { collectionJournal, createLedgerRepo, postJournal } from '../ledger';

let h: Harness;
let sandbox: Sandbox;
const finance = systemActor('test-finance');
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

/** A sandbox payee account with the behaviour of its last four digits. */
const account = (tail: string) => `62220211112${tail}`;
const payout = (payoutNo: string, over: Record<string, unknown> = {}) => ({
  payoutNo,
  funderCode: 'F-TRUST-01',
  purpose: 'disbursement',
  amount: '1234.56',
  payee: { name: '王五', accountNo: account('0000'), bankCode: 'ICBC' },
  memo: 'loan proceeds',
  ...over,
});
const post = (body: unknown) => h.api('POST', '/api/v1/payouts', body);
const order = async (payoutNo: string) => (await h.app.services.payouts.detail(payoutNo)).order;
/**
 * Send what can be sent, once the send that POST started in the background is done: the order
 * as it stands when no call about it is in flight (submitted means a call is).
 */
async function dispatched(payoutNo: string) {
  const settled = async () => {
    for (let i = 0; i < 200 && (await order(payoutNo)).status === 'submitted'; i++)
      await new Promise((r) => setTimeout(r, 50));
  };
  // The send POST started may still be routing (queued) when dispatch looks, and win the order:
  // wait for whichever call sent it, before and after.
  await settled();
  await h.app.services.payouts.dispatch();
  await settled();
  return order(payoutNo);
}
const positionOf = async (code: string) =>
  (await h.app.services.positions.overview()).accounts.find((a) => a.channelCode === code)!;
const atChannel = (orderId: string) =>
  [...sandbox.channels.values()].filter((c) => c.orders.has(orderId)).length;

/** Balance per ledger account code (fen) among these codes. */
async function balances(codes: string[]) {
  const rows = await q<{ code: string; balance: string }>(
    `select a.code, coalesce(sum(e.amount), 0)::text as balance
       from ledger_accounts a left join ledger_entries e on e.account_id = a.id
      where a.code = any($1::text[]) group by a.code`,
    [codes],
  );
  return Object.fromEntries(
    codes.map((c) => [c, BigInt(rows.find((r) => r.code === c)?.balance ?? '0')]),
  );
}

/**
 * Nothing else in the way: every account synced against an empty channel balance with no
 * buffer, then sandbox-a topped up to exactly this usable.
 */
async function onlyA(usable: string) {
  const { positions } = h.app.services;
  for (const c of sandbox.channels.values()) c.accountBalanceFen = 0;
  for (const a of (await positions.overview()).accounts) {
    await positions.setBuffer(
      { channelCode: a.channelCode, buffer: '0.00', reason: 'test' },
      finance,
    );
    await positions.sync(a.channelCode, finance);
  }
  for (const c of sandbox.channels.values()) c.accountBalanceFen = 100_000_000_00;
  if (usable !== '0.00')
    await positions.topUp({ channelCode: 'sandbox-a', amount: usable, reason: 'test' }, finance);
}

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  await q(`update channels set timeout_ms = 1000`);
  for (const c of sandbox.channels.values())
    c.profile = {
      ...c.profile,
      timeoutRatio: 0,
      pendingRatio: 0,
      busyRatio: 0,
      timeoutHoldMs: 2500,
      notify: { ...c.profile.notify, delayMs: 600_000 },
    };
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

describe('POST /payouts: the contract', () => {
  it('malformed input is 400 naming the field, and nothing is written', async () => {
    const before = await h.count('payout_orders');
    for (const [body, field] of [
      [payout('P-BAD-1', { amount: '12.345' }), 'amount'],
      [payout('P-BAD-2', { amount: '0.00' }), 'amount'],
      [payout('P-BAD-3', { purpose: 'remittance' }), 'purpose'],
      [
        payout('P-BAD-4', { payee: { name: '王五', accountNo: '12ab', bankCode: 'ICBC' } }),
        'payee.accountNo',
      ],
      [
        payout('P-BAD-5', { payee: { name: '王五', accountNo: account('0000'), bankCode: 'XXX' } }),
        'payee.bankCode',
      ],
      [payout('P BAD 6'), 'payoutNo'],
      [{ ...payout('P-BAD-7'), extra: 1 }, 'extra'],
    ] as const) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    expect(await h.count('payout_orders')).toBe(before);
  });

  it('an unknown funder is 422, a funder outside the key is 403; nothing is written', async () => {
    const before = await h.count('payout_orders');
    const unknown = await post(payout('P-422', { funderCode: 'F-NONE' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.field).toBe('funderCode');
    const bankOnly = await h.apiKey({ funderCodes: ['F-BANK-02'] });
    const other = await h.api('POST', '/api/v1/payouts', payout('P-403'), { as: bankOnly });
    expect(other.status).toBe(403);
    expect(await h.count('payout_orders')).toBe(before);
  });

  it('is idempotent by payoutNo: the same content 200, different content 409', async () => {
    await onlyA('0.00');
    const first = await post(payout('P-IDEM'));
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      payoutNo: 'P-IDEM',
      status: 'queued',
      amount: '1234.56',
      channel: null,
      createdAt: expect.any(String),
    });
    const again = await post({
      ...payout('P-IDEM'),
      payee: { bankCode: 'ICBC', accountNo: account('0000'), name: '王五' },
    });
    expect(again.status).toBe(200);
    expect(again.body.payoutNo).toBe('P-IDEM');
    const different = await post(payout('P-IDEM', { amount: '1234.57' }));
    expect(different.status).toBe(409);
    expect(different.body.error.field).toBe('payoutNo');
    expect(await h.count(`payout_orders where payout_no = 'P-IDEM'`)).toBe(1);

    const read = await h.api('GET', '/api/v1/payouts/P-IDEM');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      payoutNo: 'P-IDEM',
      status: 'queued',
      resultClass: null,
      finishedAt: null,
    });
    // The payee never leaves in clear, not even masked, over the API.
    expect(JSON.stringify(read.body)).not.toContain(account('0000'));
    const bankOnly = await h.apiKey({ funderCodes: ['F-BANK-02'] });
    expect((await h.api('GET', '/api/v1/payouts/P-IDEM', undefined, { as: bankOnly })).status).toBe(
      404,
    );
    expect((await h.api('GET', '/api/v1/payouts/P-NONE')).status).toBe(404);
    await h.app.services.payouts.cancelQueued('P-IDEM', 'test over', finance);
  });
});

describe('positions', () => {
  it('a payout no account can cover waits, with the shortfall shown, then goes after a top-up', async () => {
    await onlyA('1000.00');
    expect((await post(payout('P-WAIT', { amount: '1500.00' }))).status).toBe(201);
    const waiting = await dispatched('P-WAIT');
    expect(waiting.status).toBe('queued');
    expect(waiting.waitReason).toMatch(/sandbox-a:over_position/);
    expect(waiting.wantedChannel).toBe('sandbox-a');
    const a = await positionOf('sandbox-a');
    expect(a).toMatchObject({ usable: '1000.00', waitingAmount: '1500.00', shortfall: '500.00' });
    expect(atChannel(`PO${waiting.id}`)).toBe(0);

    await h.app.services.positions.topUp(
      { channelCode: 'sandbox-a', amount: '500.00', reason: 'top-up' },
      finance,
    );
    const paid = await dispatched('P-WAIT');
    expect(paid.status).toBe('succeeded');
    expect(paid.channel).toBe('sandbox-a');
    // The channel's fee (2‰, at least 0.30) comes out of the balance with the amount.
    expect(paid.fee).toBe('3.00');
    expect(await positionOf('sandbox-a')).toMatchObject({
      balance: '-3.00',
      reserved: '0.00',
      usable: '-3.00',
      shortfall: '0.00',
    });
    expect(atChannel(`PO${paid.id}`)).toBe(1);
  });

  it('orders a page leaves waiting do not hold back the ones behind them', async () => {
    await onlyA('1000.00');
    // Through the service: nothing is sent in the background as POST does.
    const upstream = systemActor('test-upstream');
    await h.app.services.payouts.request(payout('P-BIG', { amount: '9000.00' }) as never, upstream);
    await h.app.services.payouts.request(payout('P-SMALL', { amount: '10.00' }) as never, upstream);
    // A page of one: the big order waits; the next page, after it, sends the small one.
    const first = await h.app.services.payouts.dispatch({ limit: 1 });
    expect(first).toMatchObject({ sent: 0, waiting: 1 });
    await h.app.services.payouts.dispatch({ limit: 1, after: first.after! });
    expect((await order('P-SMALL')).status).toBe('succeeded');
    // The whole queue in one go leaves the big one waiting, and says so.
    expect(await h.app.services.payouts.dispatchQueue()).toMatchObject({ sent: 0, waiting: 1 });
    await h.app.services.payouts.cancelQueued('P-BIG', 'test over', finance);
  });

  it('a failure releases the reservation; the history tells each step', async () => {
    await onlyA('5000.00');
    await post(
      payout('P-FAIL', { payee: { name: '李四', accountNo: account('0051'), bankCode: 'ICBC' } }),
    );
    const failed = await dispatched('P-FAIL');
    expect(failed.status).toBe('failed');
    expect(failed.resultClass).toBe('fail_funds');
    expect(await positionOf('sandbox-a')).toMatchObject({ balance: '5000.00', reserved: '0.00' });
    const { events } = await h.app.services.payouts.detail('P-FAIL');
    expect(events.map((e) => `${e.fromStatus ?? ''}>${e.toStatus}:${e.source}`)).toEqual([
      '>queued:create',
      'queued>submitted:dispatch',
      'submitted>failed:answer',
    ]);
    // A final order is final, whatever path tries to move it.
    await expect(
      q(`update payout_orders set status = 'succeeded' where payout_no = 'P-FAIL'`),
    ).rejects.toThrow(/final/);
  });
});

describe('unknown is not failure', () => {
  it('pending (0099) stays reserved, is queried, and succeeds; sent once', async () => {
    await onlyA('5000.00');
    await post(
      payout('P-PEND', { payee: { name: '李四', accountNo: account('0099'), bankCode: 'ICBC' } }),
    );
    const pending = await dispatched('P-PEND');
    expect(pending.status).toBe('pending');
    expect(await positionOf('sandbox-a')).toMatchObject({ reserved: '1234.56', usable: '3765.44' });
    // A dispatch meanwhile sends nothing again.
    await h.app.services.payouts.dispatch();
    h.clock.advance(61_000);
    await new Promise((r) => setTimeout(r, 2100)); // the sandbox resolves pending orders after 2 s
    await h.app.services.payouts.queryDue();
    const done = await order('P-PEND');
    expect(done.status).toBe('succeeded');
    expect(await positionOf('sandbox-a')).toMatchObject({ reserved: '0.00' });
    expect(atChannel(`PO${done.id}`)).toBe(1);
    const sends = (await h.app.services.payouts.detail('P-PEND')).events.filter(
      (e) => e.source === 'dispatch',
    );
    expect(sends).toHaveLength(1);
  });

  it('a notification settles a pending payout (0099) through the same state machine', async () => {
    await onlyA('5000.00');
    const a = sandbox.channels.get('sandbox-a')!;
    const held = a.profile.notify;
    a.profile = { ...a.profile, notify: { ...held, delayMs: 50, duplicates: 2 } };
    try {
      await post(
        payout('P-NOTIFY', {
          payee: { name: '李四', accountNo: account('0099'), bankCode: 'ICBC' },
        }),
      );
      expect((await dispatched('P-NOTIFY')).status).toBe('pending');
      // The sandbox finishes it after 2 s and posts the result (twice) to our callback.
      await expect
        .poll(async () => (await order('P-NOTIFY')).status, { timeout: 8_000 })
        .toBe('succeeded');
      const { events } = await h.app.services.payouts.detail('P-NOTIFY');
      expect(
        events.filter((e) => e.toStatus === 'succeeded' && e.source === 'notification'),
      ).toHaveLength(1);
      expect(await positionOf('sandbox-a')).toMatchObject({ reserved: '0.00' });
    } finally {
      a.profile = { ...a.profile, notify: held };
    }
  });

  it('a timeout (0097) is pending, never failed; the query finds it paid', async () => {
    await onlyA('5000.00');
    await post(
      payout('P-TIMEOUT', {
        payee: { name: '李四', accountNo: account('0097'), bankCode: 'ICBC' },
      }),
    );
    const unknown = await dispatched('P-TIMEOUT');
    expect(unknown.status).toBe('pending');
    expect(await positionOf('sandbox-a')).toMatchObject({ reserved: '1234.56' });
    h.clock.advance(61_000);
    await new Promise((r) => setTimeout(r, 2600));
    await h.app.services.payouts.queryDue();
    expect((await order('P-TIMEOUT')).status).toBe('succeeded');
    expect(atChannel(`PO${unknown.id}`)).toBe(1);
  });

  it('unknown for two hours goes to a person, still reserved; finance settles it with evidence', async () => {
    await onlyA('5000.00');
    await post(
      payout('P-REVIEW', { payee: { name: '李四', accountNo: account('0099'), bankCode: 'ICBC' } }),
    );
    expect((await dispatched('P-REVIEW')).status).toBe('pending');
    // The channel cannot be reached any more: every query answers nothing we can classify.
    const [{ endpoint }] = (await q<{ endpoint: string }>(
      `select endpoint from channels where code = 'sandbox-a'`,
    )) as [{ endpoint: string }];
    await q(`update channels set endpoint = 'http://127.0.0.1:9/none' where code = 'sandbox-a'`);
    try {
      h.clock.advance(2 * 3600_000 + 1000);
      await h.app.services.payouts.queryDue();
    } finally {
      await q(`update channels set endpoint = $1 where code = 'sandbox-a'`, [endpoint]);
    }
    const review = await order('P-REVIEW');
    expect(review.status).toBe('manual_review');
    expect(await positionOf('sandbox-a')).toMatchObject({ reserved: '1234.56' });
    const settled = await h.app.services.payouts.resolveReview(
      'P-REVIEW',
      {
        outcome: 'succeeded',
        evidence: 'channel statement line PO…',
        reason: 'the channel paid it',
      },
      finance,
    );
    expect(settled.status).toBe('succeeded');
    expect(await positionOf('sandbox-a')).toMatchObject({ reserved: '0.00' });
    // A late answer now is recorded, never applied.
    const late = await h.app.services.payouts.apply(
      BigInt(review.id),
      { resultClass: 'fail_funds', rawCode: 'LATE', rawMessage: 'late failure', data: {} },
      'notification',
    );
    expect(late).toBe('succeeded');
    const { events } = await h.app.services.payouts.detail('P-REVIEW');
    expect(events.at(-1)).toMatchObject({
      source: 'late_notification',
      rawCode: 'LATE',
      detail: { contradicts: true },
    });
  });
});

describe('remittances', () => {
  const ledger = () => createLedgerRepo(h.app.database);
  const collected = async (
    key: string,
    orderNo: string,
    funderCode: string,
    principal: bigint,
    interest: bigint,
    on: string,
  ) => {
    const [{ id }] = (await q<{ id: string }>(`select id::text from loans where order_no = $1`, [
      orderNo,
    ])) as [{ id: string }];
    await postJournal(
      ledger(),
      collectionJournal({
        idempotencyKey: key,
        kind: 'test_collection',
        loanId: BigInt(id),
        funderCode,
        principal,
        interest,
        effectiveDate: on,
      }),
    );
  };
  const TRUST = [
    'clearing.collections:F-TRUST-01',
    'remittance.in_transit:F-TRUST-01',
    'equity.remitted:F-TRUST-01',
    'expense.platform_fee:F-TRUST-01',
  ];
  const BANK = [
    'clearing.collections:F-BANK-02',
    'remittance.in_transit:F-BANK-02',
    'equity.remitted:F-BANK-02',
    'expense.platform_fee:F-BANK-02',
  ];

  it('pays each owner what was collected for it, cent-exact, split across accounts, ledger balanced', async () => {
    await h.createLoan({ orderNo: 'RM-1' });
    // Before the transfer: 8,884.88 for the trust.
    await collected('rm-a', 'RM-1', 'F-TRUST-01', 788_488n, 100_000n, '2026-02-20');
    const moved = await h.api('POST', '/api/v1/asset-transfers', {
      orderNos: ['RM-1'],
      toFunderCode: 'F-BANK-02',
      cutoffDate: '2026-03-09',
      priceRatio: '1.00',
    });
    expect(moved.body.status).toBe('completed');
    // After it: 1,734.57 on 03-10 for the bank; 10.01 backdated to 02-25 stays the trust's;
    // 100.00 today is tomorrow's (T+1).
    await collected('rm-b', 'RM-1', 'F-BANK-02', 123_457n, 50_000n, '2026-03-10');
    await collected('rm-c', 'RM-1', 'F-BANK-02', 1_001n, 0n, '2026-02-25');
    await collected('rm-d', 'RM-1', 'F-BANK-02', 10_000n, 0n, '2026-03-15');

    // sandbox-a can pay 6,000.00, sandbox-b 5,000.00: the bank's batch (made first) fits a; the
    // trust's is cut across b and what a has left after the bank's part, with 1 % headroom for fees.
    await onlyA('6000.00');
    await h.app.services.positions.topUp(
      { channelCode: 'sandbox-b', amount: '5000.00', reason: 'test' },
      finance,
    );
    const made = await h.app.services.remittance.runDay('2026-03-15', finance);
    const trust = made.find((b) => b.funderCode === 'F-TRUST-01')!;
    const bank = made.find((b) => b.funderCode === 'F-BANK-02')!;
    // 8,894.89 × 0.50 % = 44.47445 → 44.47; net 8,850.42.
    expect(trust).toMatchObject({
      asOfDate: '2026-03-14',
      gross: '8894.89',
      fee: '44.47',
      amount: '8850.42',
      status: 'made',
      orders: 2,
    });
    // 1,734.57 × 0.50 % = 8.67285 → 8.67; net 1,725.90.
    expect(bank).toMatchObject({
      gross: '1734.57',
      fee: '8.67',
      amount: '1725.90',
      status: 'made',
    });
    const parts = (await h.app.services.payouts.list({ batchId: trust.id, limit: 10 })).items;
    expect(parts.map((p) => p.amount).sort()).toEqual(['3900.42', '4950.00']);
    // The same day again makes nothing new.
    await h.app.services.remittance.runDay('2026-03-15', finance);
    expect(await h.count('remittance_batches')).toBe(made.length);

    await h.app.services.payouts.dispatch();
    const batches = (await h.app.services.remittance.batches({ limit: 10 })).items;
    expect(batches.find((b) => b.funderCode === 'F-TRUST-01')).toMatchObject({
      paid: '8850.42',
      open: '0.00',
      unpaid: '0.00',
    });
    expect(batches.find((b) => b.funderCode === 'F-BANK-02')).toMatchObject({
      paid: '1725.90',
      open: '0.00',
    });

    expect(await balances(TRUST)).toEqual({
      'clearing.collections:F-TRUST-01': 0n,
      'remittance.in_transit:F-TRUST-01': 0n,
      'equity.remitted:F-TRUST-01': 885_042n,
      'expense.platform_fee:F-TRUST-01': 4_447n,
    });
    expect(await balances(BANK)).toEqual({
      // Today's 100.00 stays in clearing for tomorrow's batch.
      'clearing.collections:F-BANK-02': 10_000n,
      'remittance.in_transit:F-BANK-02': 0n,
      'equity.remitted:F-BANK-02': 172_590n,
      'expense.platform_fee:F-BANK-02': 867n,
    });
    // Every journal balances, and so does the whole ledger.
    const [{ total }] = (await q<{ total: string }>(
      `select coalesce(sum(amount), 0)::text as total from ledger_entries`,
    )) as [{ total: string }];
    expect(total).toBe('0');
    // Positions: what each account reserves is what its unfinished orders hold.
    for (const r of await h.app.services.positions.reservationCheck())
      expect(r.reserved).toBe(r.byOrders);

    // Tomorrow: 100.00 − 0.50 fee = 99.50, below the 100.00 minimum: carried, nothing moves.
    h.clock.advance(24 * 3600_000);
    const next = await h.app.services.remittance.runDay('2026-03-16', finance, {
      funderCode: 'F-BANK-02',
    });
    expect(next[0]).toMatchObject({
      status: 'carried',
      gross: '100.00',
      amount: '99.50',
      orders: 0,
    });
    expect((await balances(BANK))['clearing.collections:F-BANK-02']).toBe(10_000n);
  });
});
