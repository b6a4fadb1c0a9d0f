// 预测 (forecast): what the rules in force will do over the coming days. Per business date and
// deduction slot, the installments each window would take and how much it would ask (the
// debits module's eligibility, the run's own decision); per date, the overdue charges the
// nightly accrual would add (the overdue module's projection, the run's own day). Each figure
// twice: under the published (full) releases alone and with the live gray releases, which is
// what the engine runs. A slot counts as if the slots before it collected nothing.
//
// Evaluating every open installment takes seconds to minutes, so the dashboard reads a stored
// computation of today (forecast.repo.ts), made by the report-forecast job every hour and by
// the first read of a date without one, summed per (funder, product, business line) so that
// one computation serves every scope. A read that finds the window or fee publications changed
// since, or a night accrued since, computes again first. `live` is the direct computation.
import { addDays, fenToYuan, timeOfDayIn } from '@repay/rules';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';
import type { Transactor } from '../../lib/transaction';
import type { WindowEligibility } from '../debits';
import type { AccrualForecast } from '../overdue';
import type { RuleResolver } from '../rules';
import type { ForecastRepo, ForecastRowIn, ForecastRun } from './forecast.repo';
import { FORECAST_DAYS, MAX_FORECAST_DAYS, type ForecastInput } from './forecast.schema';

const RULE_KINDS_SEEN = ['window', 'fee'] as const;

const side = (s: { installments: number; amountFen: bigint }) => ({
  installments: s.installments,
  amount: fenToYuan(s.amountFen),
});
const accrualSide = (s: { installments: number; penaltyFen: bigint; feeFen: bigint }) => ({
  installments: s.installments,
  penalty: fenToYuan(s.penaltyFen),
  fee: fenToYuan(s.feeFen),
  total: fenToYuan(s.penaltyFen + s.feeFen),
});

