// The risk and money dashboards against real loans: three loans go overdue over two months (the
// daily run accrues and moves their buckets), one is repaid offline, and the rollups job takes
// the book at each date it closes. The figures must be the installments' and the ledger's to
// the fen: live today, from the snapshots afterwards, the roll rates between month ends, the
// vintage curves, and the money per funder (from the rollups, equal to the live read).
import { fenToYuan, yuanToFen } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let finance: Caller;
/** The late charges C paid with its first installment (fen). */
let chargesC = 0n;

const HOUR = 3_600_000;
/** Move the clock to an instant (Asia/Shanghai), forward only. */
const moveTo = (iso: string) => h.clock.advance(new Date(iso).getTime() - h.clock.now().getTime());

const loan = (orderNo: string, overrides: Record<string, unknown>) =>
  h.createLoan({
    orderNo,
    repaymentMethod: 'equal_principal',
    borrower: { name: '李四', idNo: '110101199003071233', mobile: '13800138000' },
    ...overrides,
  });

async function q<T extends object>(text: string, params: unknown[] = []) {
  return h.app.database.sql.query<T>(text, params);
}

/** What each open installment due before `date` owes, per loan, from the rows themselves. */
async function overdueOf(date: string) {
  const rows = await q<{ order_no: string; due: string; p: bigint; i: bigint }>(
    `SELECT l.order_no, i.due_date::text AS due, i.principal_due - i.principal_paid AS p,
            i.interest_due - i.interest_paid AS i
       FROM installments i JOIN loans l ON l.id = i.loan_id
      WHERE i.is_current AND i.status IN ('pending', 'partially_paid', 'overdue')`,
  );
  const owed = rows.filter((r) => r.due < date);
  return {
    principal: owed.reduce((n, r) => n + BigInt(r.p), 0n),
    amount: owed.reduce((n, r) => n + BigInt(r.p) + BigInt(r.i), 0n),
  };
}

