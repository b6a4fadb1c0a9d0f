// An API key's transfer with a cut-off more than MAX_BACKDATE_DAYS_WITHOUT_APPROVAL days back waits
// for a person (202 pending_approval): nothing moves until finance or an administrator approves
// it (it completes) or rejects it (the loans are free again), each with a reason in the audit log.
import { addDays } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';
import { MAX_BACKDATE_DAYS_WITHOUT_APPROVAL } from './approval';

let h: Harness;
const today = '2026-03-15'; // the harness's pinned clock
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);
const transfer = (orderNos: string[], cutoffDate: string) =>
  h.api('POST', '/api/v1/asset-transfers', {
    orderNos,
    toFunderCode: 'F-BANK-02',
    cutoffDate,
    priceRatio: '1',
  });
const ownerOf = async (orderNo: string) =>
  (
    await q<{ code: string }>(
      `select f.code from loans l join funders f on f.id = l.funder_id where l.order_no = $1`,
      [orderNo],
    )
  )[0]!.code;
const tooFarBack = addDays(today, -MAX_BACKDATE_DAYS_WITHOUT_APPROVAL - 1);

beforeAll(async () => {
  h = await startHarness();
  for (const orderNo of ['AP-1', 'AP-2', 'AP-3', 'AP-4', 'AP-5', 'AP-6'])
    await h.createLoan({ orderNo, card: undefined });
});
afterAll(() => h.close());

describe('the limit', () => {
  it('is a week: a cut-off 7 days back completes at once, 8 days back waits', async () => {
    expect(MAX_BACKDATE_DAYS_WITHOUT_APPROVAL).toBe(7);
    const atLimit = await transfer(['AP-1'], addDays(today, -7));
    expect([atLimit.status, atLimit.body.status]).toEqual([201, 'completed']);
    const beyond = await transfer(['AP-2'], tooFarBack);
    expect([beyond.status, beyond.body.status, beyond.body.cutoffDate]).toEqual([
      202,
      'pending_approval',
      '2026-03-07',
    ]);
  });

  it('binds API keys only: a person’s transfer from the console completes at once', async () => {
    const finance = await h.callerAs('finance');
    const made = await finance.transfers.create({
      orderNos: ['AP-6'],
      toFunderCode: 'F-BANK-02',
      cutoffDate: '2026-01-20',
      priceRatio: '1',
    });
    expect(made.status).toBe('completed');
  });
});

describe('approval', () => {
  let transferId: string;

  it('nothing moves while it waits; the same request again answers 202 as it stands', async () => {
    const journals = await h.count('ledger_journals');
    const asked = await transfer(['AP-3', 'AP-4'], tooFarBack);
    expect(asked.status).toBe(202);
    transferId = asked.body.transferId as string;
    expect([await ownerOf('AP-3'), await ownerOf('AP-4')]).toEqual(['F-TRUST-01', 'F-TRUST-01']);
    expect(await h.count('ledger_journals')).toBe(journals);
    const again = await transfer(['AP-4', 'AP-3'], tooFarBack);
    expect([again.status, again.body.transferId]).toEqual([202, transferId]);
    // The loans are held: no other transfer of them meanwhile.
    const other = await transfer(['AP-3'], today);
    expect([other.status, other.body.error.field]).toEqual([409, 'orderNos']);
    const listed = await (
      await h.callerAs('ops')
    ).transfers.list({
      status: 'pending_approval',
      limit: 10,
    });
    expect(listed.items.map((t) => t.transferId)).toContain(transferId);
  });

  it('is for finance and administrators', async () => {
    for (const role of ['ops', 'pm', 'auditor'])
      await expect(
        (await h.callerAs(role)).transfers.decide({ transferId, approve: true, reason: 'ok' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      (await h.callerAs('finance')).transfers.decide({ transferId, approve: true, reason: ' ' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('approved, it completes at once and says who decided and why', async () => {
    const finance = await h.callerAs('finance');
    await finance.transfers.decide({ transferId, approve: true, reason: 'both funders signed' });
    expect([await ownerOf('AP-3'), await ownerOf('AP-4')]).toEqual(['F-BANK-02', 'F-BANK-02']);
    const detail = await finance.transfers.get({ transferId });
    expect(detail).toMatchObject({
      status: 'completed',
      createdBy: expect.stringMatching(/^api_key:rk_/),
      decision: { by: expect.stringMatching(/^user:/), reason: 'both funders signed' },
    });
    expect(
      await h.count(
        `outbox_events where topic = 'loan.transferred' and payload->>'transferId' = '${transferId}'`,
      ),
    ).toBe(2);
    const [audit] = await q<{ reason: string }>(
      `select reason from audit_log where action = 'asset_transfer.approve' and entity_id = $1`,
      [transferId],
    );
    expect(audit?.reason).toBe('both funders signed');
    const replay = await transfer(['AP-3', 'AP-4'], tooFarBack);
    expect([replay.status, replay.body.status]).toEqual([200, 'completed']);
    await expect(
      finance.transfers.decide({ transferId, approve: false, reason: 'too late' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('rejection', () => {
  it('frees the loans, tells upstream (an event) and answers the same request as rejected', async () => {
    const asked = await transfer(['AP-5'], tooFarBack);
    const admin = await h.callerAs('admin');
    await admin.transfers.decide({
      transferId: asked.body.transferId,
      approve: false,
      reason: 'no contract for this date',
    });
    expect(await ownerOf('AP-5')).toBe('F-TRUST-01');
    const replay = await transfer(['AP-5'], tooFarBack);
    expect([replay.status, replay.body.status]).toEqual([200, 'rejected']);
    const [event] = await q<{ payload: { reason: string; orderNos: string[] } }>(
      `select payload from outbox_events where topic = 'asset_transfer.rejected' and aggregate_id = $1`,
      [asked.body.transferId],
    );
    expect(event?.payload).toMatchObject({
      orderNos: ['AP-5'],
      reason: 'no contract for this date',
    });
    // Free again: another cut-off is a new request.
    const next = await transfer(['AP-5'], today);
    expect([next.status, next.body.status]).toEqual([201, 'completed']);
  });

  it('a loan no longer active can only be rejected', async () => {
    await h.createLoan({ orderNo: 'AP-7', card: undefined });
    const asked = await transfer(['AP-7'], tooFarBack);
    await q(`update loans set status = 'settled' where order_no = 'AP-7'`);
    const finance = await h.callerAs('finance');
    await expect(
      finance.transfers.decide({ transferId: asked.body.transferId, approve: true, reason: 'ok' }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    await finance.transfers.decide({
      transferId: asked.body.transferId,
      approve: false,
      reason: 'loan settled meanwhile',
    });
  });
});
