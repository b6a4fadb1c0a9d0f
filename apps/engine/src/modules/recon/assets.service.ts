// Asset reconciliation (资产对账) of a business date: the loans' books against the ledger (see
// the checks in assets.repo.ts), each disagreement a break listed per funder and loan with both
// figures and what explains it where that can be seen: a transfer cut-off in the period, or a
// collection recorded after the day it is effective for (a backdated repayment, a late success).
// The period runs from the previous run's date (exclusive) to this one. A date can be run
// again: each run is a new attempt, its breaks its own.
//
// "Recorded on" is the day a collection's journal was written, never later than the engine's
// today: with a pinned clock (demos, tests) the database's own clock may run ahead of it.
import { fenToYuan, isValidDate, type AssetReconCheck } from '@repay/rules';
import { pgError } from '@repay/db';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog } from '../events';
import type { AssetReconRepo, AssetRunRow, BreakFinding, BreakRow } from './assets.repo';

export type AssetRepos = { assetRecon: AssetReconRepo; audit: AuditLog };

export const assetRunIdText = (id: bigint) => `arr_${id}`;
export const breakIdText = (id: bigint) => `arb_${id}`;
const idOf = (text: string, prefix: string) => BigInt(text.slice(prefix.length));

/** What explains a break, in words (null: nothing seen). */
export function reasonOf(f: Pick<BreakFinding, 'cutoffs' | 'backdated'>): string | null {
  const parts = [
    f.cutoffs ? `transfer cut-off in the period: ${f.cutoffs}` : null,
    f.backdated ? `recorded after its effective date: ${f.backdated}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join('; ') : null;
}

const runView = (r: AssetRunRow) => ({
  runId: assetRunIdText(r.id),
  date: r.businessDate,
  attempt: r.attempt,
  loans: r.loans,
  funders: r.funders,
  breaks: r.breaks,
  by: `${r.actorType}:${r.actorId}`,
  createdAt: r.createdAt.toISOString(),
});

const breakView = (b: BreakRow) => ({
  breakId: breakIdText(b.id),
  funderCode: b.funderCode,
  funderName: b.funderName,
  orderNo: b.orderNo,
  check: b.check,
  ours: fenToYuan(b.ours),
  theirs: fenToYuan(b.theirs),
  difference: fenToYuan(b.ours - b.theirs),
  reason: b.reason,
});

const dateField = (date: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isValidDate(date))
    throw new AppError('VALIDATION_FAILED', 'date: a date as YYYY-MM-DD', { field: 'date' });
};

export function createAssetRecon(deps: {
  repo: AssetReconRepo;
  transaction: Transactor<AssetRepos>;
  clock: Clock;
}) {
  const { repo, transaction, clock } = deps;

  /** A run by id, or a date's latest attempt, or the latest of all; refused when there is none. */
  async function runOf(by: { runId?: string; date?: string }) {
    const run = await repo.findRun({
      id: by.runId ? idOf(by.runId, 'arr_') : undefined,
      businessDate: by.date,
    });
    if (!run && (by.runId || by.date))
      throw notFound(
        `asset reconciliation ${by.runId ?? `of ${by.date}`}`,
        by.runId ? 'runId' : 'date',
      );
    return run;
  }

  return {
    /** Runs the checks of a date (today or earlier) and keeps what they found. */
    async run(input: { businessDate: string }, actor: Actor) {
      const { businessDate } = input;
      dateField(businessDate);
      const today = clock.today();
      if (businessDate > today)
        throw new AppError('UNPROCESSABLE', `date: ${businessDate} is after today (${today})`, {
          field: 'date',
        });
      try {
        return await transaction(async (repos) => {
          const previousDate = await repos.assetRecon.previousRunDate(businessDate);
          const found = await repos.assetRecon.findBreaks({ businessDate, previousDate, today });
          const counts = await repos.assetRecon.scopeCounts(businessDate);
          const attempt = await repos.assetRecon.nextAttempt(businessDate);
          const runId = await repos.assetRecon.insertRun({
            businessDate,
            attempt,
            ...counts,
            breaks: found.length,
            actorType: actor.type,
            actorId: actor.id,
          });
          await repos.assetRecon.insertBreaks(
            runId,
            found.map((f) => ({ ...f, reason: reasonOf(f) })),
          );
          const perFunder = new Map<string, number>();
          for (const f of found)
            perFunder.set(f.funderCode, (perFunder.get(f.funderCode) ?? 0) + 1);
          return {
            runId: assetRunIdText(runId),
            date: businessDate,
            attempt,
            previousDate,
            loans: counts.loans,
            funders: counts.funders,
            breaks: found.length,
            breaksPerFunder: [...perFunder].map(([funderCode, breaks]) => ({ funderCode, breaks })),
          };
        });
      } catch (error) {
        if (pgError(error)?.code === '23505')
          throw new AppError(
            'CONFLICT',
            `another asset reconciliation of ${businessDate} finished meanwhile: run it again`,
            { field: 'date' },
          );
        throw error;
      }
    },

    /** Runs newest first. */
    async runs(filter: { from?: string; to?: string; limit: number }) {
      return (await repo.runs(filter)).map(runView);
    },

    /**
     * A run's breaks (a date's latest attempt, or the latest run when neither is given), in the
     * order found (funder, loan, check); `nextCursor` asks for the ones after.
     */
    async breaks(filter: {
      runId?: string;
      date?: string;
      funderCode?: string;
      check?: AssetReconCheck;
      orderNo?: string;
      cursor?: string | null;
      limit: number;
    }) {
      const run = await runOf(filter);
      if (!run) return { run: null, items: [], nextCursor: null };
      const rows = await repo.breaks({
        runId: run.id,
        funderCode: filter.funderCode,
        check: filter.check,
        orderNo: filter.orderNo,
        afterId: filter.cursor ? idOf(filter.cursor, 'arb_') : undefined,
        limit: filter.limit + 1,
      });
      const page = rows.slice(0, filter.limit);
      return {
        run: runView(run),
        items: page.map(breakView),
        nextCursor: rows.length > filter.limit ? breakIdText(page.at(-1)!.id) : null,
      };
    },

    /** Per funder with breaks in a run: how many, on how many loans, and per check. */
    async funders(by: { runId?: string; date?: string }) {
      const run = await runOf(by);
      if (!run) return { run: null, funders: [] };
      const { perCheck, loans } = await repo.breaksPerFunder(run.id);
      const funders = new Map<
        string,
        {
          funderCode: string;
          funderName: string;
          breaks: number;
          loans: number;
          perCheck: Partial<Record<AssetReconCheck, number>>;
        }
      >();
      for (const r of perCheck) {
        const f = funders.get(r.funderCode) ?? {
          funderCode: r.funderCode,
          funderName: r.funderName,
          breaks: 0,
          loans: loans.get(r.funderCode) ?? 0,
          perCheck: {},
        };
        f.breaks += r.breaks;
        f.perCheck[r.check] = r.breaks;
        funders.set(r.funderCode, f);
      }
      return { run: runView(run), funders: [...funders.values()] };
    },
  };
}

export type AssetRecon = ReturnType<typeof createAssetRecon>;
