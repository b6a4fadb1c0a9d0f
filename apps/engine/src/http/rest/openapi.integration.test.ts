// The served OpenAPI document as client generators use it: named schemas, operationIds, declared
// error bodies, all four auth headers; a client generated from it compiles under tsc --strict and
// Redocly finds no error; and the engine's real answers conform to it.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { answerChecker, checkDocument } from '@repay/openapi-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES } from '../../modules/auth';
import { exampleLoan, startHarness, type Harness } from '../../testing/harness';

interface Operation {
  operationId: string;
  description: string;
  'x-required-scope': string;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }> }>;
}
interface Doc {
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, any>;
    responses: Record<string, any>;
    securitySchemes: Record<string, { type: string; in: string; name: string }>;
  };
}

let sandbox: Sandbox;
let h: Harness;
let doc: Doc;
let operations: Operation[];

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl });
  doc = (await (await fetch(`${h.baseUrl}/api/v1/openapi.json`)).json()) as Doc;
  operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

/** Every node of a JSON tree with the path leading to it. */
function* nodes(node: unknown, path = '#'): Generator<[string, Record<string, any>]> {
  if (!node || typeof node !== 'object') return;
  if (!Array.isArray(node)) yield [path, node as Record<string, any>];
  for (const [key, value] of Object.entries(node)) yield* nodes(value, `${path}/${key}`);
}

describe('the OpenAPI document', () => {
  it('names every operation once, in camelCase', () => {
    const ids = operations.map((op) => op.operationId);
    expect(ids).toHaveLength(16);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(ids).toEqual(
      expect.arrayContaining(['createLoan', 'getLoan', 'getLoanPlan', 'settleLoan', 'bindCard']),
    );
  });

  it('names the scope each operation requires, in x-required-scope and its description', () => {
    for (const op of operations) {
      expect(API_SCOPES, op.operationId).toContain(op['x-required-scope']);
      expect(op.description, op.operationId).toContain(`\`${op['x-required-scope']}\``);
    }
    const scopeOf = (id: string) =>
      operations.find((o) => o.operationId === id)!['x-required-scope'];
    expect(
      ['createLoan', 'getLoan', 'settleLoan', 'bindCard', 'createAssetTransfer'].map(scopeOf),
    ).toEqual(['loans:write', 'loans:read', 'collections:write', 'cards:write', 'transfers:write']);
  });

  it('declares the error body on every error answer, and 400, 401, 403 and 500 everywhere', () => {
    const errorSchema = { $ref: '#/components/schemas/Error' };
    for (const op of operations) {
      for (const status of ['400', '401', '403', '500']) expect(op.responses[status]).toBeDefined();
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const resolved = response.$ref
          ? doc.components.responses[response.$ref.split('/').pop()!]
          : response;
        expect(resolved.content['application/json'].schema, `${op.operationId} ${status}`).toEqual(
          errorSchema,
        );
      }
    }
    expect(doc.components.schemas.ErrorDetail.required).toEqual(['code', 'message']);
  });

  it('references named schemas only: no inline object outside components/schemas roots', () => {
    for (const op of operations) {
      const bodies = [
        ...Object.values(op.requestBody?.content ?? {}),
        ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {})),
      ];
      for (const body of bodies) expect(body.schema).toHaveProperty('$ref');
    }
    const inline = [...nodes(doc.components.schemas)]
      .filter(([path, node]) => node.type === 'object' && path.split('/').length > 2)
      .map(([path]) => path);
    expect(inline).toEqual([]);
  });

  it('closes every request object: unknown fields are refused', () => {
    const requestNames = new Set<string>();
    const visit = (name: string) => {
      if (requestNames.has(name)) return;
      requestNames.add(name);
      for (const [, node] of nodes(doc.components.schemas[name]))
        if (typeof node.$ref === 'string') visit(node.$ref.split('/').pop()!);
    };
    for (const op of operations)
      if (op.requestBody)
        visit(op.requestBody.content['application/json']!.schema.$ref!.split('/').pop()!);
    expect(requestNames.size).toBeGreaterThanOrEqual(10);
    for (const name of requestNames)
      expect(doc.components.schemas[name].additionalProperties, name).toBe(false);
  });

  it('describes all four signed headers, required together', () => {
    const schemes = doc.components.securitySchemes;
    expect(Object.values(schemes).map((s) => [s.type, s.in, s.name])).toEqual([
      ['apiKey', 'header', 'X-Repay-Key'],
      ['apiKey', 'header', 'X-Repay-Timestamp'],
      ['apiKey', 'header', 'X-Repay-Nonce'],
      ['apiKey', 'header', 'X-Repay-Signature'],
    ]);
    expect(doc.security).toEqual([
      Object.fromEntries(Object.keys(schemes).map((name) => [name, []])),
    ]);
  });

  it('gives identity numbers, mobiles, dates and money their patterns and formats', () => {
    const { BorrowerInput, CreateLoanRequest, Installment, Loan, PlanVersion } =
      doc.components.schemas;
    expect(BorrowerInput.properties.idNo.pattern).toBe('^[1-9]\\d{16}[\\dXx]$');
    expect(BorrowerInput.properties.mobile.pattern).toBe('^1[3-9]\\d{9}$');
    expect(CreateLoanRequest.properties.startDate.format).toBe('date');
    expect(CreateLoanRequest.properties.principal.pattern).toBe('^\\d{1,13}(\\.\\d{1,2})?$');
    expect(Installment.properties.dueDate.format).toBe('date');
    expect(Installment.properties.total.pattern).toBe('^-?\\d+\\.\\d{2}$');
    expect(Loan.properties.outstandingPrincipal.pattern).toBe('^-?\\d+\\.\\d{2}$');
    expect(PlanVersion.properties.createdAt.format).toBe('date-time');
  });

  it('bounds every integer sensibly: no ±2^53, no negative periods', () => {
    const integers = [...nodes(doc)].filter(([, node]) => node.type === 'integer');
    expect(integers.length).toBeGreaterThan(5);
    for (const [path, node] of integers) {
      expect(node.minimum, path).toBeGreaterThanOrEqual(0);
      expect(node.maximum, path).toBeLessThanOrEqual(2_147_483_647);
    }
    expect(doc.components.schemas.Installment.properties.period).toMatchObject({
      minimum: 1,
      maximum: 600,
    });
  });

  it('generates a TypeScript client that compiles under --strict, and lints clean with Redocly', async () => {
    const result = await checkDocument(doc);
    expect(result.typeErrors).toBe('');
    expect(result.lint.errors).toEqual([]);
  });
});

