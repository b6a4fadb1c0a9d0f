// 资金 (the money dashboard): per funder over a range of business dates, what was collected (by
// component), the penalties and fees accrued and collected, waived, refunded, remitted (划付)
// and paid out, and the suspense balances at the range's end, with the platform's unidentified
// money apart. Past dates come from the money rollups once built; the others are read live.
import { fenToYuan } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { MONEY_MEASURES, type MoneyMeasure, type MoneyRepo, type MoneyRow } from './money.repo';
import { datesOf } from './reports.service';
import { rangeFor } from './risk.service';

export interface MoneyInput {
  from?: string;
  to?: string;
  funderCode?: string;
}

type Totals = Record<MoneyMeasure, bigint>;
const zero = (): Totals => Object.fromEntries(MONEY_MEASURES.map((m) => [m, 0n])) as Totals;

const camel = (m: string) => m.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A group's money on the wire: every measure in yuan, and what was collected in all. */
function figuresOf(t: Totals) {
  const collected =
    t.collected_principal +
    t.collected_interest +
    t.collected_fee +
    t.collected_penalty +
    t.collected_unallocated;
  return {
    collected: fenToYuan(collected),
    /** Penalties and fees together: accrued, collected, waived. */
    accruedCharges: fenToYuan(t.accrued_penalty + t.accrued_fee),
    chargesCollected: fenToYuan(t.collected_penalty + t.collected_fee),
    waived: fenToYuan(t.waived_penalty + t.waived_fee),
    ...(Object.fromEntries(MONEY_MEASURES.map((m) => [camel(m), fenToYuan(t[m])])) as Record<
      string,
      string
    >),
  } as Record<'collected' | 'accruedCharges' | 'chargesCollected' | 'waived', string> &
    Record<
      | 'collectedPrincipal'
      | 'collectedInterest'
      | 'collectedFee'
      | 'collectedPenalty'
      | 'collectedUnallocated'
      | 'accruedPenalty'
      | 'accruedFee'
      | 'waivedPenalty'
      | 'waivedFee'
      | 'refunded'
      | 'remittedGross'
      | 'remittanceFee'
      | 'remittedNet'
      | 'remittancePaid'
      | 'suspenseNet',
      string
    >;
}

export function createMoneyReport(deps: { repo: MoneyRepo; clock: Clock }) {
  const { repo, clock } = deps;
  return {
    async money(given: MoneyInput) {
      const { from, to } = rangeFor(clock, given);
      const today = clock.today();
      const built = new Set(await repo.builtDays(from, to));
      const live = datesOf(from, to).filter((d) => d <= today && !built.has(d));
      const [rows, suspense] = await Promise.all([
        repo.money({ from, to, live }, given.funderCode),
        repo.suspense(to, given.funderCode),
      ]);
      const sum = (list: MoneyRow[]) => {
        const t = zero();
        for (const r of list) if (r.measure in t) t[r.measure] += r.amount;
        return t;
      };
      const funded = rows.filter((r) => r.funderCode !== '');
      const codes = [
        ...new Set([
          ...funded.map((r) => r.funderCode),
          ...suspense.filter((s) => s.funderCode !== '').map((s) => s.funderCode),
        ]),
      ].sort();
      const balanceOf = (code: string, account: string) =>
        suspense
          .filter((s) => s.funderCode === code && s.account === account)
          .reduce((n, s) => n + s.balance, 0n);
      const platform = rows.filter((r) => r.funderCode === '');
      const byDay = new Map<string, MoneyRow[]>();
      for (const r of funded) {
        const key = `${r.businessDate}|${r.funderCode}`;
        byDay.set(key, [...(byDay.get(key) ?? []), r]);
      }
      return {
        from,
        to,
        today,
        liveDates: live,
        total: {
          ...figuresOf(sum(funded)),
          suspenseBalance: fenToYuan(
            codes.reduce((n, c) => n + balanceOf(c, 'suspense.unallocated'), 0n),
          ),
        },
        funders: codes.map((funderCode) => ({
          funderCode,
          ...figuresOf(sum(funded.filter((r) => r.funderCode === funderCode))),
          /** Overpayments held for refund at the range's end (挂账). */
          suspenseBalance: fenToYuan(balanceOf(funderCode, 'suspense.unallocated')),
        })),
        /** Money a channel took for no order of ours: held to refund, and refunded. */
        unidentified: {
          balance: fenToYuan(balanceOf('', 'suspense.unidentified')),
          received: fenToYuan(
            platform
              .filter((r) => r.measure === 'suspense_net')
              .reduce((n, r) => n + (r.amount > 0n ? r.amount : 0n), 0n),
          ),
          refunded: fenToYuan(sum(platform).refunded),
        },
        days: datesOf(from, to).flatMap((date) =>
          codes.map((funderCode) => {
            const t = sum(byDay.get(`${date}|${funderCode}`) ?? []);
            const f = figuresOf(t);
            return {
              date,
              funderCode,
              collected: f.collected,
              charges: fenToYuan(t.accrued_penalty + t.accrued_fee),
              chargesCollected: fenToYuan(t.collected_penalty + t.collected_fee),
              waived: fenToYuan(t.waived_penalty + t.waived_fee),
              refunded: f.refunded,
              remittedNet: f.remittedNet,
            };
          }),
        ),
      };
    },
  };
}

export type MoneyReport = ReturnType<typeof createMoneyReport>;
