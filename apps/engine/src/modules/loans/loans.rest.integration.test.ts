import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLoan, startHarness, type Harness } from '../../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const writeTables = [
  'loans',
  'borrowers',
  'cards',
  'plan_versions',
  'installments',
  'ledger_journals',
  'outbox_events',
];
async function snapshotCounts() {
  return Object.fromEntries(
    await Promise.all(writeTables.map(async (t) => [t, await h.count(t)] as const)),
  );
}

describe('POST /api/v1/loans', () => {
  it('creates the loan of docs/api.md with a cent-exact plan and masked borrower', async () => {
    const res = await h.api('POST', '/api/v1/loans', exampleLoan());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      orderNo: 'L2026000001',
      status: 'active',
      funderCode: 'F-TRUST-01',
      productCode: 'CONSUMER-STD',
      businessLine: 'consumer',
      principal: '100000.00',
      outstandingPrincipal: '100000.00',
      paused: null,
      borrower: { name: '张*', idNo: '110101********1233', mobile: '138****8000' },
    });
    const plan = res.body.plan;
    expect(plan.version).toBe(1);
    expect(plan.installments).toHaveLength(12);
    expect(plan.installments[0]).toEqual({
      period: 1,
      dueDate: '2026-02-15',
      principal: '7884.88',
      interest: '1000.00',
      fee: '0.00',
      penalty: '0.00',
      total: '8884.88',
      paid: '0.00',
      status: 'pending',
      overdueDays: 0,
    });
    expect(plan.installments[11].dueDate).toBe('2027-01-15');
    expect(plan.totals).toEqual({
      principal: '100000.00',
      interest: '6618.53',
      total: '106618.53',
    });
  });

  it('answers the same body again with 200 and the same loan, writing nothing', async () => {
    const before = await snapshotCounts();
    const again = await h.api('POST', '/api/v1/loans', exampleLoan());
    expect(again.status).toBe(200);
    expect(again.body.orderNo).toBe('L2026000001');
    expect(again.body.plan.totals.interest).toBe('6618.53');
    expect(await snapshotCounts()).toEqual(before);
  });

  it('treats "100000" and "100000.00" and reordered keys as the same content', async () => {
    const { principal: _p, ...rest } = exampleLoan();
    const res = await h.api('POST', '/api/v1/loans', { principal: '100000', ...rest });
    expect(res.status).toBe(200);
  });

  it('replays equal amounts and rates written differently ("100000.0", "0.120"), same answer', async () => {
    const before = await snapshotCounts();
    const first = await h.api('GET', '/api/v1/loans/L2026000001');
    const res = await h.api(
      'POST',
      '/api/v1/loans',
      exampleLoan({ principal: '100000.0', annualRate: '0.120', residualValue: '0' }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual(first.body);
    expect(await snapshotCounts()).toEqual(before);
  });

  it('refuses a different body under a known orderNo with 409, changing nothing', async () => {
    const before = await snapshotCounts();
    const res = await h.api('POST', '/api/v1/loans', exampleLoan({ principal: '90000.00' }));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', field: 'orderNo' });
    expect(await snapshotCounts()).toEqual(before);
  });

  it('creates exactly one loan when the same order arrives twice at once', async () => {
    const body = exampleLoan({
      orderNo: 'L-RACE-1',
      borrower: { name: '李四', idNo: '11010519491231002X', mobile: '13900139000' },
    });
    const results = await Promise.all([
      h.api('POST', '/api/v1/loans', body),
      h.api('POST', '/api/v1/loans', body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    const [row] = await h.app.database.sql.query<{ n: bigint }>(
      `select count(*)::bigint as n from loans where order_no = 'L-RACE-1'`,
    );
    expect(row?.n).toBe(1n);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['three decimals', { principal: '100.123' }, 'principal'],
    ['negative principal', { principal: '-1.00' }, 'principal'],
    ['zero principal', { principal: '0.00' }, 'principal'],
    ['numeric principal', { principal: 100000 }, 'principal'],
    ['term 0', { termMonths: 0 }, 'termMonths'],
    ['fractional term', { termMonths: 1.5 }, 'termMonths'],
    ['rate 1.2', { annualRate: '1.2' }, 'annualRate'],
    ['rate 1', { annualRate: '1' }, 'annualRate'],
    ['negative rate', { annualRate: '-0.1' }, 'annualRate'],
    ['impossible date', { startDate: '2026-02-30' }, 'startDate'],
    ['first due before start', { firstDueDate: '2026-01-10' }, 'firstDueDate'],
    ['unknown business line', { businessLine: 'mortgage' }, 'businessLine'],
    ['unknown method', { repaymentMethod: 'balloon' }, 'repaymentMethod'],
    ['unknown timing', { paymentTiming: 'whenever' }, 'paymentTiming'],
    [
      'ID checksum',
      { borrower: { name: '张三', idNo: '110101199003071234', mobile: '13800138000' } },
      'borrower.idNo',
    ],
    [
      'mobile',
      { borrower: { name: '张三', idNo: '110101199003071233', mobile: '12800138000' } },
      'borrower.mobile',
    ],
    [
      'missing borrower name',
      { borrower: { idNo: '110101199003071233', mobile: '13800138000' } },
      'borrower.name',
    ],
    ['card number', { card: { cardNo: '6222-0212', bankCode: 'ICBC' } }, 'card.cardNo'],
    [
      'card number failing the Luhn check',
      { card: { cardNo: '6222021234567890123', bankCode: 'ICBC' } },
      'card.cardNo',
    ],
    ['residual on non-lease', { residualValue: '100.00' }, 'residualValue'],
  ];
  it.each(invalid)(
    'rejects %s with 400 naming the field and writes nothing',
    async (_label, override, field) => {
      const before = await snapshotCounts();
      const res = await h.api(
        'POST',
        '/api/v1/loans',
        exampleLoan({ orderNo: 'L-BAD-1', ...override }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.field).toBe(field);
      expect(typeof res.body.error.message).toBe('string');
      expect(await snapshotCounts()).toEqual(before);
    },
  );

  it('rejects malformed JSON with 400', async () => {
    const res = await h.api('POST', '/api/v1/loans', undefined, { rawBody: '{"orderNo": "L1",' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_REQUEST');
  });

  it.each([
    [{ funderCode: 'F-NOPE-99' }, 'funderCode'],
    [{ productCode: 'NOPE-STD' }, 'productCode'],
    [{ businessLine: 'lease' }, 'businessLine'],
  ])('rejects an impossible request %o with 422', async (override, field) => {
    const before = await snapshotCounts();
    const res = await h.api(
      'POST',
      '/api/v1/loans',
      exampleLoan({ orderNo: 'L-422', ...override }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe(field);
    expect(await snapshotCounts()).toEqual(before);
  });

  it('stores personal data encrypted, never in clear', async () => {
    const rows = await h.app.database.sql.query<Record<string, string>>(`select * from borrowers`);
    const cards = await h.app.database.sql.query<Record<string, string>>(`select * from cards`);
    const dump = JSON.stringify([rows, cards], (_k, v: unknown) =>
      typeof v === 'bigint' ? String(v) : v,
    );
    for (const secret of ['110101199003071233', '13800138000', '6222021234567840123', '张三'])
      expect(dump).not.toContain(secret);
    expect(cards[0]?.card_no_mask).toBe('622202******0123');
  });

  it('books the principal in the ledger and announces the loan once', async () => {
    const journals = await h.app.database.sql.query<{ kind: string; total: bigint }>(
      `select j.kind, sum(e.amount) filter (where e.amount > 0)::bigint as total
         from ledger_journals j join ledger_entries e on e.journal_id = j.id join loans l on l.id = j.loan_id
        where l.order_no = 'L2026000001' group by j.kind`,
    );
    expect(journals).toEqual([{ kind: 'loan_booked', total: 10000000n }]);
    const events = await h.app.database.sql.query<{ event_id: string }>(
      `select event_id from outbox_events where aggregate_id = 'L2026000001'`,
    );
    expect(events.map((e) => e.event_id)).toEqual(['loan.created:L2026000001']);
  });
});

describe('GET loans', () => {
  it('returns the loan with its plan', async () => {
    const res = await h.api('GET', '/api/v1/loans/L2026000001');
    expect(res.status).toBe(200);
    expect(res.body.plan.installments[0].principal).toBe('7884.88');
  });

  it('returns a plan version and 404 for a version that does not exist', async () => {
    const v1 = await h.api('GET', '/api/v1/loans/L2026000001/plan?version=1');
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ orderNo: 'L2026000001', version: 1, current: true });
    expect(v1.body.totals.total).toBe('106618.53');
    const v2 = await h.api('GET', '/api/v1/loans/L2026000001/plan?version=2');
    expect(v2.status).toBe(404);
    const bad = await h.api('GET', '/api/v1/loans/L2026000001/plan?version=zero');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('version');
  });

  it('lists debits (none yet) and 404s unknown loans', async () => {
    expect(await h.api('GET', '/api/v1/loans/L2026000001/debits')).toEqual({
      status: 200,
      body: { debits: [] },
    });
    const missing = await h.api('GET', '/api/v1/loans/NOPE-1');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });
});

describe('authentication', () => {
  const url = (path: string) => h.baseUrl + path;

  it('rejects calls without signature headers', async () => {
    const res = await fetch(url('/api/v1/loans/L2026000001'));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });

  it('rejects a wrong signature, a stale timestamp and a reused nonce', async () => {
    const wrong = await h.api('GET', '/api/v1/loans/L2026000001', undefined, {
      headers: { 'x-repay-signature': 'ab'.repeat(32) },
    });
    expect(wrong.status).toBe(401);
    const stale = await h.api('GET', '/api/v1/loans/L2026000001', undefined, {
      headers: { 'x-repay-timestamp': '1000000000' },
    });
    expect(stale.status).toBe(401);
    const nonce = `n-reuse-${Date.now()}`;
    const first = await h.api('GET', '/api/v1/loans/L2026000001', undefined, { headers: {} });
    expect(first.status).toBe(200);
    const { signedHeaders } = await import('../../lib/api-signature');
    const headers = signedHeaders(h.credentials, {
      method: 'GET',
      pathWithQuery: '/api/v1/loans/L2026000001',
      body: '',
      nonce,
    });
    expect((await fetch(url('/api/v1/loans/L2026000001'), { headers })).status).toBe(200);
    expect((await fetch(url('/api/v1/loans/L2026000001'), { headers })).status).toBe(401);
  });

  it('signs the body: a body changed after signing is rejected', async () => {
    const { signedHeaders } = await import('../../lib/api-signature');
    const signed = JSON.stringify(exampleLoan({ orderNo: 'L-TAMPER' }));
    const headers = {
      ...signedHeaders(h.credentials, {
        method: 'POST',
        pathWithQuery: '/api/v1/loans',
        body: signed,
      }),
      'content-type': 'application/json',
    };
    const res = await fetch(url('/api/v1/loans'), {
      method: 'POST',
      headers,
      body: signed.replace('100000.00', '900000.00'),
    });
    expect(res.status).toBe(401);
    expect(await h.count("loans where order_no = 'L-TAMPER'")).toBe(0);
  });
});

describe('documentation', () => {
  it('serves an OpenAPI document generated from the schemas', async () => {
    const res = await fetch(h.baseUrl + '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/loans',
        '/api/v1/loans/{orderNo}',
        '/api/v1/loans/{orderNo}/plan',
        '/api/v1/loans/{orderNo}/debits',
      ]),
    );
    // The body is a named component schema, referenced from the operation.
    const bodyRef = JSON.stringify(doc.paths['/api/v1/loans']?.post?.requestBody);
    const bodyName = /#\/components\/schemas\/(\w+)/.exec(bodyRef)?.[1] ?? '';
    expect(JSON.stringify(doc.components.schemas[bodyName])).toContain('repaymentMethod');
    const docs = await fetch(h.baseUrl + '/api/docs');
    expect(docs.headers.get('content-type')).toContain('text/html');
  });
});
