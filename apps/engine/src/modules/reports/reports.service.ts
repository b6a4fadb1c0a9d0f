// The finance dashboards (报表): collections (代扣回款) and channels (通道) over a range of
// business dates and a scope. Past dates come from the rollups once built; today (and any date
// not built yet) is counted live from its orders, in the same statement.
import {
  addDays,
  daysBetween,
  DEBIT_OUTCOMES,
  fenToYuan,
  successRate,
  type DebitOutcome,
} from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { FactsRange, ReportScope } from './facts.sql';
import type { CollectionsRow, HealthRow, ReportsRepo, Sums } from './reports.repo';
import { MAX_RANGE_DAYS } from './reports.schema';

export interface ReportRange extends ReportScope {
  from: string;
  to: string;
}

/** The days a dashboard shows when it is not told: the last 30, today included. */
export const DEFAULT_DAYS = 30;

/** How a report reads: from the rollups (always, but for the benchmark's baseline). */
export interface ReadOptions {
  useRollups?: boolean;
}

/** Every date from `from` to `to`, both included. */
export function datesOf(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

const ratio = (part: bigint | number, whole: bigint | number): number | null => {
  const w = Number(whole);
  return w === 0 ? null : Math.round((Number(part) / w) * 10_000) / 10_000;
};

const emptySums = (): Sums => ({
  outcomes: Object.fromEntries(DEBIT_OUTCOMES.map((o) => [o, { orders: 0, amount: 0n }])),
  fee: 0n,
});

/**
 * A group's figures on the wire: what was asked (every order: 应扣), what came in (实扣), the
 * rates over the orders that have an outcome (in flight ones are left out), and each outcome.
 */
export function figuresOf(s: Sums) {
  let orders = 0;
  let amount = 0n;
  for (const o of DEBIT_OUTCOMES) {
    orders += s.outcomes[o]?.orders ?? 0;
    amount += s.outcomes[o]?.amount ?? 0n;
  }
  const success = s.outcomes.success ?? { orders: 0, amount: 0n };
  const inFlight = s.outcomes.in_flight ?? { orders: 0, amount: 0n };
  return {
    orders,
    amount: fenToYuan(amount),
    collectedOrders: success.orders,
    collected: fenToYuan(success.amount),
    inFlightOrders: inFlight.orders,
    /** Successes over the orders with an outcome. */
    successRate: ratio(success.orders, orders - inFlight.orders),
    /** Collected over the amount of the orders with an outcome. */
    amountRate: ratio(success.amount, amount - inFlight.amount),
    fee: fenToYuan(s.fee),
    outcomes: Object.fromEntries(
      DEBIT_OUTCOMES.map((o) => [
        o,
        { orders: s.outcomes[o]?.orders ?? 0, amount: fenToYuan(s.outcomes[o]?.amount ?? 0n) },
      ]),
    ) as Record<DebitOutcome, { orders: number; amount: string }>,
  };
}

export type Figures = ReturnType<typeof figuresOf>;

/** Most orders first; ties by the key, so that the order never depends on the plan. */
const byOrders =
  <T extends { orders: number }>(key: (r: T) => string) =>
  (a: T, b: T) =>
    b.orders - a.orders || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

function healthOf(h: HealthRow | undefined) {
  const counts = {
    attempts: h?.attempts ?? 0,
    successes: h?.successes ?? 0,
    borrowerFailures: h?.borrowerFailures ?? 0,
    errors: h?.errors ?? 0,
  };
  return {
    ...counts,
    /** The channel's own rate: successes / (attempts − borrower failures) (docs/domain.md). */
    successRate: successRate(counts),
    avgLatencyMs: h && h.attempts > 0 ? Math.round(h.latencyMsSum / h.attempts) : null,
    maxLatencyMs: h && h.attempts > 0 ? h.latencyMsMax : null,
  };
}

export function createReportsService(deps: { repo: ReportsRepo; clock: Clock }) {
  const { repo, clock } = deps;

  const factsRange = (input: ReportRange, scope: ReportScope, opts: ReadOptions): FactsRange => ({
    from: input.from,
    to: input.to,
    dates: datesOf(input.from, input.to),
    scope,
    useRollups: opts.useRollups ?? true,
  });

  /** The range's dates not rolled up (today, one not built yet): counted live. */
  async function liveDates(range: FactsRange): Promise<string[]> {
    if (!range.useRollups) return range.dates;
    const built = new Set((await repo.builtDays(range.from, range.to)).map((d) => d.businessDate));
    return range.dates.filter((d) => !built.has(d) && d <= clock.today());
  }

  /** The range asked for, a missing end filled in: up to today, 30 days back from its end. */
  function rangeOf<T extends { from?: string; to?: string }>(given: T): T & ReportRange {
    const to = given.to ?? (given.from && given.from > clock.today() ? given.from : clock.today());
    const from = given.from ?? addDays(to, -(DEFAULT_DAYS - 1));
    if (from > to)
      throw new AppError('VALIDATION_FAILED', 'from must not be after to', { field: 'from' });
    if (daysBetween(from, to) >= MAX_RANGE_DAYS)
      throw new AppError('VALIDATION_FAILED', `at most ${MAX_RANGE_DAYS} days`, { field: 'from' });
    return { ...given, from, to };
  }

  return {
    /** 代扣回款: asked against collected per day and window; rates by every dimension; why orders failed. */
    async collections(given: Partial<ReportRange>, opts: ReadOptions = {}) {
      const input = rangeOf(given);
      const { from, to, ...scope } = input;
      const range = factsRange(input, scope, opts);
      const [{ breakdowns: rows, codes }, live] = await Promise.all([
        repo.collections(range),
        liveDates(range),
      ]);
      const of = (dim: CollectionsRow['dim']) => rows.filter((r) => r.dim === dim);
      const perDay = new Map(of('day').map((r) => [r.businessDate, r]));
      const total = of('total')[0];
      const retry = of('retry');
      return {
        from,
        to,
        today: clock.today(),
        liveDates: live,
        total: figuresOf(total ?? emptySums()),
        days: range.dates.map((date) => ({
          date,
          ...figuresOf(perDay.get(date) ?? emptySums()),
        })),
        windows: of('window')
          .map((r) => ({ window: r.window ?? '', ...figuresOf(r) }))
          .sort((a, b) =>
            a.window === '' ? 1 : b.window === '' ? -1 : a.window < b.window ? -1 : 1,
          ),
        channels: of('channel')
          .map((r) => ({ channel: r.channelCode ?? '', ...figuresOf(r) }))
          .sort(byOrders((r) => r.channel)),
        banks: of('bank')
          .map((r) => ({ bank: r.bankCode ?? '', ...figuresOf(r) }))
          .sort(byOrders((r) => r.bank)),
        funders: of('funder')
          .map((r) => ({
            funderCode: r.funderCode ?? '',
            funderName: r.funderName ?? '',
            ...figuresOf(r),
          }))
          .sort(byOrders((r) => r.funderCode)),
        products: of('product')
          .map((r) => ({
            productCode: r.productCode ?? '',
            productName: r.productName ?? '',
            ...figuresOf(r),
          }))
          .sort(byOrders((r) => r.productCode)),
        businessLines: of('line')
          .map((r) => ({ businessLine: r.businessLine ?? '', ...figuresOf(r) }))
          .sort(byOrders((r) => r.businessLine)),
        attempts: {
          first: figuresOf(retry.find((r) => r.retry === false) ?? emptySums()),
          retry: figuresOf(retry.find((r) => r.retry === true) ?? emptySums()),
        },
        failureCodes: codes.map((c) => ({ ...c, amount: fenToYuan(c.amount) })),
      };
    },

    /**
     * 通道: per channel, per date and over the range, its health (success rate as routing counts
     * it, latency, errors), its volume and what it cost; and its circuit breaker's moves.
     */
    async channels(
      given: { from?: string; to?: string; channel?: string; bank?: string },
      opts: ReadOptions = {},
    ) {
      const input = rangeOf(given);
      const scope = { channel: input.channel, bank: input.bank };
      const range = factsRange(input, scope, opts);
      const [health, volume, circuit, live] = await Promise.all([
        repo.channelHealth(range),
        repo.channelVolume(range),
        repo.circuitEvents(input.from, input.to, input.channel, 200),
        liveDates(range),
      ]);
      const key = (date: string | null, channel: string) => `${date ?? '*'}|${channel}`;
      const healthBy = new Map(health.map((h) => [key(h.businessDate, h.channelCode), h]));
      const volumeBy = new Map(volume.map((v) => [key(v.businessDate, v.channelCode), v]));
      const codes = [
        ...new Set([...health, ...volume].map((r) => r.channelCode).filter((c) => c !== '')),
      ].sort();
      const figures = (date: string | null, channel: string) => {
        const sums = volumeBy.get(key(date, channel)) ?? emptySums();
        const v = figuresOf(sums);
        const successes = BigInt(v.collectedOrders);
        return {
          ...healthOf(healthBy.get(key(date, channel))),
          orders: v.orders,
          amount: v.amount,
          collectedOrders: v.collectedOrders,
          collected: v.collected,
          cost: v.fee,
          /** The fee per success (cost ÷ successes, half-up to the fen). */
          costPerSuccess:
            successes === 0n ? null : fenToYuan((2n * sums.fee + successes) / (2n * successes)),
        };
      };
      return {
        from: input.from,
        to: input.to,
        today: clock.today(),
        liveDates: live,
        channels: codes.map((channel) => ({ channel, ...figures(null, channel) })),
        days: range.dates.flatMap((date) =>
          codes.map((channel) => ({ date, channel, ...figures(date, channel) })),
        ),
        circuitEvents: circuit.map((e) => ({
          channel: e.channel,
          at: e.at.toISOString(),
          from: e.from,
          to: e.to,
          reason: e.reason,
          byPerson: e.actorType === 'user',
        })),
      };
    },

    /**
     * 通道分时: one date's health per hour and channel (a festival peak, an outage at 10:00
     * show here where a day's figures average them away), with that date's circuit moves.
     */
    async channelHours(given: { date?: string; channel?: string; bank?: string }) {
      const date = given.date ?? clock.today();
      const [rows, circuit] = await Promise.all([
        repo.channelHours(date, { channel: given.channel, bank: given.bank }),
        repo.circuitEvents(date, date, given.channel, 200),
      ]);
      const channels = [...new Set(rows.map((r) => r.channelCode))].sort();
      return {
        date,
        today: clock.today(),
        channels,
        hours: rows.map((r) => ({ hour: r.hour, channel: r.channelCode, ...healthOf(r) })),
        circuitEvents: circuit.map((e) => ({
          channel: e.channel,
          at: e.at.toISOString(),
          from: e.from,
          to: e.to,
        })),
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
