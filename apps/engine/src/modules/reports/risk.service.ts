// 风险 (the risk dashboard): over a range of business dates, the overdue principal and amount
// against the principal outstanding, the book per delinquency bucket, the roll rates between
// buckets from one month end to the next, and vintage curves (each start month's 30+ rate by
// months on book). Past dates are the snapshots the rollups job takes as each date closes;
// today is the book the hourly job took (or, before its first run, read live with the same
// statement); a past date without a snapshot is a gap.
import {
  addDays,
  daysBetween,
  DELINQUENCY_BUCKETS,
  fenToYuan,
  type DelinquencyBucket,
} from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { MAX_RANGE_DAYS } from './finance.schema';
import { datesOf, DEFAULT_DAYS } from './reports.service';
import type { BookRow, RiskRepo, RiskScope } from './risk.repo';

export interface RiskInput extends RiskScope {
  from?: string;
  to?: string;
}

/** Buckets at least 31 days past due: the "30+" of the vintage curves. */
export const THIRTY_PLUS: readonly DelinquencyBucket[] = DELINQUENCY_BUCKETS.filter(
  (b) => b !== 'M0' && b !== 'M1',
);

/** What each bucket rolls into when a loan pays nothing for a month (none after the last). */
export const NEXT_BUCKET: Partial<Record<DelinquencyBucket, DelinquencyBucket>> =
  Object.fromEntries(
    DELINQUENCY_BUCKETS.slice(0, -1).map((b, i) => [b, DELINQUENCY_BUCKETS[i + 1]!]),
  );

const ratio = (part: bigint | number, whole: bigint | number): number | null => {
  const w = Number(whole);
  return w === 0 ? null : Math.round((Number(part) / w) * 10_000) / 10_000;
};

/** The last day of the month before the date's. */
export const previousMonthEnd = (date: string) => addDays(`${date.slice(0, 7)}-01`, -1);

const isMonthEnd = (date: string) => addDays(date, 1).endsWith('-01');

/** Whole months from a start month (YYYY-MM-01) to a date's month. */
const monthsBetween = (startMonth: string, date: string) =>
  (Number(date.slice(0, 4)) - Number(startMonth.slice(0, 4))) * 12 +
  Number(date.slice(5, 7)) -
  Number(startMonth.slice(5, 7));

/** The range asked for, filled in as the other dashboards do (the last 30 days to today). */
export function rangeFor(clock: Clock, given: { from?: string; to?: string }) {
  const today = clock.today();
  const to = given.to ?? (given.from && given.from > today ? given.from : today);
  const from = given.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to)
    throw new AppError('VALIDATION_FAILED', 'from must not be after to', { field: 'from' });
  if (daysBetween(from, to) >= MAX_RANGE_DAYS)
    throw new AppError('VALIDATION_FAILED', `at most ${MAX_RANGE_DAYS} days`, { field: 'from' });
  return { from, to };
}

interface Sums {
  loans: number;
  outstanding: bigint;
  overduePrincipal: bigint;
  overdueAmount: bigint;
}
const zero = (): Sums => ({ loans: 0, outstanding: 0n, overduePrincipal: 0n, overdueAmount: 0n });
const add = (into: Sums, r: BookRow) => {
  into.loans += r.loans;
  into.outstanding += r.outstandingPrincipal;
  into.overduePrincipal += r.overduePrincipal;
  into.overdueAmount += r.overdueAmount;
};

/** A date's figures on the wire: yuan strings and rates (0–1, four places). */
function dayOf(date: string, rows: BookRow[]) {
  const all = zero();
  const byBucket = new Map<string, Sums>(DELINQUENCY_BUCKETS.map((b) => [b, zero()]));
  for (const r of rows) {
    add(all, r);
    add(byBucket.get(r.bucket)!, r);
  }
  const delinquent = all.outstanding - byBucket.get('M0')!.outstanding;
  return {
    date,
    loans: all.loans,
    outstandingPrincipal: fenToYuan(all.outstanding),
    overduePrincipal: fenToYuan(all.overduePrincipal),
    overdueAmount: fenToYuan(all.overdueAmount),
    /** Overdue principal over the principal outstanding. */
    overdueRate: ratio(all.overduePrincipal, all.outstanding),
    /** Principal outstanding of loans in M1 or worse over the principal outstanding. */
    delinquentRate: ratio(delinquent, all.outstanding),
    buckets: DELINQUENCY_BUCKETS.map((bucket) => {
      const s = byBucket.get(bucket)!;
      return {
        bucket,
        loans: s.loans,
        outstandingPrincipal: fenToYuan(s.outstanding),
        overduePrincipal: fenToYuan(s.overduePrincipal),
      };
    }),
  };
}

