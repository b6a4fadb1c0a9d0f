// What an upstream TypeScript project writes against the client generated from the served
// document (openapi-typescript + openapi-fetch). The check compiles it with tsc --strict: a
// missing error body, an untyped field or a renamed operation fails here first.
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './generated/repay-api';

type Loan = components['schemas']['Loan'];
type ApiError = components['schemas']['Error'];
type CreateLoanRequest = operations['createLoan']['requestBody']['content']['application/json'];

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:4000' });

const request: CreateLoanRequest = {
  orderNo: 'L2026000001',
  businessLine: 'consumer',
  funderCode: 'F-TRUST-01',
  productCode: 'CONSUMER-STD',
  principal: '100000.00',
  annualRate: '0.12',
  termMonths: 12,
  repaymentMethod: 'equal_installment',
  startDate: '2026-01-15',
  borrower: { name: '张三', idNo: '110101199003071233', mobile: '13800138000' },
  card: { cardNo: '6222021234567840123', bankCode: 'ICBC' },
};

/** Reads what every error answer carries. */
function describeError(error: ApiError): string {
  const { code, message, field } = error.error;
  return field === undefined ? `${code}: ${message}` : `${code} (${field}): ${message}`;
}

export async function createThenRead(): Promise<Loan | string> {
  const created = await client.POST('/api/v1/loans', { body: request });
  if (created.error) return describeError(created.error);
  const loan: Loan = created.data;
  const firstDue: string | undefined = loan.plan.installments[0]?.dueDate;
  const paused: string | null = loan.paused === null ? null : loan.paused.until;
  void firstDue;
  void paused;

  const read = await client.GET('/api/v1/loans/{orderNo}', {
    params: { path: { orderNo: loan.orderNo } },
  });
  if (read.error) {
    // 404 for an unknown orderNo, 401 for a bad signature: the same error body either way.
    const status: number = read.response.status;
    return `${status} ${describeError(read.error)}`;
  }
  return read.data;
}

export async function planVersion(orderNo: string, version: number): Promise<number | string> {
  const plan = await client.GET('/api/v1/loans/{orderNo}/plan', {
    params: { path: { orderNo }, query: { version } },
  });
  if (plan.error) return describeError(plan.error);
  const totals: components['schemas']['PlanTotals'] = plan.data.totals;
  return plan.data.installments.length + totals.total.length;
}

export async function settleEarly(orderNo: string): Promise<string> {
  const quote = await client.GET('/api/v1/loans/{orderNo}/settlement-quote', {
    params: { path: { orderNo }, query: { date: '2026-04-20' } },
  });
  if (quote.error) return describeError(quote.error);
  const settled = await client.POST('/api/v1/loans/{orderNo}/settle', {
    params: { path: { orderNo } },
    body: { quoteId: quote.data.quoteId, method: 'offline', reference: 'BANK-REF-1' },
  });
  if (settled.error) return describeError(settled.error);
  const status: 'settled' | 'pending' | 'failed' = settled.data.status;
  return status;
}
