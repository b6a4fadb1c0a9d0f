// The statement step of "unknown is not failure" for payouts: a channel's day file settles a
// payout still waiting for its answer through the payouts' state machine, and every payout the
// file and our orders disagree on becomes a reconciliation case (money paid out that we do not
// record, our payout the file does not show).
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';
import { systemActor } from '../events';

let h: Harness;
let sandbox: Sandbox;
const finance = systemActor('test-finance');
const DAY = '2026-03-15';

const payout = (payoutNo: string, tail: string, amount: string) => ({
  payoutNo,
  funderCode: 'F-TRUST-01',
  purpose: 'other',
  amount,
  payee: { name: '王五', accountNo: `62220211112${tail}`, bankCode: 'ICBC' },
});
const order = async (payoutNo: string) => (await h.app.services.payouts.detail(payoutNo)).order;

/** Post, then wait until the send POST started is over (submitted means a call is out). */
async function made(payoutNo: string, tail: string, amount: string) {
  expect((await h.api('POST', '/api/v1/payouts', payout(payoutNo, tail, amount))).status).toBe(201);
  for (
    let i = 0;
    i < 100 && ['queued', 'submitted'].includes((await order(payoutNo)).status);
    i++
  ) {
    await h.app.services.payouts.dispatch();
    await new Promise((r) => setTimeout(r, 50));
  }
  return order(payoutNo);
}

/** The sandbox's day file (its own layout) with these payout lines. */
function statement(
  lines: { orderId: string; amountFen: number; feeFen: number; status: string }[],
) {
  const success = lines.filter((l) => l.status === 'success');
  return [
    `# channel=sandbox-a,date=${DAY},rows=${lines.length}`,
    'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
    ...lines.map(
      (l, i) =>
        `${l.orderId},sandbox-a-20260315-${String(i + 1).padStart(8, '0')},payout,${l.amountFen},${l.feeFen},${l.status},2026-03-15T03:00:0${i}.000Z`,
    ),
    `# summary,count=${lines.length},success_count=${success.length},success_amount_fen=${success.reduce((s, l) => s + l.amountFen, 0)},fee_fen=${success.reduce((s, l) => s + l.feeFen, 0)}`,
    '',
  ].join('\n');
}

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({ sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }) });
  for (const c of sandbox.channels.values())
    c.profile = {
      ...c.profile,
      timeoutRatio: 0,
      pendingRatio: 0,
      busyRatio: 0,
      notify: { ...c.profile.notify, delayMs: 600_000 },
    };
  // Only sandbox-a can pay.
  await h.app.services.positions.setBuffer(
    { channelCode: 'sandbox-a', buffer: '0.00', reason: 'test' },
    finance,
  );
  await h.app.services.positions.topUp(
    { channelCode: 'sandbox-a', amount: '10000.00', reason: 'test' },
    finance,
  );
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

describe('a payout channel’s statement', () => {
  it('settles a pending payout, and opens a case for each payout the two sides disagree on', async () => {
    const pending = await made('P-S1', '0099', '1234.56');
    expect(pending.status).toBe('pending');
    const paid = await made('P-S2', '0000', '100.00');
    const unseen = await made('P-S3', '0000', '200.00');
    const failed = await made('P-S4', '0051', '300.00');
    expect([paid.status, unseen.status, failed.status]).toEqual([
      'succeeded',
      'succeeded',
      'failed',
    ]);

    const file = statement([
      { orderId: `PO${pending.id}`, amountFen: 123_456, feeFen: 247, status: 'success' },
      { orderId: `PO${paid.id}`, amountFen: 10_000, feeFen: 30, status: 'success' },
      // We recorded this one failed; the channel paid it.
      { orderId: `PO${failed.id}`, amountFen: 30_000, feeFen: 60, status: 'success' },
      // A payout that is not ours at all.
      { orderId: 'PO999999', amountFen: 5_000, feeFen: 30, status: 'success' },
    ]);
    await h.app.services.statementImports.importStatement(
      {
        channelCode: 'sandbox-a',
        businessDate: DAY,
        fileName: 'sandbox-a-payouts.csv',
        bytes: Buffer.from(file),
        source: 'upload',
      },
      finance,
    );
    const run = await h.app.services.reconRuns.run(
      { channelCode: 'sandbox-a', businessDate: DAY },
      finance,
    );
    expect(run.counts).toEqual({
      matched: 1,
      overage: 2,
      shortage: 1,
      mismatch: 0,
      pendingResolved: 1,
      carried: 0,
    });

    const settled = await order('P-S1');
    expect(settled).toMatchObject({
      status: 'succeeded',
      fee: '2.47',
      rawCode: 'STATEMENT_SUCCESS',
    });
    const { events } = await h.app.services.payouts.detail('P-S1');
    expect(events.at(-1)).toMatchObject({
      fromStatus: 'pending',
      toStatus: 'succeeded',
      source: 'statement',
    });
    // The reservation is consumed: nothing is reserved any more.
    const a = (await h.app.services.positions.overview()).accounts.find(
      (x) => x.channelCode === 'sandbox-a',
    )!;
    expect(a.reserved).toBe('0.00');

    const cases = await h.app.database.sql.query<{
      kind: string;
      order_id: string;
      reason_code: string;
    }>(`select kind, order_id, reason_code from recon_cases order by order_id`);
    expect(cases.map((c) => [c.kind, c.order_id, c.reason_code]).sort()).toEqual(
      [
        ['overage', `PO${failed.id}`, 'overage_our_status'],
        ['overage', 'PO999999', 'overage_no_order'],
        ['shortage', `PO${unseen.id}`, 'shortage_missing'],
      ].sort(),
    );
    // Our failed payout stays failed: a contradicting file is a case for a person, never applied.
    expect((await order('P-S4')).status).toBe('failed');
  });
});
