// `repay seed demo`: reference data, users, a demo API key, and N loans with a plausible history.
import { addDays, type BusinessDate } from '@repay/rules';
import type { App } from '../app';
import { systemActor } from '../modules/events';
import { systemEditor } from '../modules/rules';
import { demoRuleSets } from './demo-rules';
import { defaultInstances } from '@repay/channel-sandbox/instances';

const SANDBOX_NAMES: Record<string, string> = {
  'sandbox-a': '沙箱通道 A（宝付式）',
  'sandbox-b': '沙箱通道 B（通联式）',
  'sandbox-c': '沙箱通道 C（银联式）',
};
import type { CreateLoanInput } from '../modules/loans';
import { fakePerson, prng } from './demo-people';
import { demoApiKey, demoFunders, demoProducts, demoUsers, DEMO_PASSWORD } from './reference-data';

const seeder = systemActor('seed');

/** Default rule sets, published by the system (created, approved and published in one go). */
export async function seedRules(app: App): Promise<string[]> {
  const { rules } = app.services;
  const existing = new Set(
    (await rules.listSets()).map((s) => `${s.kind}:${s.scopeType}:${s.scopeKey}`),
  );
  const created: string[] = [];
  for (const r of demoRuleSets) {
    const key = `${r.kind}:${r.scopeType}:${r.scopeKey}`;
    if (existing.has(key)) continue;
    const { version } = await rules.createSet({ ...r, note: '初始规则' }, systemEditor);
    await rules.submit(BigInt(version.id), systemEditor);
    await rules.approve(BigInt(version.id), systemEditor);
    await rules.publish(
      { versionId: BigInt(version.id), expectedRevision: 0, reason: '初始规则' },
      systemEditor,
    );
    created.push(`rule:${key}`);
  }
  return created;
}

export async function seedReference(app: App): Promise<{ created: string[] }> {
  const { reference, users } = app.services;
  const created: string[] = [];
  const funders = new Set((await reference.listFunders()).map((f) => f.code));
  for (const f of demoFunders)
    if (!funders.has(f.code)) created.push((await reference.createFunder(f, seeder)).code);
  const products = new Set((await reference.listProducts()).map((p) => p.code));
  for (const p of demoProducts)
    if (!products.has(p.code)) created.push((await reference.createProduct(p, seeder)).code);
  for (const u of demoUsers) {
    if (await users.userExists(u.username)) continue;
    await users.createUser({ ...u, password: DEMO_PASSWORD });
    created.push(`user:${u.username}`);
  }
  if (await app.services.apiKeys.ensureApiKey(demoApiKey))
    created.push(`api-key:${demoApiKey.key}`);
  created.push(...(await seedRules(app)));
  created.push(
    ...(await app.services.channelRegistry.registerSandboxChannels(
      app.env.REPAY_SANDBOX_URL,
      defaultInstances().map((i) => ({
        code: i.code,
        name: SANDBOX_NAMES[i.code] ?? i.code,
        merchant: i.merchant,
        secret: i.secret,
        vocabulary: i.vocabulary,
        banks: i.banks,
        costPerTxnFen: BigInt(i.fee.minFen),
        feeRule: { perMille: i.fee.perMille, minFen: i.fee.minFen },
      })),
    )),
  );
  created.push(...(await seedPayoutAccounts(app)));
  return { created };
}

/**
 * A payout account (头寸) at each sandbox channel, empty with a ¥10,000.00 buffer (a balance
 * sync or a top-up fills it), and a settlement account per demo funder: a sandbox test account
 * that is always paid (its number ends 0000).
 */
async function seedPayoutAccounts(app: App): Promise<string[]> {
  const { positions, remittance } = app.services;
  const created: string[] = [];
  const open = new Set((await positions.overview()).accounts.map((a) => a.channelCode));
  for (const i of defaultInstances())
    if (!open.has(i.code)) {
      await positions.open({ channelCode: i.code, buffer: '10000.00' }, seeder);
      created.push(`payout-account:${i.code}`);
    }
  const withAccount = new Set((await remittance.funderAccounts()).map((a) => a.funderCode));
  for (const [k, f] of demoFunders.entries())
    if (!withAccount.has(f.code)) {
      await remittance.addFunderAccount(
        {
          funderCode: f.code,
          bankCode: 'ICBC',
          accountNo: `62220200000${k + 1}0000`,
          accountName: f.name,
          isDefault: true,
        },
        seeder,
      );
      created.push(`funder-account:${f.code}`);
    }
  return created;
}