export function createRiskReport(deps: { repo: RiskRepo; clock: Clock }) {
  const { repo, clock } = deps;
  return {
    async risk(given: RiskInput) {
      const { from, to } = rangeFor(clock, given);
      const scope: RiskScope = {
        funderCode: given.funderCode,
        productCode: given.productCode,
        businessLine: given.businessLine,
      };
      const today = clock.today();
      // The month end before the range too: the first month's roll rates start from it.
      const readFrom = previousMonthEnd(from);
      const snapshots = new Set(await repo.snapshotDays(readFrom, to));
      const todayInRange = from <= today && today <= to && !snapshots.has(today) ? today : null;
      // Today as the hourly job took it (its rows are read with the snapshots'), else read now.
      const takenAt = todayInRange === null ? null : await repo.provisionalBuiltAt(todayInRange);
      const live = takenAt === null ? todayInRange : null;
      const [rows, rolls] = await Promise.all([
        repo.book({ from: readFrom, to, live }, scope),
        repo.rolls(from, to, scope),
      ]);
      const byDate = new Map<string, BookRow[]>();
      for (const r of rows) {
        const list = byDate.get(r.businessDate) ?? [];
        list.push(r);
        byDate.set(r.businessDate, list);
      }
      const dates = datesOf(from, to);
      const known = (d: string) => snapshots.has(d) || d === todayInRange;
      const days = dates.filter(known).map((d) => dayOf(d, byDate.get(d) ?? []));

      // Roll rates: of the loans in a bucket at a month end, the share in the next bucket at
      // the next month end. Current loans are counted from that month end's book; the others
      // from the daily run's record of every delinquent loan's moves.
      const monthEnds = dates.filter((d) => isMonthEnd(d) && snapshots.has(d));
      const rollRates = monthEnds.map((monthEnd) => {
        const moves = rolls.filter((r) => r.monthEnd === monthEnd);
        const before = previousMonthEnd(monthEnd);
        const currentBefore = snapshots.has(before)
          ? (byDate.get(before) ?? [])
              .filter((r) => r.bucket === 'M0')
              .reduce((n, r) => n + r.loans, 0)
          : null;
        return {
          monthEnd,
          from: before,
          rates: DELINQUENCY_BUCKETS.filter((b) => NEXT_BUCKET[b]).map((bucket) => {
            const next = NEXT_BUCKET[bucket]!;
            const rolled = moves
              .filter((r) => r.fromBucket === bucket && r.toBucket === next)
              .reduce((n, r) => n + r.loans, 0);
            const of =
              bucket === 'M0'
                ? currentBefore
                : moves.filter((r) => r.fromBucket === bucket).reduce((n, r) => n + r.loans, 0);
            return {
              from: bucket,
              to: next,
              loans: rolled,
              of,
              rate: of === null ? null : ratio(rolled, of),
            };
          }),
        };
      });

      // Vintage: per start month, at each month end on book, the principal outstanding of its
      // loans 31 or more days past due over the principal the month lent.
      const cohorts = new Map<
        string,
        {
          bookedLoans: number;
          booked: bigint;
          points: Map<string, { bad: bigint; booked: bigint }>;
        }
      >();
      for (const monthEnd of monthEnds)
        for (const r of byDate.get(monthEnd) ?? []) {
          const c = cohorts.get(r.startMonth) ?? {
            bookedLoans: 0,
            booked: 0n,
            points: new Map<string, { bad: bigint; booked: bigint }>(),
          };
          cohorts.set(r.startMonth, c);
          const point = c.points.get(monthEnd) ?? { bad: 0n, booked: 0n };
          c.points.set(monthEnd, point);
          point.booked += r.bookedPrincipal;
          if (THIRTY_PLUS.includes(r.bucket as DelinquencyBucket))
            point.bad += r.outstandingPrincipal;
          if (monthEnd === monthEnds.at(-1)) {
            c.bookedLoans += r.bookedLoans;
            c.booked += r.bookedPrincipal;
          }
        }
      const vintages = [...cohorts.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([startMonth, c]) => ({
          cohort: startMonth.slice(0, 7),
          bookedLoans: c.bookedLoans,
          bookedPrincipal: fenToYuan(c.booked),
          points: [...c.points.entries()]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([monthEnd, p]) => ({
              monthEnd,
              monthsOnBook: monthsBetween(startMonth, monthEnd),
              thirtyPlusPrincipal: fenToYuan(p.bad),
              rate: ratio(p.bad, p.booked),
            })),
        }));

      return {
        from,
        to,
        today,
        liveDates: todayInRange ? [todayInRange] : [],
        /** When today's figures were taken (the hourly job); null: read just now. */
        todayTakenAt: takenAt?.toISOString() ?? null,
        /** Past dates of the range without a snapshot (before the job took them): gaps. */
        missingDates: dates.filter((d) => d < today && !snapshots.has(d)),
        latest: days.at(-1) ?? null,
        days,
        rollRates,
        vintages,
      };
    },
  };
}

export type RiskReport = ReturnType<typeof createRiskReport>;