export function createForecastService(deps: {
  windows: Pick<WindowEligibility, 'forecast' | 'forecastGrouped'>;
  accruals: AccrualForecast;
  rules: Pick<RuleResolver, 'grayReleases' | 'publicationsKey'>;
  repo: ForecastRepo;
  transaction: Transactor<{ reportForecast: ForecastRepo }>;
  clock: Clock;
}) {
  const { windows, accruals, rules, repo, transaction, clock } = deps;

  const spanOf = (days: number) => {
    const from = clock.today();
    const to = addDays(from, days - 1);
    const span = [
      new Date(`${from}T00:00:00+08:00`),
      new Date(`${addDays(to, 1)}T00:00:00+08:00`),
    ] as const;
    return { from, to, span };
  };
  const grayOf = async (span: readonly [Date, Date]) => [
    ...(await rules.grayReleases('window', ...span)),
    ...(await rules.grayReleases('fee', ...span)),
  ];

  /** Compute today's forecast for every scope (the longest span) and store it whole. */
  async function compute(): Promise<ForecastRun> {
    const computedAt = clock.now();
    const { from, span } = spanOf(MAX_FORECAST_DAYS);
    // Read before computing: a publication during the computation makes the result stale.
    const rulesKey = await rules.publicationsKey([...RULE_KINDS_SEEN]);
    const windowDays = await windows.forecastGrouped(MAX_FORECAST_DAYS, {});
    const accrualDays = await accruals.projectGrouped(
      windowDays.map((d) => d.date),
      {},
    );
    const rows: ForecastRowIn[] = [];
    for (const [k, d] of windowDays.entries()) {
      for (const s of d.slots)
        for (const g of s.groups.values())
          rows.push({
            forecastDate: d.date,
            kind: 'slot',
            slotStart: s.start,
            slotEnd: s.end,
            ...g.group,
            publishedInstallments: g.published.installments,
            publishedAmount: g.published.amountFen,
            publishedPenalty: 0n,
            publishedFee: 0n,
            grayInstallments: g.withGray.installments,
            grayAmount: g.withGray.amountFen,
            grayPenalty: 0n,
            grayFee: 0n,
          });
      for (const g of accrualDays[k]!.groups.values())
        rows.push({
          forecastDate: d.date,
          kind: 'accrual',
          slotStart: '',
          slotEnd: '',
          ...g.group,
          publishedInstallments: g.published.installments,
          publishedAmount: 0n,
          publishedPenalty: g.published.penaltyFen,
          publishedFee: g.published.feeFen,
          grayInstallments: g.withGray.installments,
          grayAmount: 0n,
          grayPenalty: g.withGray.penaltyFen,
          grayFee: g.withGray.feeFen,
        });
    }
    const run: ForecastRun = {
      computedFor: from,
      computedAt,
      days: MAX_FORECAST_DAYS,
      layout: windowDays.map((d, k) => ({
        date: d.date,
        accrued: accrualDays[k]!.accrued,
        slots: d.slots.map((s) => ({ start: s.start, end: s.end })),
      })),
      rulesKey,
      gray: await grayOf(span),
    };
    await transaction((repos) => repos.reportForecast.replace(run, rows));
    return run;
  }

  // One computation at a time in this process: concurrent first reads wait for the same one.
  let computing: Promise<ForecastRun> | null = null;
  function refresh(): Promise<ForecastRun> {
    computing ??= compute().finally(() => {
      computing = null;
    });
    return computing;
  }

  /** Today's stored computation, computed first when missing or out of date. */
  async function current(days: number): Promise<ForecastRun> {
    const run = await repo.runOf(clock.today());
    if (run && run.days >= days) {
      const [key, accrued] = await Promise.all([
        rules.publicationsKey([...RULE_KINDS_SEEN]),
        accruals.accruedOn(run.layout.slice(0, days).map((d) => d.date)),
      ]);
      if (key === run.rulesKey && accrued.every((a, k) => a === run.layout[k]!.accrued)) return run;
    }
    return refresh();
  }

  return {
    /** Compute today's forecast now and store it (the job, or 重新计算). */
    async refresh() {
      const run = await refresh();
      return {
        computedFor: run.computedFor,
        computedAt: run.computedAt,
        dates: run.layout.length,
      };
    },

    /** The forecast from today's stored computation, summed over the scope. */
    async forecast(input: ForecastInput) {
      const days = input.days ?? FORECAST_DAYS;
      const scope = {
        funderCode: input.funderCode,
        productCode: input.productCode,
        businessLine: input.businessLine,
      };
      const run = await current(days);
      const { from, to, span } = spanOf(days);
      const today = clock.today();
      const now = timeOfDayIn(BUSINESS_TIME_ZONE, clock.now());
      const [rows, gray] = await Promise.all([repo.sums(run.computedFor, scope), grayOf(span)]);
      const sums = new Map(rows.map((r) => [`${r.forecastDate}|${r.kind}|${r.slotStart}`, r]));
      const none = { installments: 0, amountFen: 0n, penaltyFen: 0n, feeFen: 0n };
      const sideOf = (key: string) => {
        const r = sums.get(key);
        if (!r) return { published: none, withGray: none };
        return {
          published: {
            installments: r.publishedInstallments,
            amountFen: r.publishedAmount,
            penaltyFen: r.publishedPenalty,
            feeFen: r.publishedFee,
          },
          withGray: {
            installments: r.grayInstallments,
            amountFen: r.grayAmount,
            penaltyFen: r.grayPenalty,
            feeFen: r.grayFee,
          },
        };
      };
      const windowDays = run.layout.slice(0, days).map((d) => ({
        date: d.date,
        // A slot of today that has ended since the computation is no longer ahead.
        slots: d.slots
          .filter((s) => d.date !== today || s.end > now)
          .map((s) => ({ ...s, ...sideOf(`${d.date}|slot|${s.start}`) })),
      }));
      const accrualDays = run.layout
        .slice(0, days)
        .map((d) => ({ accrued: d.accrued, ...sideOf(`${d.date}|accrual|`) }));
      return {
        ...shape(from, to, gray, windowDays, accrualDays),
        /** When the figures were computed (an ISO instant): a slot's figures are as of then. */
        computedAt: run.computedAt.toISOString(),
      };
    },

    /** The forecast computed now over the scope's installments (the stored one's baseline). */
    async live(input: ForecastInput) {
      const days = input.days ?? FORECAST_DAYS;
      const scope = {
        funderCode: input.funderCode,
        productCode: input.productCode,
        businessLine: input.businessLine,
      };
      const { from, to, span } = spanOf(days);
      const windowDays = await windows.forecast(days, scope);
      const accrualDays = await accruals.project(
        windowDays.map((d) => d.date),
        scope,
      );
      return shape(from, to, await grayOf(span), windowDays, accrualDays);
    },
  };
}

type Side = { installments: number; amountFen: bigint };
type AccrualSide = { installments: number; penaltyFen: bigint; feeFen: bigint };

/** The answer's shape from a window and accrual forecast, per date, with the totals. */
function shape<G>(
  from: string,
  to: string,
  gray: G[],
  windowDays: {
    date: string;
    slots: { start: string; end: string; published: Side; withGray: Side }[];
  }[],
  accrualDays: { accrued: boolean; published: AccrualSide; withGray: AccrualSide }[],
) {
  const total = { published: 0n, withGray: 0n };
  const accrualTotal = { published: 0n, withGray: 0n };
  const dates = windowDays.map((d, k) => {
    const accrual = accrualDays[k]!;
    for (const s of d.slots) {
      total.published += s.published.amountFen;
      total.withGray += s.withGray.amountFen;
    }
    if (!accrual.accrued) {
      accrualTotal.published += accrual.published.penaltyFen + accrual.published.feeFen;
      accrualTotal.withGray += accrual.withGray.penaltyFen + accrual.withGray.feeFen;
    }
    return {
      date: d.date,
      slots: d.slots.map((s) => ({
        start: s.start,
        end: s.end,
        published: side(s.published),
        withGray: side(s.withGray),
      })),
      accrual: {
        accrued: accrual.accrued,
        published: accrualSide(accrual.published),
        withGray: accrualSide(accrual.withGray),
      },
    };
  });
  return {
    from,
    to,
    gray,
    dates,
    totals: {
      asked: { published: fenToYuan(total.published), withGray: fenToYuan(total.withGray) },
      accrual: {
        published: fenToYuan(accrualTotal.published),
        withGray: fenToYuan(accrualTotal.withGray),
      },
    },
  };
}

export type ForecastService = ReturnType<typeof createForecastService>;
