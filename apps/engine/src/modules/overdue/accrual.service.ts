// The daily overdue accrual (docs/domain.md, Overdue). For a business date: every open
// installment of an active loan due before it is marked overdue with its days, and each
// accrued charge of the loan's fee rule in force (penalty interest, compound interest, late
// fee) is carried forward one day from its state the day before (`accrueDay` in
// packages/rules: grace, tiers, day base, rounding point, caps, and the business line's all-in
// ceiling over every daily charge). Each day's amount is stored
// per installment and charge with the rule version, and added to the installment's penalty
// (or fee) due. Then every loan's delinquency bucket is brought up to date.
//
// Idempotent per business date: a run is keyed by its date, accrual rows by (installment,
// charge, date, revision), and an installment is claimed for the date (accrued_through) in
// the statement that raises it and inserts its rows; a run that died half-way is simply run
// again. Missed days are caught up in date order. Each charge's state the day before is
// carried on the installment row (accrual_state), so a day never reads the accrual history.
// An installment whose collection was reversed (冲正) accrues again from the day after the
// reversal: the days it stood as paid are not charged (accrual_resumed_on).
//
// Penalties are income when collected (the collection journal credits penalty income), so
// accruing them posts nothing to the ledger; `fee_accruals` is their sub-ledger.
import {
  accruedComponentOf,
  accrueInstallmentDay,
  addDays,
  compareDates,
  type AccruingCharge,
  type FeeRule,
} from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { RuleResolver, RuleSnapshot } from '../rules';
import { accruingChargesFor } from './accrual-basis';
import type { NewAccrual, OverdueInstallment, OverdueRepo } from './overdue.repo';

const BATCH = 2000;
const BATCHES_IN_FLIGHT = 3;
/** Reads of an installment that changed between its read and its claim, before giving up. */
const MAX_CLAIM_ATTEMPTS = 3;
/** How far back a catch-up goes at most: older days need a recalculation, by hand. */
const MAX_CATCH_UP_DAYS = 31;

