// Simulation before publishing: run a draft against current data next to the version in
// force and report the difference, per kind. Loans governed by a more specific rule set
// than the draft's are counted as unaffected.
import {
  addDays,
  allocate,
  compileCharge,
  compileConditions,
  compileRouting,
  daysBetween,
  feeFactsOf,
  feeInputsOf,
  ExprRuntimeError,
  fenToYuan,
  parseRuleBody,
  scheduledMessages,
  SCOPE_SPECIFICITY,
  windowVerdict,
  isDeductionDay,
  type AllocationRule,
  type CompiledCharge,
  type FeeCharge,
  type FeeRule,
  type RoutingRule,
  type RuleBodies,
  type RuleKind,
  type SmsRule,
  type WindowRule,
} from '@repay/rules';
import { notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { RuleResolver, ResolvedRule } from './rules.resolver';
import type { RulesRepo, RuleSetRecord } from './rules.types';
import type { OpenInstallmentFacts, SimulationRepo } from './simulation.repo';

const LIMIT = 50_000;

/** Compile each rule part once per simulation, however many installments it meets. */
function memo<T extends object, R>(build: (part: T) => R): (part: T) => R {
  const cache = new WeakMap<T, R>();
  return (part) => {
    let hit = cache.get(part);
    if (hit === undefined) {
      hit = build(part);
      cache.set(part, hit);
    }
    return hit;
  };
}
// Per business line ceiling (a handful of values), then per charge object.
const chargesByCeiling = new Map<string, (charge: FeeCharge) => CompiledCharge>();
const chargeOf = (charge: FeeCharge, ceiling: string | null) => {
  let compile = chargesByCeiling.get(ceiling ?? '');
  if (!compile) {
    compile = memo((c: FeeCharge) => compileCharge(c, { ceiling: ceiling ?? undefined }));
    chargesByCeiling.set(ceiling ?? '', compile);
  }
  return compile(charge);
};
const routingOf = memo(compileRouting);
const conditionsOf = memo((holder: { conditions?: Parameters<typeof compileConditions>[0] }) =>
  compileConditions(holder.conditions),
);

export function createRuleSimulator(deps: {
  rules: RulesRepo;
  data: SimulationRepo;
  resolver: RuleResolver;
  clock: Clock;
}) {
  const { rules, data, resolver, clock } = deps;

  /** For each installment: the rule in force now, and what the draft would make it. */
  async function sides<K extends RuleKind>(
    set: RuleSetRecord,
    kind: K,
    draft: RuleBodies[K],
    rows: OpenInstallmentFacts[],
  ) {
    const snapshot = await resolver.snapshot(kind);
    const now = clock.now();
    return rows.map((row) => {
      const inForce: ResolvedRule<K> | null = snapshot(
        {
          businessLine: row.businessLine,
          funderCode: row.funderCode,
          productCode: row.productCode,
          loanKey: row.orderNo,
        },
        now,
      );
      const governedByDraft =
        !inForce || SCOPE_SPECIFICITY[inForce.scopeType] <= SCOPE_SPECIFICITY[set.scopeType];
      return {
        row,
        published: inForce?.rule ?? null,
        draft: governedByDraft ? draft : (inForce?.rule ?? null),
      };
    });
  }

  const scopeFacts = (r: OpenInstallmentFacts) => ({
    businessLine: r.businessLine,
    funderCode: r.funderCode,
    productCode: r.productCode,
  });

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
    const rows = await data.openInstallments({
      scopeType: set.scopeType,
      scopeKey: set.scopeKey,
      fromDate: addDays(today, -3650),
      toDate: addDays(today, -1),
      limit: LIMIT,
    });
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

  function windowEligible(
    rule: WindowRule | null,
    r: OpenInstallmentFacts,
    date: string,
  ): bigint | null {
    if (!rule) return null;
    const verdict = windowVerdict(
      rule,
      {
        ...scopeFacts(r),
        dueDate: r.dueDate,
        loanActive: r.loanStatus === 'active',
        pausedUntil: r.pausedUntil,
        outstandingFen: r.principalOwedFen + r.interestOwedFen + r.feeOwedFen + r.penaltyOwedFen,
        bankCode: r.bankCode,
        attemptsToday: 0,
        insufficientToday: 0,
      },
      date,
      null,
    );
    return verdict.eligible ? verdict.amountFen : null;
  }

  async function simulateWindow(set: RuleSetRecord, draft: WindowRule, date: string) {
    const maxBack = Math.max(draft.eligibility.overdueUpToDays, 365);
    const rows = await data.openInstallments({
      scopeType: set.scopeType,
      scopeKey: set.scopeKey,
      fromDate: addDays(date, -maxBack),
      toDate: date,
      limit: LIMIT,
    });
    const tally = () => ({ count: 0, amount: 0n, slots: [] as string[], deductionDay: false });
    const published = tally();
    const drafted = tally();
    for (const side of await sides(set, 'window', draft, rows)) {
      for (const [rule, t] of [
        [side.published, published],
        [side.draft, drafted],
      ] as const) {
        const amount = windowEligible(rule, side.row, date);
        if (amount !== null) {
          t.count++;
          t.amount += amount;
        }
      }
    }
    const publishedRule =
      (await sides(set, 'window', draft, rows.slice(0, 1)))[0]?.published ?? null;
    const describe = (rule: WindowRule | null, t: ReturnType<typeof tally>) => ({
      deductionDay: rule ? isDeductionDay(rule, date) : false,
      slots: (rule?.slots ?? []).map((s) => ({
        slot: `${s.start}–${s.end}`,
        eligible: t.count,
        amount: fenToYuan(t.amount),
      })),
    });
    return {
      kind: 'window' as const,
      date,
      scanned: rows.length,
      truncated: rows.length === LIMIT,
      published: describe(publishedRule, published),
      draft: describe(draft, drafted),
    };
  }

  async function simulateRouting(set: RuleSetRecord, draft: RoutingRule) {
    const today = clock.today();
    const rows = await data.openInstallments({
      scopeType: set.scopeType,
      scopeKey: set.scopeKey,
      fromDate: today,
      toDate: today,
      limit: LIMIT,
    });
    const share = (picks: string[]) => {
      const counts = new Map<string, number>();
      for (const p of picks) counts.set(p, (counts.get(p) ?? 0) + 1);
      return [...counts.entries()]
        .map(([channel, count]) => ({
          channel,
          count,
          share: picks.length ? Math.round((count / picks.length) * 1000) / 10 : 0,
        }))
        .sort((a, b) => b.count - a.count);
    };
    const pick = (rule: RoutingRule | null, r: OpenInstallmentFacts) => {
      if (!rule) return '(none)';
      const due = r.principalOwedFen + r.interestOwedFen + r.feeOwedFen + r.penaltyOwedFen;
      return routingOf(rule).route({
        ...scopeFacts(r),
        bankCode: r.bankCode ?? '',
        amountFen: Number(due),
      }).channels[0]!;
    };
    const all = await sides(set, 'routing', draft, rows);
    return {
      kind: 'routing' as const,
      date: today,
      scanned: rows.length,
      published: share(all.map((s) => pick(s.published, s.row))),
      draft: share(all.map((s) => pick(s.draft, s.row))),
    };
  }

  async function simulateSms(set: RuleSetRecord, draft: SmsRule) {
    const tomorrow = addDays(clock.today(), 1);
    const rows = await data.openInstallments({
      scopeType: set.scopeType,
      scopeKey: set.scopeKey,
      fromDate: addDays(tomorrow, -365),
      toDate: addDays(tomorrow, 30),
      limit: LIMIT,
    });
    const count = (rule: SmsRule | null, r: OpenInstallmentFacts, into: Map<string, number>) => {
      if (!rule) return;
      const overdueDays = Math.max(0, daysBetween(r.dueDate, tomorrow));
      const daysToDue = daysBetween(tomorrow, r.dueDate);
      const due = r.principalOwedFen + r.interestOwedFen + r.feeOwedFen + r.penaltyOwedFen;
      for (const m of scheduledMessages(rule, { daysToDue, overdueDays })) {
        if (!conditionsOf(m)({ ...scopeFacts(r), overdueDays, amountDueFen: Number(due) }))
          continue;
        const key = `${m.id} (${m.trigger.type})`;
        into.set(key, (into.get(key) ?? 0) + 1);
      }
    };
    const published = new Map<string, number>();
    const drafted = new Map<string, number>();
    for (const side of await sides(set, 'sms', draft, rows)) {
      count(side.published, side.row, published);
      count(side.draft, side.row, drafted);
    }
    const list = (m: Map<string, number>) =>
      [...m.entries()]
        .map(([message, n]) => ({ message, count: n }))
        .sort((a, b) => b.count - a.count);
    return {
      kind: 'sms' as const,
      date: tomorrow,
      scanned: rows.length,
      published: list(published),
      draft: list(drafted),
      note: 'event triggers (debit succeeded/failed, settled) depend on the day and are not forecast',
    };
  }

  async function simulateAllocation(set: RuleSetRecord, draft: AllocationRule) {
    const today = clock.today();
    const rows = await data.openInstallments({
      scopeType: set.scopeType,
      scopeKey: set.scopeKey,
      fromDate: addDays(today, -3650),
      toDate: today,
      limit: LIMIT,
    });
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
        for (const a of allocate(rule, open, amount).allocations) t[a.component] += a.amountFen;
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

  return {
    async simulate(input: { versionId: bigint; date?: string }) {
      const version = await rules.findVersion(input.versionId);
      if (!version) throw notFound(`rule version ${input.versionId}`, 'versionId');
      const set = (await rules.findSet(version.ruleSetId))!;
      switch (set.kind) {
        case 'fee':
          return simulateFee(set, parseRuleBody('fee', version.body));
        case 'window':
          return simulateWindow(
            set,
            parseRuleBody('window', version.body),
            input.date ?? clock.today(),
          );
        case 'routing':
          return simulateRouting(set, parseRuleBody('routing', version.body));
        case 'sms':
          return simulateSms(set, parseRuleBody('sms', version.body));
        case 'allocation':
          return simulateAllocation(set, parseRuleBody('allocation', version.body));
      }
    },
  };
}

export type RuleSimulator = ReturnType<typeof createRuleSimulator>;
