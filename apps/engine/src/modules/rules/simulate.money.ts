// Simulations of money rules: what a fee rule's charges add up to on the overdue installments,
// where an allocation rule sends a payment of each loan's oldest installment, and what a
// remittance rule makes of a few batch amounts.
import {
  addDays,
  daysBetween,
  ExprRuntimeError,
  feeFactsOf,
  feeInputsOf,
  fenToYuan,
  planCollection,
  remittanceAsOf,
  remittanceOf,
  yuanToFen,
  type AllocationRule,
  type FeeRule,
  type RemittanceRule,
} from '@repay/rules';
import type { RuleSetRecord } from './rules.types';
import { chargeOf, conditionsOf, LIMIT, type SimulationContext } from './simulate.shared';
import type { OpenInstallmentFacts } from './simulation.repo';

// Batch amounts a remittance rule is tried on: below and just above the usual minimum, then
// larger days. Sample amounts rather than a funder's collections, which the simulation does not
// add up.
const REMITTANCE_SAMPLES = ['50.00', '100.50', '1000.00', '10000.00', '1000000.00'].map(yuanToFen);

export function createMoneySimulations({
  clock,
  rowsOf,
  sides,
  inForceForScope,
}: SimulationContext) {
  function feeOf(rule: FeeRule | null, r: OpenInstallmentFacts, today: string): bigint {
    if (!rule) return 0n;
    const overdueDays = daysBetween(r.dueDate, today);
    const figures = {
      ...r,
      overduePrincipalFen: r.principalOwedFen,
      overdueInterestFen: r.interestOwedFen,
      contractRate: r.annualRate,
    };
    let total = 0n;
    for (const charge of rule.charges) {
      if (charge.type === 'prepayment_fee') continue;
      if (!conditionsOf(charge)(feeFactsOf(figures, overdueDays))) continue;
      total += chargeOf(charge, r.ceiling).accrue(feeInputsOf(figures), overdueDays).totalFen;
    }
    return total;
  }

  async function simulateFee(set: RuleSetRecord, draft: FeeRule) {
    const today = clock.today();
    const rows = await rowsOf(set, addDays(today, -3650), addDays(today, -1));
    let publishedTotal = 0n;
    let draftTotal = 0n;
    const changed: {
      orderNo: string;
      period: number;
      overdueDays: number;
      published: string;
      draft: string;
      delta: bigint;
    }[] = [];
    // A formula that fails on some installment is reported with its inputs, never counted as 0.
    const failures: {
      orderNo: string;
      period: number;
      side: 'published' | 'draft';
      message: string;
    }[] = [];
    let failed = 0;
    const safeFee = (
      side: 'published' | 'draft',
      rule: FeeRule | null,
      row: OpenInstallmentFacts,
    ) => {
      try {
        return feeOf(rule, row, today);
      } catch (error) {
        if (!(error instanceof ExprRuntimeError)) throw error;
        failed++;
        if (failures.length < 20)
          failures.push({ orderNo: row.orderNo, period: row.period, side, message: error.message });
        return null;
      }
    };
    for (const side of await sides(set, 'fee', draft, rows)) {
      const p = safeFee('published', side.published, side.row);
      const d = safeFee('draft', side.draft, side.row);
      if (p === null || d === null) continue;
      publishedTotal += p;
      draftTotal += d;
      if (p !== d) {
        changed.push({
          orderNo: side.row.orderNo,
          period: side.row.period,
          overdueDays: daysBetween(side.row.dueDate, today),
          published: fenToYuan(p),
          draft: fenToYuan(d),
          delta: d - p,
        });
      }
    }
    changed.sort((a, b) =>
      (b.delta < 0n ? -b.delta : b.delta) > (a.delta < 0n ? -a.delta : a.delta) ? 1 : -1,
    );
    return {
      kind: 'fee' as const,
      asOf: today,
      scanned: rows.length,
      truncated: rows.length === LIMIT,
      affected: changed.length,
      publishedTotal: fenToYuan(publishedTotal),
      draftTotal: fenToYuan(draftTotal),
      delta: fenToYuan(draftTotal - publishedTotal),
      failed,
      failures,
      samples: changed
        .slice(0, 20)
        .map(({ delta, ...rest }) => ({ ...rest, delta: fenToYuan(delta) })),
    };
  }

  async function simulateAllocation(set: RuleSetRecord, draft: AllocationRule) {
    const today = clock.today();
    const rows = await rowsOf(set, addDays(today, -3650), today);
    const byLoan = new Map<string, OpenInstallmentFacts[]>();
    for (const r of rows) byLoan.set(r.orderNo, [...(byLoan.get(r.orderNo) ?? []), r]);
    const totals = () => ({ penalty: 0n, fee: 0n, interest: 0n, principal: 0n });
    const published = totals();
    const drafted = totals();
    const all = await sides(set, 'allocation', draft, rows);
    const ruleFor = new Map(all.map((s) => [s.row.orderNo, s]));
    let loans = 0;
    for (const [orderNo, list] of byLoan) {
      const open = list.map((r) => ({
        id: String(r.installmentId),
        dueDate: r.dueDate,
        seq: r.period,
        outstanding: {
          penalty: r.penaltyOwedFen,
          fee: r.feeOwedFen,
          interest: r.interestOwedFen,
          principal: r.principalOwedFen,
        },
      }));
      const first = open[0]!.outstanding;
      // A payment of the oldest installment's total: where would it go?
      const amount = first.penalty + first.fee + first.interest + first.principal;
      const side = ruleFor.get(orderNo)!;
      for (const [rule, t] of [
        [side.published, published],
        [side.draft, drafted],
      ] as const) {
        if (!rule) continue;
        const { paid } = planCollection(rule, open, amount);
        for (const k of ['penalty', 'fee', 'interest', 'principal'] as const) t[k] += paid[k];
      }
      loans++;
    }
    const yuan = (t: ReturnType<typeof totals>) => ({
      penalty: fenToYuan(t.penalty),
      fee: fenToYuan(t.fee),
      interest: fenToYuan(t.interest),
      principal: fenToYuan(t.principal),
    });
    return { kind: 'allocation' as const, loans, published: yuan(published), draft: yuan(drafted) };
  }

  async function simulateRemittance(set: RuleSetRecord, draft: RemittanceRule) {
    const today = clock.today();
    const published = await inForceForScope(set, 'remittance');
    const terms = (rule: RemittanceRule) => ({
      settlement: rule.settlement,
      cutoff: rule.cutoff,
      minAmount: rule.minAmount,
      asOf: remittanceAsOf(rule, today),
    });
    const outcome = (rule: RemittanceRule, grossFen: bigint) => {
      const r = remittanceOf(rule, grossFen);
      return { fee: fenToYuan(r.feeFen), net: fenToYuan(r.netFen), carried: r.carried };
    };
    return {
      kind: 'remittance' as const,
      date: today,
      published: published && terms(published),
      draft: terms(draft),
      samples: REMITTANCE_SAMPLES.map((grossFen) => ({
        gross: fenToYuan(grossFen),
        published: published && outcome(published, grossFen),
        draft: outcome(draft, grossFen),
      })),
    };
  }

  return { simulateFee, simulateAllocation, simulateRemittance };
}