export function createOverdueAccrual(deps: {
  repo: OverdueRepo;
  rules: RuleResolver;
  clock: Clock;
}) {
  const { repo, rules, clock } = deps;
  // Fee rule versions are immutable once published: compiled once per version and business
  // line ceiling (a ceiling caps every daily charge, whatever the rule's own caps).
  const compiledVersions = new Map<string, AccruingCharge[]>();
  function compiledOf(versionId: string, rule: FeeRule, ceiling: string | null) {
    const key = `${versionId}:${ceiling ?? ''}`;
    let hit = compiledVersions.get(key);
    if (!hit) {
      hit = accruingChargesFor(rule, ceiling);
      compiledVersions.set(key, hit);
    }
    return hit;
  }

  function accrualsOf(
    snapshot: RuleSnapshot<'fee'>,
    businessDate: string,
    batch: OverdueInstallment[],
  ): NewAccrual[] {
    const at = clock.now();
    const out: NewAccrual[] = [];
    for (const inst of batch) {
      const resolved = snapshot(
        {
          businessLine: inst.businessLine,
          funderCode: inst.funderCode,
          productCode: inst.productCode,
          loanKey: inst.orderNo,
        },
        at,
      );
      if (!resolved) continue;
      const charges = compiledOf(resolved.versionId, resolved.rule, inst.ceiling);
      for (const { compiled, overdueDays, day } of accrueInstallmentDay(
        charges,
        inst,
        businessDate,
      )) {
        out.push({
          installmentId: inst.id,
          loanId: inst.loanId,
          chargeId: compiled.charge.id,
          chargeType: compiled.charge.type,
          component: accruedComponentOf(compiled.charge.type),
          overdueDays,
          amount: day.deltaFen,
          total: day.totalFen,
          exactTotal: day.exactYuan,
          cappedBy: day.cappedBy,
          ruleVersionId: BigInt(resolved.versionId),
        });
      }
    }
    return out;
  }

  /**
   * Days are accrued in order: an earlier date after a later one would count its days twice
   * (the later run caught them up already). Changing the past is a recalculation.
   */
  async function assertInOrder(businessDate: string) {
    const latest = await repo.latestRun();
    if (latest !== null && compareDates(businessDate, latest) < 0)
      throw new AppError(
        'UNPROCESSABLE',
        `accrual has reached ${latest}: an earlier date is changed by a recalculation, not accrued again`,
        { field: 'date' },
      );
  }

  /** Accrue one business date (a second run of a completed date changes nothing). */
  async function accrueDate(
    businessDate: string,
    startedBy: string,
    onBatch?: (installments: number) => void,
  ) {
    const done = {
      businessDate,
      created: false,
      installments: 0,
      accruedFen: 0n,
      bucketChanges: 0,
    };
    if ((await repo.runOf(businessDate))?.status === 'completed') return done;
    await assertInOrder(businessDate);
    const run = await repo.startRun(businessDate, startedBy);
    if (run.status === 'completed') return done;
    const snapshot = await rules.snapshot('fee');
    let installments = 0;
    let accruedFen = 0n;
    const processBatch = async (walked: OverdueInstallment[]) => {
      let pending = walked;
      for (let attempt = 1; ; attempt++) {
        // Installments accrued through the date already (a rerun) are walked past too.
        const batch = pending.filter(
          (i) =>
            i.loanActive &&
            (i.accruedThrough === null || compareDates(i.accruedThrough, businessDate) < 0),
        );
        if (batch.length === 0) return;
        const accruals = accrualsOf(snapshot, businessDate, batch);
        const { addedFen, claimed, unclaimed } = await repo.applyDay(businessDate, batch, accruals);
        await repo.addToRun(run.id, claimed, addedFen);
        installments += claimed;
        accruedFen += addedFen;
        onBatch?.(installments);
        // Those changed since they were read (a payment, a recalculation) are read again and
        // accrued from what they are now.
        if (unclaimed.length === 0) return;
        if (attempt === MAX_CLAIM_ATTEMPTS)
          throw new Error(`${unclaimed.length} installments kept changing while being accrued`);
        pending = await repo.overdueByIds(businessDate, unclaimed);
      }
    };
    // The next batch is read while the current ones are computed and written: batches hold
    // different installments, so BATCHES_IN_FLIGHT of them may be written at once.
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    let next = repo.overdueBatch(businessDate, null, BATCH);
    for (;;) {
      const batch = await next;
      if (batch.length === 0 || failure !== null) break;
      const last = batch[batch.length - 1]!;
      next = repo.overdueBatch(businessDate, { dueDate: last.dueDate, id: last.id }, BATCH);
      const work: Promise<void> = processBatch(batch)
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
      if (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    next.catch(() => undefined); // read ahead and not needed when a batch failed
    if (failure !== null)
      throw failure instanceof Error ? failure : new Error('an accrual batch failed');
    const bucketChanges = await repo.refreshBuckets(businessDate);
    await repo.finishRun(run.id);
    return { businessDate, created: true, installments, accruedFen, bucketChanges };
  }

  return {
    accrueDate,
    assertInOrder,

    /**
     * Every business date not yet accrued, up to and including `through` (today by default),
     * in order: after the last completed run, or just `through` the first time.
     */
    async catchUp(startedBy: string, through = clock.today()) {
      const last = await repo.lastCompleted();
      const earliest = addDays(through, -(MAX_CATCH_UP_DAYS - 1));
      let from = last === null ? through : addDays(last, 1);
      if (compareDates(from, earliest) < 0) from = earliest;
      const done = [];
      for (let d = from; compareDates(d, through) <= 0; d = addDays(d, 1))
        done.push(await accrueDate(d, startedBy));
      return done;
    },

    runOf: (businessDate: string) => repo.runOf(businessDate),
  };
}

export type OverdueAccrual = ReturnType<typeof createOverdueAccrual>;