describe('answers conform to the document', () => {
  const seen: string[] = [];
  async function call(
    operationId: string,
    method: string,
    path: string,
    body?: unknown,
    as?: Harness['credentials'],
  ) {
    const res = await h.api(method, path, body, { as });
    expect(
      answerChecker(doc)(operationId, res.status, res.body),
      `${operationId} ${res.status}`,
    ).toEqual([]);
    seen.push(`${operationId} ${res.status}`);
    return res;
  }

  it('for every operation, its successes and its errors', async () => {
    const orderNo = 'L-DOC-1';
    const loan = exampleLoan({ orderNo, card: undefined });
    expect((await call('createLoan', 'POST', '/api/v1/loans', loan)).status).toBe(201);
    expect((await call('createLoan', 'POST', '/api/v1/loans', loan)).status).toBe(200);
    const differs = { ...loan, termMonths: 6 };
    expect((await call('createLoan', 'POST', '/api/v1/loans', differs)).status).toBe(409);
    const unknownField = { ...loan, orderNo: 'L-DOC-2', dayCount: 'actual/365' };
    expect((await call('createLoan', 'POST', '/api/v1/loans', unknownField)).status).toBe(400);
    const otherFunder = { ...loan, orderNo: 'L-DOC-3', funderCode: 'F-NOBODY' };
    expect((await call('createLoan', 'POST', '/api/v1/loans', otherFunder)).status).toBe(422);

    const at = `/api/v1/loans/${orderNo}`;
    expect((await call('getLoan', 'GET', at)).status).toBe(200);
    expect((await call('getLoan', 'GET', '/api/v1/loans/L-NOBODY')).status).toBe(404);
    expect((await call('getLoanPlan', 'GET', `${at}/plan?version=1`)).status).toBe(200);
    expect((await call('listLoanDebits', 'GET', `${at}/debits`)).status).toBe(200);

    const card = { cardNo: '6222020200112430000', bankCode: 'ICBC' };
    const bind = await call('bindCard', 'POST', '/api/v1/cards/bind', {
      orderNo,
      ...card,
      mobile: '13800138000',
    });
    expect(bind.status).toBe(200);
    const confirm = `/api/v1/cards/bind/${bind.body.bindingId}/confirm`;
    expect((await call('confirmCardBinding', 'POST', confirm, { smsCode: '123456' })).status).toBe(
      200,
    );
    const unbind = { orderNo, cardNo: card.cardNo };
    expect((await call('unbindCard', 'POST', '/api/v1/cards/unbind', unbind)).status).toBe(409);

    const pause = { reason: 'negotiating', until: '2026-04-01' };
    expect((await call('pauseLoan', 'POST', `${at}/pause`, pause)).status).toBe(200);
    expect((await call('resumeLoan', 'POST', `${at}/resume`)).status).toBe(200);
    const repayment = {
      amount: '100.00',
      paidAt: '2026-03-15T09:00:00+08:00',
      reference: 'BANK-DOC-1',
      method: 'offline',
    };
    expect((await call('recordRepayment', 'POST', `${at}/repayments`, repayment)).status).toBe(201);
    const reschedule = { reason: 'negotiated', shiftDays: 30 };
    expect((await call('rescheduleLoan', 'POST', `${at}/reschedule`, reschedule)).status).toBe(201);
    const quote = await call('getSettlementQuote', 'GET', `${at}/settlement-quote`);
    expect(quote.status).toBe(200);
    const settle = { quoteId: quote.body.quoteId, method: 'offline', reference: 'BANK-DOC-2' };
    expect((await call('settleLoan', 'POST', `${at}/settle`, settle)).status).toBe(200);

    const other = exampleLoan({ orderNo: 'L-DOC-4', card: undefined });
    expect((await call('createLoan', 'POST', '/api/v1/loans', other)).status).toBe(201);
    const transfer = {
      orderNos: ['L-DOC-4'],
      toFunderCode: 'F-BANK-02',
      cutoffDate: '2026-04-01',
      priceRatio: '1.00',
    };
    expect(
      (await call('createAssetTransfer', 'POST', '/api/v1/asset-transfers', transfer)).status,
    ).toBe(201);
    const backdated = { ...transfer, cutoffDate: '2026-03-01', orderNos: ['L-DOC-5'] };
    await h.createLoan({ orderNo: 'L-DOC-5', card: undefined });
    expect(
      (await call('createAssetTransfer', 'POST', '/api/v1/asset-transfers', backdated)).status,
    ).toBe(202);
    const readOnly = await h.apiKey({ scopes: ['loans:read'] });
    expect((await call('createLoan', 'POST', '/api/v1/loans', other, readOnly)).status).toBe(403);

    const unsigned = await fetch(`${h.baseUrl}${at}`);
    expect(answerChecker(doc)('getLoan', unsigned.status, await unsigned.json())).toEqual([]);
    expect(new Set(seen.map((s) => s.split(' ')[0])).size).toBe(14);
  });

  it('the checker itself catches an answer field the document does not name', () => {
    const check = answerChecker(doc);
    const body = { error: { code: 'NOT_FOUND', message: 'loan not found', detail: 'extra' } };
    expect(check('getLoan', 404, body)).not.toEqual([]);
    expect(check('getLoan', 404, { error: { code: 'NOT_FOUND', message: 'x' } })).toEqual([]);
  });
});
