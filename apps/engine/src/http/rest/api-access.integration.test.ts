// API keys limited by scope and by funder, over real HTTP: each operation refused without its
// scope and allowed with it alone; another funder's loan reads as an unknown one on every route
// taking an orderNo; intake and transfers for another funder are 403; a refusal changes nothing.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, type ApiScope } from '../../modules/auth';
import { exampleLoan, startHarness, type Harness } from '../../testing/harness';

type Credentials = Harness['credentials'];
type Answer = { status: number; body: any };

let sandbox: Sandbox;
let h: Harness;
let seq = 0;
const fresh = (prefix: string) => `${prefix}-${++seq}`;
const card = { cardNo: '6222020200112430000', bankCode: 'ICBC', mobile: '13800138000' };

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  for (const orderNo of ['AK-T1', 'AK-T2', 'AK-T3'])
    await h.createLoan({ orderNo, funderCode: 'F-TRUST-01', card: undefined });
  await h.createLoan({ orderNo: 'AK-B1', funderCode: 'F-BANK-02', card: undefined });
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

/** Row counts of what a REST call may change (nonces and last-used times aside). */
async function footprint() {
  const tables = [
    'loans',
    'plan_versions',
    'repayments',
    'settlement_quotes',
    'card_bindings',
    'asset_transfers',
    'payout_orders',
    'audit_log',
    'outbox_events',
    'ledger_journals',
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = await h.count(t);
  const [paused] = await h.app.database.sql.query<{ n: bigint }>(
    `select count(*)::bigint as n from loans where paused_until is not null`,
  );
  return { ...counts, paused: Number(paused?.n ?? 0n) };
}

/** A card binding of the loan, started with the full key (for confirmCardBinding). */
async function bindingOf(orderNo: string): Promise<string> {
  const started = await h.api('POST', '/api/v1/cards/bind', { orderNo, ...card });
  expect(started.status).toBe(200);
  return started.body.bindingId as string;
}

/** Every operation on the loan (intake: a fresh one) with the given key. */
function operations(orderNo: string, bindingId = 'bnd_0') {
  const at = `/api/v1/loans/${orderNo}`;
  const ops: { op: string; scope: ApiScope; call: (as: Credentials) => Promise<Answer> }[] = [
    {
      op: 'createLoan',
      scope: 'loans:write',
      call: (as) =>
        h.api('POST', '/api/v1/loans', exampleLoan({ orderNo: fresh('AK-N'), card: undefined }), {
          as,
        }),
    },
    { op: 'getLoan', scope: 'loans:read', call: (as) => h.api('GET', at, undefined, { as }) },
    {
      op: 'getLoanPlan',
      scope: 'loans:read',
      call: (as) => h.api('GET', `${at}/plan?version=1`, undefined, { as }),
    },
    {
      op: 'listLoanDebits',
      scope: 'loans:read',
      call: (as) => h.api('GET', `${at}/debits`, undefined, { as }),
    },
    {
      op: 'pauseLoan',
      scope: 'collections:write',
      call: (as) => h.api('POST', `${at}/pause`, { reason: 'talks', until: '2026-04-01' }, { as }),
    },
    {
      op: 'resumeLoan',
      scope: 'collections:write',
      call: (as) => h.api('POST', `${at}/resume`, undefined, { as }),
    },
    {
      op: 'recordRepayment',
      scope: 'collections:write',
      call: (as) =>
        h.api(
          'POST',
          `${at}/repayments`,
          {
            amount: '10.00',
            paidAt: '2026-03-15T09:00:00+08:00',
            reference: fresh('AK-REF'),
            method: 'offline',
          },
          { as },
        ),
    },
    {
      op: 'rescheduleLoan',
      scope: 'collections:write',
      call: (as) => h.api('POST', `${at}/reschedule`, { reason: 'agreed', shiftDays: 1 }, { as }),
    },
    {
      op: 'getSettlementQuote',
      scope: 'collections:write',
      call: (as) => h.api('GET', `${at}/settlement-quote`, undefined, { as }),
    },
    {
      op: 'settleLoan',
      scope: 'collections:write',
      // An unknown quote: past the key's checks, refused by the service (nothing settles).
      call: (as) =>
        h.api(
          'POST',
          `${at}/settle`,
          { quoteId: 'q_none', method: 'offline', reference: fresh('AK-S') },
          { as },
        ),
    },
    {
      op: 'bindCard',
      scope: 'cards:write',
      call: (as) => h.api('POST', '/api/v1/cards/bind', { orderNo, ...card }, { as }),
    },
    {
      op: 'confirmCardBinding',
      scope: 'cards:write',
      call: (as) =>
        h.api('POST', `/api/v1/cards/bind/${bindingId}/confirm`, { smsCode: '123456' }, { as }),
    },
    {
      op: 'unbindCard',
      scope: 'cards:write',
      call: (as) =>
        h.api('POST', '/api/v1/cards/unbind', { orderNo, cardNo: '6222021234567840123' }, { as }),
    },
    {
      op: 'createAssetTransfer',
      scope: 'transfers:write',
      call: (as) =>
        h.api(
          'POST',
          '/api/v1/asset-transfers',
          {
            orderNos: [orderNo],
            toFunderCode: 'F-SELF-03',
            cutoffDate: '2026-05-01',
            priceRatio: '1',
          },
          { as },
        ),
    },
    {
      op: 'createPayout',
      scope: 'payouts:write',
      call: (as) =>
        h.api(
          'POST',
          '/api/v1/payouts',
          {
            payoutNo: fresh('AK-P'),
            funderCode: 'F-TRUST-01',
            purpose: 'other',
            amount: '1.00',
            payee: { name: '王五', accountNo: '6222021111200000', bankCode: 'ICBC' },
          },
          { as },
        ),
    },
    {
      op: 'getPayout',
      scope: 'payouts:write',
      call: (as) => h.api('GET', '/api/v1/payouts/AK-P-NONE', undefined, { as }),
    },
  ];
  return ops;
}

describe('scopes', () => {
  it('every operation declares one scope of the vocabulary', () => {
    expect(operations('X').map((o) => o.op)).toHaveLength(16);
    for (const o of operations('X')) expect(API_SCOPES).toContain(o.scope);
  });

  it('a key without the scope is refused (403 naming it), and nothing changes', async () => {
    const ops = operations('AK-T1', await bindingOf('AK-T1'));
    const lacking = new Map<ApiScope, Credentials>();
    for (const scope of API_SCOPES)
      lacking.set(scope, await h.apiKey({ scopes: API_SCOPES.filter((s) => s !== scope) }));
    const before = await footprint();
    for (const { op, scope, call } of ops) {
      const res = await call(lacking.get(scope)!);
      expect([res.status, res.body.error?.code], op).toEqual([403, 'FORBIDDEN']);
      expect(res.body.error.message, op).toContain(scope);
    }
    expect(await footprint()).toEqual(before);
  });

  it('is refused before its input is read: a bad body is still 403', async () => {
    const res = await h.api(
      'POST',
      '/api/v1/loans',
      { nonsense: true },
      {
        as: await h.apiKey({ scopes: ['loans:read'] }),
      },
    );
    expect(res.status).toBe(403);
  });

  it('a key with only that scope is let through (the service answers)', async () => {
    const expected: Record<string, number> = {
      createLoan: 201,
      getLoan: 200,
      getLoanPlan: 200,
      listLoanDebits: 200,
      pauseLoan: 200,
      resumeLoan: 200,
      recordRepayment: 201,
      rescheduleLoan: 201,
      getSettlementQuote: 200,
      settleLoan: 404, // the unknown quote
      bindCard: 200,
      confirmCardBinding: 200,
      unbindCard: 404, // a card the borrower never bound
      createAssetTransfer: 201,
      createPayout: 201,
      getPayout: 404, // no such payout
    };
    for (const { op, scope, call } of operations('AK-T2', await bindingOf('AK-T2'))) {
      const res = await call(await h.apiKey({ scopes: [scope] }));
      expect([op, res.status], JSON.stringify(res.body)).toEqual([op, expected[op]]);
    }
  });

  it('payouts:write alone reads no loan', async () => {
    const key = await h.apiKey({ scopes: ['payouts:write'] });
    expect((await h.api('GET', '/api/v1/loans/AK-T1', undefined, { as: key })).status).toBe(403);
  });
});

describe('funders', () => {
  let trustOnly: Credentials;
  beforeAll(async () => {
    trustOnly = await h.apiKey({ funderCodes: ['F-TRUST-01'] });
  });

  it('another funder’s loan reads as an unknown one on every route taking an orderNo', async () => {
    const before = await footprint();
    for (const { op, call } of operations('AK-B1')) {
      if (
        [
          'createLoan',
          'createAssetTransfer',
          'confirmCardBinding',
          'createPayout',
          'getPayout',
        ].includes(op)
      )
        continue;
      const res = await call(trustOnly);
      expect([op, res.status, res.body], op).toEqual([
        op,
        404,
        { error: { code: 'NOT_FOUND', message: 'loan AK-B1 not found', field: 'orderNo' } },
      ]);
    }
    // The same words as for a loan that does not exist.
    const unknown = await h.api('GET', '/api/v1/loans/AK-NONE', undefined, { as: trustOnly });
    expect(unknown.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'loan AK-NONE not found', field: 'orderNo' },
    });
    expect(await footprint()).toEqual(before);
  });

  it('a binding of another funder’s loan is unknown to the key', async () => {
    const started = await h.api('POST', '/api/v1/cards/bind', { orderNo: 'AK-B1', ...card });
    expect(started.status).toBe(200);
    const id = started.body.bindingId as string;
    const res = await h.api(
      'POST',
      `/api/v1/cards/bind/${id}/confirm`,
      { smsCode: '123456' },
      {
        as: trustOnly,
      },
    );
    expect([res.status, res.body]).toEqual([
      404,
      { error: { code: 'NOT_FOUND', message: `binding ${id} not found`, field: 'bindingId' } },
    ]);
  });

  it('its own funder’s loans answer as usual; a key of two funders reads both', async () => {
    expect((await h.api('GET', '/api/v1/loans/AK-T1', undefined, { as: trustOnly })).status).toBe(
      200,
    );
    const both = await h.apiKey({ funderCodes: ['F-TRUST-01', 'F-BANK-02'] });
    for (const orderNo of ['AK-T1', 'AK-B1'])
      expect((await h.api('GET', `/api/v1/loans/${orderNo}`, undefined, { as: both })).status).toBe(
        200,
      );
  });

  it('intake for another funder is 403 on funderCode and creates nothing', async () => {
    const before = await footprint();
    const res = await h.api(
      'POST',
      '/api/v1/loans',
      exampleLoan({ orderNo: 'AK-N-BANK', funderCode: 'F-BANK-02', card: undefined }),
      { as: trustOnly },
    );
    expect([res.status, res.body.error?.code, res.body.error?.field]).toEqual([
      403,
      'FORBIDDEN',
      'funderCode',
    ]);
    expect(await footprint()).toEqual(before);
    const own = await h.api(
      'POST',
      '/api/v1/loans',
      exampleLoan({ orderNo: 'AK-N-TRUST', funderCode: 'F-TRUST-01', card: undefined }),
      { as: trustOnly },
    );
    expect(own.status).toBe(201);
  });

  it('a transfer needs the source funder of every loan in it (403 otherwise, nothing changes)', async () => {
    const body = (orderNos: string[]) => ({
      orderNos,
      toFunderCode: 'F-SELF-03',
      cutoffDate: '2026-05-01',
      priceRatio: '1',
    });
    const before = await footprint();
    const mixed = await h.api('POST', '/api/v1/asset-transfers', body(['AK-T3', 'AK-B1']), {
      as: trustOnly,
    });
    expect([mixed.status, mixed.body.error]).toEqual([
      403,
      {
        code: 'FORBIDDEN',
        message: 'loan AK-B1 belongs to a funder this API key may not act for',
        field: 'orderNos',
      },
    ]);
    expect(await footprint()).toEqual(before);
    // Selling its own funder's loan to a funder it may not act for is the seller's call.
    const own = await h.api('POST', '/api/v1/asset-transfers', body(['AK-T3']), {
      as: trustOnly,
    });
    expect([own.status, own.body.status]).toEqual([201, 'scheduled']);
  });
});
