// Refunds (退款): money a channel took for no order of ours, found by reconciliation and resolved
// by refunding it, is paid back to whoever paid it once another finance user approves: one
// payout through the payout door, the unidentified money's accounts back to zero. The asker
// cannot approve, a refund is paid once, and only what the case holds can be refunded.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';
import type { Actor } from '../events';

let h: Harness;
let sandbox: Sandbox;
const DAY = '2026-03-15';
const alice: Actor = { type: 'user', id: 'finance-alice' };
const bob: Actor = { type: 'user', id: 'finance-bob' };
const payee = { name: '赵六', accountNo: '6222021111240000', bankCode: 'ICBC' };

async function balances(codes: string[]) {
  const rows = await h.app.database.sql.query<{ code: string; balance: string }>(
    `select a.code, coalesce(sum(e.amount), 0)::text as balance from ledger_accounts a
       left join ledger_entries e on e.account_id = a.id where a.code = any($1::text[]) group by a.code`,
    [codes],
  );
  return Object.fromEntries(codes.map((c) => [c, rows.find((r) => r.code === c)?.balance ?? '0']));
}

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({ sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }) });
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, timeoutRatio: 0, pendingRatio: 0, busyRatio: 0 };
  await h.app.services.positions.setBuffer(
    { channelCode: 'sandbox-a', buffer: '0.00', reason: 'test' },
    alice,
  );
  await h.app.services.positions.topUp(
    { channelCode: 'sandbox-a', amount: '1000.00', reason: 'test' },
    alice,
  );
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

describe('a refund of money no order of ours took', () => {
  it('is asked for, approved by another person, paid once, and leaves the accounts at zero', async () => {
    // The channel's file shows 88.88 taken for an order we never made: an overage, refunded.
    const file = [
      `# channel=sandbox-a,date=${DAY},rows=1`,
      'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
      `W202603151000-990001,SA-1,debit,8888,30,success,${DAY}T02:30:00.000Z`,
      '# summary,count=1,success_count=1,success_amount_fen=8888,fee_fen=30',
      '',
    ].join('\n');
    await h.app.services.statementImports.importStatement(
      {
        channelCode: 'sandbox-a',
        businessDate: DAY,
        fileName: 'a.csv',
        bytes: Buffer.from(file),
        source: 'upload',
      },
      alice,
    );
    await h.app.services.reconRuns.run({ channelCode: 'sandbox-a', businessDate: DAY }, alice);
    const [overage] = (await h.app.services.reconCases.list({ kind: 'overage', limit: 10 })).items;
    const caseNo = overage!.id.replace('rcc_', '');

    const ask = (over: Record<string, unknown> = {}) =>
      h.app.services.remittance.requestRefund(
        {
          source: 'recon_case',
          caseId: caseNo,
          funderCode: 'F-TRUST-01',
          amount: '88.88',
          payee,
          reason: '客户来电，确认误扣',
          ...over,
        } as never,
        alice,
      );
    // Not yet resolved by a refund: nothing to refund.
    await expect(ask()).rejects.toMatchObject({ field: 'caseId' });
    await h.app.services.reconCases.act(
      { caseId: overage!.id, action: 'refund', note: '退回付款人' },
      alice,
    );
    const owed = ['clearing.unidentified', 'suspense.unidentified'];
    expect(await balances(owed)).toEqual({
      'clearing.unidentified': '8888',
      'suspense.unidentified': '-8888',
    });
    // Only what the case holds.
    await expect(ask({ amount: '88.89' })).rejects.toMatchObject({ field: 'amount' });
    const refund = await ask();
    expect(refund).toMatchObject({
      status: 'pending_approval',
      amount: '88.88',
      payee: { name: '赵*', accountNo: '622202******0000', bankCode: 'ICBC' },
    });
    await expect(ask()).rejects.toMatchObject({ code: 'CONFLICT' });

    // The asker cannot approve; another finance user does: one payout through the door.
    await expect(
      h.app.services.remittance.decideRefund(
        { id: refund.id, decision: 'approve', note: 'ok' },
        alice,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const approved = await h.app.services.remittance.decideRefund(
      { id: refund.id, decision: 'approve', note: '核实无误' },
      bob,
    );
    expect(approved).toMatchObject({
      status: 'approved',
      payoutNo: `RF${refund.id}-1`,
      payoutStatus: 'queued',
    });
    // The payout guard pays a refund once: a second order of it is refused by the database.
    await expect(
      h.app.database.sql.query(
        `insert into payout_orders (idempotency_key, payout_no, source, purpose, funder_id, refund_id, amount,
           payee_name_enc, payee_name_mask, payee_account_enc, payee_account_hash, payee_account_mask,
           payee_bank_code, created_by)
         select 'refund:' || r.id || ':x', 'RFX', 'refund', 'refund', r.funder_id, r.id, r.amount,
                'x', 'x', 'x', 'x', 'x', 'ICBC', 'test' from refunds r where r.id = $1`,
        [refund.id],
      ),
    ).rejects.toThrow(/already being paid/);

    await h.app.services.payouts.dispatchQueue();
    const paid = (await h.app.services.remittance.refunds({ limit: 10 })).items[0]!;
    expect(paid.payoutStatus).toBe('succeeded');
    // The money held to refund left: the unidentified accounts are back to zero.
    expect(await balances(owed)).toEqual({
      'clearing.unidentified': '0',
      'suspense.unidentified': '0',
    });
    // Paying again is only for a failed payout.
    await expect(h.app.services.remittance.payRefundAgain(refund.id, bob)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});
