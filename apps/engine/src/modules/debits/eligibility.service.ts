// Which installments a deduction window takes, asked outside a run: the verdict on a loan's
// page (why an unpaid installment was, or will be, left out of a slot) and the coming days'
// windows for the forecast (报表 → 预测). Both read candidates with the selection's own
// conditions (eligibility.repo.ts) and decide through `windowDecision`, the run's function.
// A slot that made an order for an installment shows that order: the verdict never disagrees
// with what a window did. Otherwise the question is asked of the installment as it is now.
import {
  addDays,
  exclusionParams,
  fenToYuan,
  selectionExclusion,
  timeOfDayIn,
  type ExclusionParams,
} from '@repay/rules';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import type { RuleResolver, RuleSnapshot } from '../rules';
import type { DebitsRepo } from './debits.repo';
import type { ExplainedCandidate, ForecastScope } from './eligibility.repo';
import { orderKeyOf } from './runs.service';
import { slotInstant, windowDecision } from './window-decision';

/** Installments a forecast reads per statement (as a run's selection page). */
const FORECAST_PAGE = 5000;

export type VerdictReason =
  | 'debited'
  | 'eligible'
  | 'not_due_yet'
  | 'no_card'
  | 'card_suspended'
  | 'in_flight'
  | 'no_window_rule'
  | 'not_a_deduction_day'
  | 'not_a_slot'
  | 'due_today_excluded'
  | 'too_overdue'
  | 'loan_inactive'
  | 'paused'
  | 'attempts_exhausted'
  | 'below_min_amount'
  | 'conditions';

export interface SlotVerdict {
  /** The slot's start ('HH:MM'), or null for the day as a whole. */
  slot: string | null;
  eligible: boolean;
  reason: VerdictReason;
  params: ExclusionParams;
  rule: { ruleSetName: string; versionNo: number; gray: boolean } | null;
}

export interface ForecastSide {
  installments: number;
  amountFen: bigint;
}

export interface WindowForecastDay {
  date: string;
  slots: { start: string; end: string; published: ForecastSide; withGray: ForecastSide }[];
}

/** The loans a forecast figure is summed over: one funder, product and business line. */
export interface ForecastGroup {
  funderCode: string;
  productCode: string;
  businessLine: string;
}

export interface GroupedForecastSides {
  group: ForecastGroup;
  published: ForecastSide;
  withGray: ForecastSide;
}

/** As WindowForecastDay, each slot's figures per group (keyed funder/product/line). */
export interface WindowForecastGroupedDay {
  date: string;
  slots: { start: string; end: string; groups: Map<string, GroupedForecastSides> }[];
}

const groupKeyOf = (g: ForecastGroup) =>
  `${g.funderCode}\u0000${g.productCode}\u0000${g.businessLine}`;
const emptySide = (): ForecastSide => ({ installments: 0, amountFen: 0n });