beforeAll(async () => {
  h = await startHarness({ clock: '2026-02-28T10:00:00+08:00' });
  finance = await h.callerAs('finance');
  // A: 12,000.00 over 12 months from 2025-12-10 (1,000.00 principal a month, 12 % a year).
  await loan('RM-A', {
    principal: '12000.00',
    termMonths: 12,
    startDate: '2025-12-10',
    firstDueDate: '2026-01-10',
  });
  // B: 6,000.00 over 6 months from 2026-01-20, no interest.
  await loan('RM-B', {
    principal: '6000.00',
    annualRate: '0',
    termMonths: 6,
    startDate: '2026-01-20',
    firstDueDate: '2026-02-20',
  });
  // C: 3,000.00 over 3 months from 2026-02-01 at another funder, no interest.
  await loan('RM-C', {
    funderCode: 'F-BANK-02',
    principal: '3000.00',
    annualRate: '0',
    termMonths: 3,
    startDate: '2026-02-01',
    firstDueDate: '2026-03-01',
  });
  await h.app.services.overdueAccrual.accrueDate('2026-02-28', 'test');
  moveTo('2026-03-01T01:00:00+08:00');
  await h.app.services.financeRollups.refresh();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('the risk dashboard', () => {
  it('takes the book at a date once it closes, with the buckets of the daily run', async () => {
    const r = await finance.reports.risk({ from: '2026-02-28', to: '2026-03-01' });
    expect(r.liveDates).toEqual(['2026-03-01']);
    const day = r.days.find((d) => d.date === '2026-02-28')!;
    // A: 01-10 and 02-10 overdue (49 days: M2); B: 02-20 (8 days: M1); C: current.
    expect(day).toMatchObject({
      loans: 3,
      outstandingPrincipal: '21000.00',
      overduePrincipal: '3000.00',
      overdueRate: Math.round((3000 / 21000) * 10_000) / 10_000,
      delinquentRate: Math.round((18000 / 21000) * 10_000) / 10_000,
    });
    const owed = await overdueOf('2026-02-28');
    expect(day.overdueAmount).toBe(fenToYuan(owed.amount));
    expect(day.buckets.map((b) => [b.bucket, b.loans, b.outstandingPrincipal])).toEqual([
      ['M0', 1, '3000.00'],
      ['M1', 1, '6000.00'],
      ['M2', 1, '12000.00'],
      ['M3', 0, '0.00'],
      ['M3+', 0, '0.00'],
    ]);
    // A second refresh keeps the date as it was taken.
    expect((await h.app.services.financeRollups.refresh()).riskSnapshot).toBeNull();
  });

  it('reads today live, a repayment lowering it at once, and narrows to a funder', async () => {
    moveTo('2026-03-15T10:00:00+08:00');
    await h.app.services.overdueAccrual.accrueDate('2026-03-15', 'test');
    // C pays its first installment whole: principal and the late fee it accrued.
    const [owedC] = await q<{ total: bigint; fee: bigint }>(
      `SELECT (i.principal_due + i.interest_due + i.fee_due + i.penalty_due
               - i.principal_paid - i.interest_paid - i.fee_paid - i.penalty_paid)::bigint AS total,
              (i.fee_due + i.penalty_due)::bigint AS fee
         FROM installments i JOIN loans l ON l.id = i.loan_id
        WHERE l.order_no = 'RM-C' AND i.is_current AND i.period = 1`,
    );
    chargesC = BigInt(owedC!.fee);
    const paid = await h.api('POST', '/api/v1/loans/RM-C/repayments', {
      reference: 'RM-C-1',
      amount: fenToYuan(BigInt(owedC!.total)),
      paidAt: '2026-03-15T09:00:00+08:00',
      method: 'offline',
    });
    expect(paid.status).toBe(201);
    const r = await finance.reports.risk({ from: '2026-03-15', to: '2026-03-15' });
    expect(r.liveDates).toEqual(['2026-03-15']);
    const owed = await overdueOf('2026-03-15');
    // A: three overdue (64 days: M3); B: one (23 days: M1); C: paid up (current again).
    expect(r.latest).toMatchObject({
      loans: 3,
      outstandingPrincipal: '20000.00',
      overduePrincipal: '4000.00',
      overdueAmount: fenToYuan(owed.amount),
      overdueRate: 0.2,
      delinquentRate: 0.9,
    });
    expect(r.latest!.buckets.filter((b) => b.loans > 0).map((b) => b.bucket)).toEqual([
      'M0',
      'M1',
      'M3',
    ]);
    const bank = await finance.reports.risk({
      from: '2026-03-15',
      to: '2026-03-15',
      funderCode: 'F-BANK-02',
    });
    expect(bank.latest).toMatchObject({
      loans: 1,
      outstandingPrincipal: '2000.00',
      overduePrincipal: '0.00',
    });
    const lease = await finance.reports.risk({
      from: '2026-03-15',
      to: '2026-03-15',
      businessLine: 'lease',
    });
    expect(lease.latest).toMatchObject({
      loans: 0,
      outstandingPrincipal: '0.00',
      overdueRate: null,
    });
  });

  it('serves today from the book the hourly job took, the same figures, until its next run', async () => {
    const range = { from: '2026-03-15', to: '2026-03-15' };
    const read = await finance.reports.risk(range);
    const bank = await finance.reports.risk({ ...range, funderCode: 'F-BANK-02' });
    expect(read.todayTakenAt).toBeNull();
    // The job also takes yesterday's close (kept below).
    expect((await h.app.services.financeRollups.refresh()).riskSnapshot).toBe('2026-03-14');
    const taken = await finance.reports.risk(range);
    // Taken at the engine's clock (the business clock in the sandbox), not the wall clock.
    expect(taken.todayTakenAt).toBe(new Date('2026-03-15T10:00:00+08:00').toISOString());
    expect(taken.liveDates).toEqual(['2026-03-15']);
    expect(taken.latest).toEqual(read.latest);
    expect((await finance.reports.risk({ ...range, funderCode: 'F-BANK-02' })).latest).toEqual(
      bank.latest,
    );
    const [days] = await q<{ provisional: number }>(
      `SELECT count(*)::int AS provisional FROM risk_rollup_days WHERE NOT final`,
    );
    // One provisional book at a time: 03-01's, taken by the first refresh, is gone.
    expect(days!.provisional).toBe(1);
  });

  it('rolls buckets from one month end to the next and draws the vintages', async () => {
    moveTo('2026-03-31T10:00:00+08:00');
    await h.app.services.overdueAccrual.accrueDate('2026-03-31', 'test');
    moveTo('2026-04-01T01:00:00+08:00');
    const refreshed = await h.app.services.financeRollups.refresh();
    expect(refreshed.riskSnapshot).toBe('2026-03-31');
    const r = await finance.reports.risk({ from: '2026-02-28', to: '2026-04-01' });
    // 03-01 … 03-30 but 03-14 (taken with 02-28 and 03-31); 03-01's provisional book is no close.
    expect(r.missingDates).toHaveLength(29);
    expect(r.days.map((d) => d.date)).toEqual([
      '2026-02-28',
      '2026-03-14',
      '2026-03-31',
      '2026-04-01',
    ]);
    // 04-01 is the book the refresh just took; at its close a snapshot replaces it.
    expect(r.todayTakenAt).not.toBeNull();
    // At 02-28: A M2, B M1, C current (1 loan). At 03-31: A M3, B M2, C current.
    expect(r.rollRates.map((m) => m.monthEnd)).toEqual(['2026-02-28', '2026-03-31']);
    const march = r.rollRates[1]!;
    expect(march.rates).toEqual([
      { from: 'M0', to: 'M1', loans: 0, of: 1, rate: 0 },
      { from: 'M1', to: 'M2', loans: 1, of: 1, rate: 1 },
      { from: 'M2', to: 'M3', loans: 1, of: 1, rate: 1 },
      { from: 'M3', to: 'M3+', loans: 0, of: 0, rate: null },
    ]);
    // February's month end has no month end before it taken: current loans' base unknown.
    expect(r.rollRates[0]!.rates[0]).toMatchObject({ from: 'M0', of: null, rate: null });
    // 30+ (M2 and worse) principal outstanding over what the start month lent.
    expect(r.vintages).toEqual([
      {
        cohort: '2025-12',
        bookedLoans: 1,
        bookedPrincipal: '12000.00',
        points: [
          { monthEnd: '2026-02-28', monthsOnBook: 2, thirtyPlusPrincipal: '12000.00', rate: 1 },
          { monthEnd: '2026-03-31', monthsOnBook: 3, thirtyPlusPrincipal: '12000.00', rate: 1 },
        ],
      },
      {
        cohort: '2026-01',
        bookedLoans: 1,
        bookedPrincipal: '6000.00',
        points: [
          { monthEnd: '2026-02-28', monthsOnBook: 1, thirtyPlusPrincipal: '0.00', rate: 0 },
          { monthEnd: '2026-03-31', monthsOnBook: 2, thirtyPlusPrincipal: '6000.00', rate: 1 },
        ],
      },
      {
        cohort: '2026-02',
        bookedLoans: 1,
        bookedPrincipal: '3000.00',
        points: [
          { monthEnd: '2026-02-28', monthsOnBook: 0, thirtyPlusPrincipal: '0.00', rate: 0 },
          { monthEnd: '2026-03-31', monthsOnBook: 1, thirtyPlusPrincipal: '0.00', rate: 0 },
        ],
      },
    ]);
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    await expect(
      finance.reports.risk({ from: '2026-03-02', to: '2026-03-01' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('from') });
  });
});

describe('the money dashboard', () => {
  it('per funder: collections by component, accruals, suspense; the rollups equal a live read', async () => {
    const range = { from: '2026-03-01', to: '2026-03-31' };
    // Live: nothing of March built yet but what the refresh above built (up to 03-31).
    const rolled = await finance.reports.money(range);
    expect(rolled.liveDates).toEqual([]);
    const accrued = await q<{ code: string; component: string; amount: bigint }>(
      `SELECT f.code, a.component, sum(a.amount)::bigint AS amount
         FROM fee_accruals a JOIN loans l ON l.id = a.loan_id JOIN funders f ON f.id = l.funder_id
        WHERE a.business_date BETWEEN $1::date AND $2::date GROUP BY 1, 2`,
      [range.from, range.to],
    );
    const accruedOf = (code: string, component: string) =>
      fenToYuan(accrued.find((a) => a.code === code && a.component === component)?.amount ?? 0n);
    const trust = rolled.funders.find((f) => f.funderCode === 'F-TRUST-01')!;
    const bank = rolled.funders.find((f) => f.funderCode === 'F-BANK-02')!;
    expect(accruedOf('F-TRUST-01', 'penalty')).not.toBe('0.00');
    expect(trust).toMatchObject({
      collected: '0.00',
      accruedPenalty: accruedOf('F-TRUST-01', 'penalty'),
      accruedFee: accruedOf('F-TRUST-01', 'fee'),
      suspenseBalance: '0.00',
    });
    expect(bank).toMatchObject({
      collected: fenToYuan(100_000n + chargesC),
      collectedPrincipal: '1000.00',
      collectedInterest: '0.00',
      refunded: '0.00',
      remittedNet: '0.00',
    });
    expect(chargesC).toBeGreaterThan(0n);
    expect(yuanToFen(bank.collectedFee) + yuanToFen(bank.collectedPenalty)).toBe(chargesC);
    expect(
      rolled.days.find((d) => d.date === '2026-03-15' && d.funderCode === 'F-BANK-02'),
    ).toMatchObject({ collected: fenToYuan(100_000n + chargesC) });
    expect(rolled.total.collected).toBe(fenToYuan(100_000n + chargesC));

    // The same range read from the sources: every built date dropped.
    await q(`DELETE FROM money_daily_rollups`);
    await q(`DELETE FROM money_rollup_days`);
    const live = await finance.reports.money(range);
    expect(live.liveDates).toHaveLength(31);
    expect({ ...live, liveDates: [] }).toEqual({ ...rolled, liveDates: [] });
    // Built again, and narrowed to one funder.
    expect((await h.app.services.financeRollups.refresh()).moneyDates).toBeGreaterThan(31);
    const one = await finance.reports.money({ ...range, funderCode: 'F-BANK-02' });
    expect(one.funders.map((f) => f.funderCode)).toEqual(['F-BANK-02']);
    expect(one.funders[0]).toEqual(bank);
  });

  it('a backdated repayment builds its date again', async () => {
    const paid = await h.api('POST', '/api/v1/loans/RM-B/repayments', {
      reference: 'RM-B-1',
      amount: '1000.00',
      paidAt: '2026-03-20T09:00:00+08:00',
      method: 'offline',
    });
    expect(paid.status).toBe(201);
    h.clock.advance(HOUR);
    const changed = await h.app.services.financeRollups.moneyDates({});
    expect(changed).toEqual(['2026-03-20']);
    await h.app.services.financeRollups.refresh();
    const r = await finance.reports.money({ from: '2026-03-20', to: '2026-03-20' });
    expect(r.liveDates).toEqual([]);
    expect(r.funders.find((f) => f.funderCode === 'F-TRUST-01')!.collectedPrincipal).toBe(
      '1000.00',
    );
  });
});
