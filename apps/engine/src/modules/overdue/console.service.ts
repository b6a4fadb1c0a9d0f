// The overdue page: buckets now and over the days (each run's counts), the runs, the loans of
// a bucket, one loan's accruals; and accruing a date by hand (audited, worked in the
// background: the page follows the run's progress).
import { DELINQUENCY_BUCKETS, fenToYuan, isValidDate } from '@repay/rules';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog } from '../events';
import type { OverdueAccrual } from './accrual.service';
import type { OverdueConsoleRepo } from './console.repo';
import type { AccrualFilter } from './accruals.schema';
import { readKeysetPage } from '../../lib/paging';
import { bigintOf } from '../../lib/rows';

const iso = (v: unknown) => (v ? new Date(v as string | Date).toISOString() : null);
const yuan = (v: unknown) => fenToYuan(BigInt(v as string));

const accrualListView = (r: Record<string, unknown>) => ({
  id: String(r.id),
  businessDate: r.businessDate as string,
  orderNo: r.orderNo as string,
  period: Number(r.period),
  funderCode: r.funderCode as string,
  productCode: r.productCode as string,
  /** The loan's delinquency bucket now. */
  bucket: r.bucket as string,
  chargeId: r.chargeId as string,
  chargeType: r.chargeType as string,
  component: r.component as string,
  overdueDays: Number(r.overdueDays),
  /** This row's change (negative in a recalculation's reversal) and the charge's total after it. */
  amount: yuan(r.amount),
  total: yuan(r.total),
  cappedBy: (r.cappedBy as string | null) ?? null,
  revision: Number(r.revision),
  ruleVersionId: (r.ruleVersionId as string | null) ?? null,
  ruleLabel: (r.ruleLabel as string | null) ?? null,
  at: iso(r.createdAt)!,
});

export type AccrualListView = ReturnType<typeof accrualListView>;

export function createOverdueConsole(deps: {
  repo: OverdueConsoleRepo;
  accrual: OverdueAccrual;
  transaction: Transactor<{ audit: AuditLog }>;
  clock: Clock;
  log?: (message: string) => void;
}) {
  const { repo, accrual, transaction, clock } = deps;
  return {
    async summary() {
      const today = clock.today();
      const rows = await repo.bucketSummary(today);
      const byBucket = new Map(rows.map((r) => [r.bucket, r]));
      return {
        today,
        buckets: DELINQUENCY_BUCKETS.map((bucket) => {
          const r = byBucket.get(bucket);
          return {
            bucket,
            loans: r?.loans ?? 0,
            owed: yuan(r?.owed ?? '0'),
            charges: yuan(r?.charges ?? '0'),
          };
        }),
      };
    },

    async runs(limit: number) {
      return (await repo.runs(limit)).map((r) => ({
        id: String(r.id),
        businessDate: r.businessDate as string,
        status: r.status as string,
        installments: Number(r.installments),
        accrued: yuan(r.accrued),
        bucketCounts: (r.bucketCounts as Record<string, number> | null) ?? null,
        startedBy: r.startedBy as string,
        startedAt: iso(r.startedAt)!,
        finishedAt: iso(r.finishedAt),
      }));
    },

    async loans(bucket: string | null, cursor: string | null, limit: number) {
      const rows = await repo.loans(
        clock.today(),
        bucket,
        cursor === null ? null : BigInt(cursor),
        limit + 1,
      );
      const items = rows.slice(0, limit).map((r) => ({
        id: String(r.id),
        orderNo: r.orderNo as string,
        businessLine: r.businessLine as string,
        funderCode: r.funderCode as string,
        productCode: r.productCode as string,
        bucket: r.bucket as string,
        overdueSince: r.overdueSince as string,
        overdueDays: Number(r.overdueDays),
        owed: yuan(r.owed),
        charges: yuan(r.charges),
        paused: r.paused === true,
      }));
      return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
    },

    async accrualsOf(orderNo: string) {
      return (await repo.accrualsOf(orderNo, 500)).map((r) => ({
        id: String(r.id),
        businessDate: r.businessDate as string,
        period: Number(r.period),
        chargeId: r.chargeId as string,
        chargeType: r.chargeType as string,
        overdueDays: Number(r.overdueDays),
        amount: yuan(r.amount),
        total: yuan(r.total),
        cappedBy: r.cappedBy as string | null,
        ruleVersionId: r.ruleVersionId as string | null,
        /** As the rules pages name a version: the set's name and "v" + its number. */
        ruleLabel: r.ruleLabel as string | null,
      }));
    },

    /** 罚息计提: accrual rows of every loan under the filters, newest first (keyset pages). */
    async accrualList(filter: AccrualFilter & { limit: number; cursor?: string | null }) {
      const { page, nextCursor } = await readKeysetPage(filter, async (q) =>
        (await repo.accrualList(q)).map((r) => ({ ...r, id: bigintOf(r.id) })),
      );
      return { items: page.map(accrualListView), nextCursor };
    },

    /** Accrue a business date by hand: today or earlier, once (a done date says so). */
    async accrueByHand(date: string, reason: string, actor: Actor, startedBy: string) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isValidDate(date))
        throw new AppError('VALIDATION_FAILED', 'date is a calendar date as YYYY-MM-DD', {
          field: 'date',
        });
      if (date > clock.today())
        throw new AppError('UNPROCESSABLE', 'a date in the future cannot be accrued yet', {
          field: 'date',
        });
      const existing = await accrual.runOf(date);
      if (existing?.status === 'completed') return { businessDate: date, started: false };
      await accrual.assertInOrder(date);
      await transaction((repos) =>
        repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'overdue.accrue',
          entityType: 'accrual_run',
          entityId: date,
          reason,
          diff: null,
        }),
      );
      // Worked in the background: a million installments take a while; the page polls.
      void accrual.accrueDate(date, startedBy).catch((error: unknown) => {
        deps.log?.(`[overdue] accrual of ${date} failed: ${(error as Error).message}`);
      });
      return { businessDate: date, started: true };
    },
  };
}

export type OverdueConsole = ReturnType<typeof createOverdueConsole>;
