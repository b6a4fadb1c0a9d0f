// 预测 (forecast): what the rules in force will do over the coming days. Per business date and
// deduction slot, the installments each window would take and how much it would ask (the
// debits module's eligibility, the run's own decision); per date, the overdue charges the
// nightly accrual would add (the overdue module's projection, the run's own day). Each figure
// twice: under the published (full) releases alone and with the live gray releases, which is
// what the engine runs. A slot counts as if the slots before it collected nothing.
import { addDays, fenToYuan } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { WindowEligibility } from '../debits';
import type { AccrualForecast } from '../overdue';
import type { RuleResolver } from '../rules';
import { FORECAST_DAYS, type ForecastInput } from './forecast.schema';

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
  windows: Pick<WindowEligibility, 'forecast'>;
  accruals: AccrualForecast;
  rules: Pick<RuleResolver, 'grayReleases'>;
  clock: Clock;
}) {
  const { windows, accruals, rules, clock } = deps;
  return {
    async forecast(input: ForecastInput) {
      const days = input.days ?? FORECAST_DAYS;
      const scope = {
        funderCode: input.funderCode,
        productCode: input.productCode,
        businessLine: input.businessLine,
      };
      const from = clock.today();
      const to = addDays(from, days - 1);
      const span = [
        new Date(`${from}T00:00:00+08:00`),
        new Date(`${addDays(to, 1)}T00:00:00+08:00`),
      ] as const;
      const windowDays = await windows.forecast(days, scope);
      const accrualDays = await accruals.project(
        windowDays.map((d) => d.date),
        scope,
      );
      const gray = [
        ...(await rules.grayReleases('window', ...span)),
        ...(await rules.grayReleases('fee', ...span)),
      ];
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
    },
  };
}

export type ForecastService = ReturnType<typeof createForecastService>;
