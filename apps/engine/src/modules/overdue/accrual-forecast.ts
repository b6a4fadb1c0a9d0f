// The coming days' overdue accrual, projected in memory: each open installment of an active
// loan is carried from its stored charge states day by day through `accrueInstallmentDay`
// (@repay/rules), the function the nightly run calls, with the charges compiled as the run
// compiles them (accrual-basis.ts) and the fee rule in force when that night's run starts. It
// assumes nothing is paid in between (the base stays). A day an installment is accrued
// through already adds nothing: it is no longer a forecast.
import { accruedComponentOf, accrueInstallmentDay, type AccruingCharge } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { RuleResolver, RuleSnapshot } from '../rules';
import { accruingChargesFor } from './accrual-basis';
import type { ChargeState, OverdueRepo } from './overdue.repo';

const PAGE = 2000;

export interface AccrualScope {
  funderCode?: string;
  productCode?: string;
  businessLine?: string;
}

export interface AccrualSide {
  installments: number;
  penaltyFen: bigint;
  feeFen: bigint;
}

export interface AccrualForecastDay {
  date: string;
  /** The nightly run of this date has completed: its accrual is recorded, not forecast. */
  accrued: boolean;
  published: AccrualSide;
  withGray: AccrualSide;
}

/** The loans an accrual figure is summed over: one funder, product and business line. */
export interface AccrualGroup {
  funderCode: string;
  productCode: string;
  businessLine: string;
}

/** As AccrualForecastDay, its figures per group (keyed funder/product/line). */
export interface AccrualForecastGroupedDay {
  date: string;
  accrued: boolean;
  groups: Map<string, { group: AccrualGroup; published: AccrualSide; withGray: AccrualSide }>;
}

const emptySide = (): AccrualSide => ({ installments: 0, penaltyFen: 0n, feeFen: 0n });

/** When the nightly accrual of a business date starts (its cron, Asia/Shanghai). */
const runInstant = (date: string) => new Date(`${date}T00:30:00+08:00`);

export function createAccrualForecast(deps: {
  repo: OverdueRepo;
  rules: RuleResolver;
  clock: Clock;
}) {
  const { repo, rules, clock } = deps;
  /** Whether each date's nightly run has completed (its accrual recorded, not forecast). */
  async function accruedOn(dates: string[]): Promise<boolean[]> {
    const done = new Set(await repo.completedRunDates(dates));
    return dates.map((d) => done.has(d));
  }

  /** The projection per group (funder, product, business line) of the loans in scope. */
  async function projectGrouped(
    dates: string[],
    scope: AccrualScope,
  ): Promise<AccrualForecastGroupedDay[]> {
    const accrued = await accruedOn(dates);
    const out: AccrualForecastGroupedDay[] = dates.map((date, k) => ({
      date,
      accrued: accrued[k]!,
      groups: new Map(),
    }));
    const compiled = new Map<string, AccruingCharge[]>();
    const sides: ['published' | 'withGray', RuleSnapshot<'fee'>][] = [
      ['published', await rules.snapshot('fee', { withGray: false })],
      ['withGray', await rules.snapshot('fee')],
    ];
    // A night not run yet resolves its rule when it runs: at its hour, or now if that is past.
    const now = clock.now();
    const instants = new Map(
      dates.map((d) => {
        const at = runInstant(d);
        return [d, at < now ? now : at];
      }),
    );
    const last = dates.at(-1)!;
    let after: { dueDate: string; id: bigint } | null = null;
    for (;;) {
      const batch = await repo.overdueBatch(last, after, PAGE);
      if (batch.length === 0) break;
      const tail = batch.at(-1)!;
      after = { dueDate: tail.dueDate, id: tail.id };
      for (const inst of batch) {
        if (!inst.loanActive) continue;
        if (scope.funderCode !== undefined && inst.funderCode !== scope.funderCode) continue;
        if (scope.productCode !== undefined && inst.productCode !== scope.productCode) continue;
        if (scope.businessLine !== undefined && inst.businessLine !== scope.businessLine) continue;
        const groupKey = `${inst.funderCode}\u0000${inst.productCode}\u0000${inst.businessLine}`;
        const cell = (day: AccrualForecastGroupedDay) => {
          let g = day.groups.get(groupKey);
          if (!g) {
            g = {
              group: {
                funderCode: inst.funderCode,
                productCode: inst.productCode,
                businessLine: inst.businessLine,
              },
              published: emptySide(),
              withGray: emptySide(),
            };
            day.groups.set(groupKey, g);
          }
          return g;
        };
        const context = {
          businessLine: inst.businessLine,
          funderCode: inst.funderCode,
          productCode: inst.productCode,
          loanKey: inst.orderNo,
        };
        // Each side carries its own states; a day both sides resolve to the same version
        // (no gray fee release for the loan) is computed once and counted on both.
        const states = sides.map(() => new Map<string, ChargeState>(inst.states));
        // Once the sides resolve differently their states differ: no more sharing.
        let diverged = false;
        for (const day of out) {
          if (day.date <= inst.dueDate) continue;
          if (inst.accruedThrough !== null && inst.accruedThrough >= day.date) continue;
          const resolved = sides.map(([, snapshot]) => snapshot(context, instants.get(day.date)!));
          type Changes = ReturnType<typeof accrueInstallmentDay>;
          if (resolved[0]?.versionId !== resolved[1]?.versionId) diverged = true;
          let shared: Changes | null = null;
          for (const [k, [side]] of sides.entries()) {
            const hit = resolved[k];
            if (!hit) continue;
            let changes: Changes | null = k > 0 && !diverged ? shared : null;
            if (!changes) {
              const key = `${hit.versionId}:${inst.ceiling ?? ''}`;
              let charges = compiled.get(key);
              if (!charges) {
                charges = accruingChargesFor(hit.rule, inst.ceiling);
                compiled.set(key, charges);
              }
              changes = accrueInstallmentDay(charges, { ...inst, states: states[k]! }, day.date);
            }
            if (k === 0) shared = changes;
            if (changes.length === 0) continue;
            const sums = cell(day)[side];
            sums.installments++;
            for (const { compiled: charge, day: accrued } of changes) {
              if (accruedComponentOf(charge.charge.type) === 'fee') sums.feeFen += accrued.deltaFen;
              else sums.penaltyFen += accrued.deltaFen;
              states[k]!.set(charge.charge.id, {
                day: accrued.day,
                totalFen: accrued.totalFen,
                exactYuan: accrued.exactYuan,
              });
            }
          }
        }
      }
      if (batch.length < PAGE) break;
    }
    return out;
  }

  return {
    accruedOn,
    projectGrouped,
    /** Each date's projected accrual over the loans in scope (the groups summed). */
    async project(dates: string[], scope: AccrualScope): Promise<AccrualForecastDay[]> {
      return (await projectGrouped(dates, scope)).map((day) => {
        const published = emptySide();
        const withGray = emptySide();
        for (const g of day.groups.values())
          for (const [into, from] of [
            [published, g.published],
            [withGray, g.withGray],
          ] as const) {
            into.installments += from.installments;
            into.penaltyFen += from.penaltyFen;
            into.feeFen += from.feeFen;
          }
        return { date: day.date, accrued: day.accrued, published, withGray };
      });
    },
  };
}

export type AccrualForecast = ReturnType<typeof createAccrualForecast>;