export function createWindowEligibility(deps: {
  repo: DebitsRepo;
  rules: RuleResolver;
  clock: Clock;
  /** The deduction slots of a business date under the window rules in force. */
  slotsOn: (date: string) => Promise<{ start: string; end: string }[]>;
}) {
  const { repo, rules, clock, slotsOn } = deps;

  function verdictOf(
    snapshot: RuleSnapshot<'window'>,
    c: ExplainedCandidate,
    date: string,
    slot: string | null,
    order: { status: string; amountFen: bigint; channel: string | null } | undefined,
  ): SlotVerdict {
    // The day as a whole is asked now (today) or at its start; a slot when its run starts.
    const at =
      slot !== null
        ? slotInstant(date, slot)
        : date === clock.today()
          ? clock.now()
          : slotInstant(date, '00:00');
    const { resolved, verdict } = windowDecision(snapshot, at, c, date, slot);
    const rule = resolved && {
      ruleSetName: resolved.ruleSetName,
      versionNo: resolved.versionNo,
      gray: resolved.gray,
    };
    const out = (eligible: boolean, reason: VerdictReason, params: ExclusionParams = {}) => ({
      slot,
      eligible,
      reason,
      params,
      rule,
    });
    if (order)
      return out(true, 'debited', {
        status: order.status,
        amount: fenToYuan(order.amountFen),
        channel: order.channel,
      });
    if (!c.openAndDue) return out(false, 'not_due_yet', { dueDate: c.dueDate });
    const excluded = selectionExclusion(c);
    if (excluded) return out(false, excluded);
    if (verdict.eligible) return out(true, 'eligible', { amount: fenToYuan(verdict.amountFen) });
    if (!resolved) return out(false, verdict.reason);
    return out(false, verdict.reason, exclusionParams(resolved.rule, c, date, verdict.reason));
  }

  /**
   * The forecast's figures per slot and group (funder, product, business line) of the loans
   * in scope; `forecast` sums them.
   */
  async function forecastGrouped(
    days: number,
    scope: ForecastScope,
  ): Promise<WindowForecastGroupedDay[]> {
    const today = clock.today();
    const now = timeOfDayIn(BUSINESS_TIME_ZONE, clock.now());
    const dates = Array.from({ length: days }, (_, k) => addDays(today, k));
    const out: WindowForecastGroupedDay[] = [];
    for (const date of dates) {
      const slots = (await slotsOn(date)).filter((s) => date !== today || s.end > now);
      out.push({ date, slots: slots.map((s) => ({ ...s, groups: new Map() })) });
    }
    const sides = [
      ['published', await rules.snapshot('window', { withGray: false })],
      ['withGray', await rules.snapshot('window')],
    ] as const;
    // A slot open now resolves its rules when its run starts: now at the earliest.
    const instant = (date: string, slot: string) => {
      const at = slotInstant(date, slot);
      return at < clock.now() ? clock.now() : at;
    };
    const cell = (slot: WindowForecastGroupedDay['slots'][number], c: ForecastGroup) => {
      const key = groupKeyOf(c);
      let g = slot.groups.get(key);
      if (!g) {
        g = {
          group: {
            funderCode: c.funderCode,
            productCode: c.productCode,
            businessLine: c.businessLine,
          },
          published: emptySide(),
          withGray: emptySide(),
        };
        slot.groups.set(key, g);
      }
      return g;
    };
    const last = dates.at(-1)!;
    for (let cursor: bigint | null = null; ;) {
      const ids = await repo.dueInstallmentIds(last, cursor, FORECAST_PAGE);
      if (ids.length === 0) break;
      cursor = ids.at(-1)!;
      for (const c of await repo.explainIds(today, ids, scope)) {
        if (!c.agreementActive || c.agreementSuspended) continue;
        // A later day starts afresh: no attempts yet, nothing in flight.
        const later = { ...c, attemptsToday: 0, insufficientToday: 0 };
        for (const day of out) {
          if (c.dueDate > day.date) continue;
          const isToday = day.date === today;
          if (isToday && c.inFlight) continue;
          for (const slot of day.slots)
            for (const [side, snapshot] of sides) {
              const { verdict } = windowDecision(
                snapshot,
                instant(day.date, slot.start),
                isToday ? c : later,
                day.date,
                slot.start,
              );
              if (!verdict.eligible) continue;
              const g = cell(slot, c)[side];
              g.installments++;
              g.amountFen += verdict.amountFen;
            }
        }
      }
      if (ids.length < FORECAST_PAGE) break;
    }
    return out;
  }

  return {
    /**
     * Per unpaid installment of the loan, the verdict of each slot of `date` (today unless
     * given; one slot when given) and of the day as a whole, under the rules the engine runs.
     */
    async loan(input: { orderNo: string; date?: string; slot?: string }) {
      const date = input.date ?? clock.today();
      const loanId = await repo.loanIdByOrderNo(input.orderNo);
      if (loanId === null) throw notFound(`loan ${input.orderNo}`, 'orderNo');
      const slots =
        input.slot !== undefined
          ? [{ start: input.slot, end: null as string | null }]
          : await slotsOn(date);
      const [snapshot, candidates] = await Promise.all([
        rules.snapshot('window'),
        repo.explainLoan(date, loanId),
      ]);
      const keys = candidates.flatMap((c) =>
        slots.map((s) => orderKeyOf(date, s.start, c.installmentId)),
      );
      const orders = new Map((await repo.ordersOfKeys(keys)).map((o) => [o.key, o]));
      return {
        date,
        now: timeOfDayIn(BUSINESS_TIME_ZONE, clock.now()),
        today: clock.today(),
        slots: slots.map((s) => ({ start: s.start, end: s.end })),
        installments: candidates.map((c) => ({
          period: c.period,
          dueDate: c.dueDate,
          outstanding: fenToYuan(c.outstandingFen),
          attemptsToday: c.attemptsToday,
          day: verdictOf(snapshot, c, date, null, undefined),
          slots: slots.map((s) =>
            verdictOf(
              snapshot,
              c,
              date,
              s.start,
              orders.get(orderKeyOf(date, s.start, c.installmentId)),
            ),
          ),
        })),
      };
    },

    /**
     * The windows of `days` business dates from today: per slot, what its run would take (count
     * and amount) under the published rules alone and with the live gray releases. Today's
     * slots that have ended are left out; today reads today's attempts and debits in flight,
     * later dates none (nothing is assumed paid in between).
     */
    async forecast(days: number, scope: ForecastScope): Promise<WindowForecastDay[]> {
      const grouped = await forecastGrouped(days, scope);
      return grouped.map((day) => ({
        date: day.date,
        slots: day.slots.map((slot) => {
          const published = emptySide();
          const withGray = emptySide();
          for (const g of slot.groups.values()) {
            published.installments += g.published.installments;
            published.amountFen += g.published.amountFen;
            withGray.installments += g.withGray.installments;
            withGray.amountFen += g.withGray.amountFen;
          }
          return { start: slot.start, end: slot.end, published, withGray };
        }),
      }));
    },

    /** The same figures per (funder, product, business line): one pass serves every scope. */
    forecastGrouped,
  };
}

export type WindowEligibility = ReturnType<typeof createWindowEligibility>;