const lines = [
  {
    businessLine: 'consumer',
    productCode: 'CONSUMER-STD',
    method: 'equal_installment',
    terms: [6, 12, 24],
    min: 3_000,
    max: 80_000,
    rates: ['0.0899', '0.1200', '0.1800', '0.2350'],
  },
  {
    businessLine: 'lease',
    productCode: 'LEASE-STD',
    method: 'lease_rent',
    terms: [24, 36],
    min: 60_000,
    max: 400_000,
    rates: ['0.0650', '0.0800', '0.0950'],
  },
  {
    businessLine: 'supply_chain',
    productCode: 'SCF-STD',
    method: 'interest_first',
    terms: [3, 6, 12],
    min: 100_000,
    max: 2_000_000,
    rates: ['0.0550', '0.0700', '0.0850'],
  },
] as const;

/** Loan i of the demo: deterministic, start dates spread over the past year. */
export function demoLoanInput(i: number, today: BusinessDate): CreateLoanInput {
  const rng = prng(20260315 + i);
  const line = lines[i % lines.length]!;
  const person = fakePerson(rng);
  const principalYuan = Math.round(rng.int(line.min, line.max) / 100) * 100;
  const isLease = line.businessLine === 'lease';
  return {
    orderNo: `DEMO${String(i + 1).padStart(7, '0')}`,
    businessLine: line.businessLine,
    funderCode: demoFunders[rng.int(0, demoFunders.length - 1)]!.code,
    productCode: line.productCode,
    principal: `${principalYuan}.00`,
    annualRate: rng.pick(line.rates),
    termMonths: rng.pick(line.terms),
    repaymentMethod: line.method,
    startDate: addDays(today, -rng.int(0, 365)),
    residualValue: isLease ? `${Math.round(principalYuan * 0.05)}.00` : undefined,
    paymentTiming: isLease ? rng.pick(['arrears', 'advance'] as const) : undefined,
    borrower: { name: person.name, idNo: person.idNo, mobile: person.mobile },
    card: person.card,
  };
}

export async function seedDemoLoans(app: App, count: number, onProgress?: (done: number) => void) {
  const today = app.clock.today();
  let created = 0;
  for (let i = 0; i < count; i++) {
    const input = demoLoanInput(i, today);
    const result = await app.services.loans.createLoan(input, seeder);
    if (result.created) {
      created++;
      // About one loan in twelve stops paying at some past due date; the others paid everything due.
      const rng = prng(7 + i);
      const past = result.loan.plan.installments
        .filter((x) => x.dueDate < today)
        .map((x) => x.period);
      const stopsAt = past.length > 0 && rng.next() < 0.085 ? rng.pick(past) : null;
      const paid = past.filter((p) => stopsAt === null || p < stopsAt);
      if (paid.length > 0) await app.services.loans.recordDemoHistory(input.orderNo, paid);
    }
    if (onProgress && (i + 1) % 250 === 0) onProgress(i + 1);
  }
  const overdue = await app.services.loans.refreshOverdue(today);
  return { created, overdueInstallments: overdue };
}

/**
 * Bind the demo loans' cards at the channel sandbox (when it answers within `waitMs`), so
 * that the deduction windows have something to debit. Without the sandbox: nothing bound.
 */
export async function seedDemoAgreements(app: App, waitMs = 20_000): Promise<number | null> {
  const url = `${app.env.REPAY_SANDBOX_URL}/healthz`;
  for (const started = Date.now(); ;) {
    const up = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() - started > waitMs) return null;
    await new Promise((r) => setTimeout(r, 500));
  }
  return app.services.cards.bindDemoCards('123456');
}
