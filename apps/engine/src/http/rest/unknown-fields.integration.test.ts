// REST refuses what it does not know instead of dropping it: an unknown body field (at any
// depth) or query parameter answers 400 VALIDATION_FAILED naming it, and nothing is written.
// The console's tRPC inputs that share these schemas keep accepting what they accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLoan, startHarness, type Harness } from '../../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  expect((await h.api('POST', '/api/v1/loans', exampleLoan({ orderNo: 'L-KNOWN' }))).status).toBe(
    201,
  );
});
afterAll(() => h.close());

const refused = (field: string) => ({
  status: 400,
  body: {
    error: {
      code: 'VALIDATION_FAILED',
      message: `${field}: is not a field of this request`,
      field,
    },
  },
});

describe('unknown request fields', () => {
  it('a loan body with a field the contract lacks is refused naming it, writing nothing', async () => {
    const before = await h.count('loans');
    const res = await h.api(
      'POST',
      '/api/v1/loans',
      exampleLoan({ orderNo: 'L-UNKNOWN-1', dayCount: 'actual/365' }),
    );
    expect(res).toEqual(refused('dayCount'));
    expect(await h.count('loans')).toBe(before);
  });

  it('names a nested unknown field by its path', async () => {
    const borrower = { name: '张三', idNo: '110101199003071233', mobile: '13800138000', age: 36 };
    const res = await h.api(
      'POST',
      '/api/v1/loans',
      exampleLoan({ orderNo: 'L-UNKNOWN-2', borrower }),
    );
    expect(res).toEqual(refused('borrower.age'));
    const card = { cardNo: '6222021234567840123', bankCode: 'ICBC', cvv: '123' };
    const withCard = await h.api(
      'POST',
      '/api/v1/loans',
      exampleLoan({ orderNo: 'L-UNKNOWN-3', card }),
    );
    expect(withCard).toEqual(refused('card.cvv'));
  });

  it('names the first of several unknown fields and lists the others', async () => {
    const res = await h.api('POST', '/api/v1/loans/L-KNOWN/pause', {
      reason: 'negotiating',
      until: '2026-04-01',
      from: '2026-03-20',
      note: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'from: is not a field of this request (nor note)',
      field: 'from',
    });
  });

  it('every request body refuses them: collections, cards, transfers', async () => {
    const extra = { unexpected: true };
    const calls: [string, string, object][] = [
      [
        'POST',
        '/api/v1/loans/L-KNOWN/repayments',
        {
          amount: '1.00',
          paidAt: '2026-03-15T09:00:00+08:00',
          reference: 'R-1',
          method: 'offline',
        },
      ],
      ['POST', '/api/v1/loans/L-KNOWN/reschedule', { reason: 'r', shiftDays: 30 }],
      [
        'POST',
        '/api/v1/loans/L-KNOWN/settle',
        { quoteId: 'q', method: 'offline', reference: 'R-2' },
      ],
      [
        'POST',
        '/api/v1/cards/bind',
        {
          orderNo: 'L-KNOWN',
          cardNo: '6222021234567840123',
          bankCode: 'ICBC',
          mobile: '13800138000',
        },
      ],
      ['POST', '/api/v1/cards/bind/bnd_1/confirm', { smsCode: '123456' }],
      ['POST', '/api/v1/cards/unbind', { orderNo: 'L-KNOWN', cardNo: '6222021234567840123' }],
      [
        'POST',
        '/api/v1/asset-transfers',
        {
          orderNos: ['L-KNOWN'],
          toFunderCode: 'F-BANK-02',
          cutoffDate: '2026-04-01',
          priceRatio: '1',
        },
      ],
    ];
    for (const [method, path, body] of calls) {
      expect(await h.api(method, path, { ...body, ...extra }), path).toEqual(refused('unexpected'));
    }
    expect(await h.count('asset_transfers')).toBe(0);
  });

  it('refuses unknown query parameters, on routes with and without any', async () => {
    expect(await h.api('GET', '/api/v1/loans/L-KNOWN?expand=plan')).toEqual(refused('expand'));
    expect(await h.api('GET', '/api/v1/loans/L-KNOWN/plan?version=1&v=2')).toEqual(refused('v'));
    expect((await h.api('GET', '/api/v1/loans/L-KNOWN/plan?version=1')).status).toBe(200);
  });

  it('still answers 404 in the error format for an unknown loan', async () => {
    const res = await h.api('GET', '/api/v1/loans/L-NOBODY');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'loan L-NOBODY not found', field: 'orderNo' },
    });
  });
});

describe('the console shares two of these schemas over tRPC', () => {
  it('reschedule (joined with orderNo) and transfers.create still accept their inputs', async () => {
    await h.api('POST', '/api/v1/loans', exampleLoan({ orderNo: 'L-CONSOLE-1', card: undefined }));
    await h.api('POST', '/api/v1/loans', exampleLoan({ orderNo: 'L-CONSOLE-2', card: undefined }));
    const ops = await h.callerAs('ops');
    const plan = await ops.loans.reschedule({
      orderNo: 'L-CONSOLE-1',
      reason: 'console',
      shiftDays: 7,
    });
    expect(plan.version).toBe(2);
    const finance = await h.callerAs('finance');
    const transfer = await finance.transfers.create({
      orderNos: ['L-CONSOLE-2'],
      toFunderCode: 'F-BANK-02',
      cutoffDate: '2026-04-01',
      priceRatio: '1',
    });
    expect(transfer.status).toBe('scheduled');
  });
});
