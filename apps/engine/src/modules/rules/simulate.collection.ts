// Simulations of collection rules: what a window rule would debit on a date, which channel a
// routing rule picks first, and which messages an SMS rule schedules for tomorrow.
import {
  addDays,
  daysBetween,
  fenToYuan,
  isDeductionDay,
  scheduledMessages,
  windowVerdict,
  type RoutingRule,
  type SmsRule,
  type WindowRule,
} from '@repay/rules';
import type { RuleSetRecord } from './rules.types';
import {
  conditionsOf,
  LIMIT,
  owedOf,
  routingOf,
  scopeFacts,
  type SimulationContext,
} from './simulate.shared';
import type { OpenInstallmentFacts } from './simulation.repo';

export function createCollectionSimulations({ clock, rowsOf, sides }: SimulationContext) {
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
        outstandingFen: owedOf(r),
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
    const rows = await rowsOf(set, addDays(date, -maxBack), date);
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
    const rows = await rowsOf(set, today, today);
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
      const due = owedOf(r);
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
    const rows = await rowsOf(set, addDays(tomorrow, -365), addDays(tomorrow, 30));
    const count = (rule: SmsRule | null, r: OpenInstallmentFacts, into: Map<string, number>) => {
      if (!rule) return;
      const overdueDays = Math.max(0, daysBetween(r.dueDate, tomorrow));
      const daysToDue = daysBetween(tomorrow, r.dueDate);
      const due = owedOf(r);
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

  return { simulateWindow, simulateRouting, simulateSms };
}
