// Funds reconciliation (资金对账) of one channel and business date: the day's statement against
// our debit orders, by our order id (and the channel's serial), then status, amount and fee.
//
//   matched          both sides agree (success and success, failure and failure);
//   pendingResolved  our order still waits for its answer and the statement shows it final:
//                    the statement is that answer, applied by the debits' own state machine
//                    (the step after the queries in "unknown is not failure");
//   overage (长款)    the channel took money we have no success for (none, failed);
//   shortage (短款)   our success the channel shows failed, or does not show;
//   mismatch (差错)   amounts differ, or the fee differs from the channel's fee rule;
//   carried          our success sent close to midnight that the channel may book on the next
//                    day: it stays open until that day's file is in, then matches or is short.
//
// Payout lines are compared with our payout orders the same way (settlePayouts).
//
// Each difference opens a case (one per channel, kind and order id, so a rerun finds it again).
import { addDays } from '@repay/rules';
import { AppError } from '../../lib/errors';
import { pgError } from '@repay/db';
import type { Transactor } from '../../lib/transaction';
import type { DebitResults } from '../debits';
import type { Payouts } from '../payouts';
import type { Actor } from '../events';
import { caseReasons, type CaseReason } from './case-reasons';
import type { LineToSettle, NewCase, ReconRepo } from './recon.repo';
import type { ReconCounts, Repos, StatementChannels } from './recon.types';
import { importIdText } from './statement-import.service';

/** Orders sent this close to midnight may be on the next day's statement. */
export const CARRY_MINUTES = 30;

const caseKey = (channel: string, kind: string, orderId: string) => `${channel}:${kind}:${orderId}`;

export function createReconRuns(deps: {
  repo: ReconRepo;
  transaction: Transactor<Repos>;
  channels: StatementChannels;
  debitResults: Pick<DebitResults, 'applyMany'>;
  /** Payout lines settle payouts through their own state machine (absent: payout lines wait). */
  payouts?: Pick<Payouts, 'applyStatementLine'>;
}) {
  const { repo, transaction, channels, debitResults } = deps;

  /**
   * The file's payout lines (orders `PO<id>`): an unfinished payout the line shows final is
   * settled through the payouts' state machine (the statement step of "unknown is not
   * failure"); a paid line we have no success for is an overage (money left that we do not
   * record), our paid payout the file shows failed or does not show is a shortage, another
   * amount is a mismatch.
   */
  async function settlePayouts(channelCode: string, businessDate: string, statementId: bigint) {
    const [lines, missing] = await Promise.all([
      repo.comparePayoutLines(statementId),
      repo.payoutSuccessesNotOnStatements(channelCode, businessDate),
    ]);
    const cases: NewCase[] = [];
    let matched = 0;
    let resolved = 0;
    const open = (kind: NewCase['kind'], l: (typeof lines)[number], reason: CaseReason) =>
      cases.push({
        caseKey: caseKey(channelCode, kind, l.orderId),
        channelCode,
        businessDate,
        kind,
        orderId: l.orderId,
        debitOrderId: null,
        statementLineId: l.lineId,
        ourStatus: l.ourStatus,
        ourAmount: l.ourAmount,
        ourFee: null,
        theirStatus: l.lineStatus,
        theirAmount: l.lineAmount,
        theirFee: l.lineFee,
        reason,
      });
    for (const l of lines) {
      const paid = l.lineStatus === 'success';
      if (l.ourStatus === null) {
        if (paid) open('overage', l, caseReasons.overageNoOrder());
      } else if (['submitted', 'pending', 'manual_review'].includes(l.ourStatus)) {
        if (l.ourAmount !== l.lineAmount || !deps.payouts) {
          open(
            'mismatch',
            l,
            caseReasons.mismatchPending(l.lineStatus, l.lineAmount, l.ourAmount ?? 0n),
          );
          continue;
        }
        const status = await deps.payouts.applyStatementLine({
          orderId: l.orderId,
          channelCode,
          status: l.lineStatus,
          amountFen: l.lineAmount,
          feeFen: l.lineFee,
          channelSerial: l.channelSerial,
        });
        if (status === 'succeeded' || status === 'failed') resolved++;
      } else if (l.ourStatus === 'succeeded') {
        if (!paid) open('shortage', l, caseReasons.shortageFailed());
        else if (l.ourAmount !== l.lineAmount)
          open('mismatch', l, caseReasons.mismatchAmount(l.lineAmount, l.ourAmount ?? 0n));
        else matched++;
      } else if (paid) open('overage', l, caseReasons.overageOurStatus(l.ourStatus));
      else matched++;
    }
    for (const m of missing)
      cases.push({
        caseKey: caseKey(channelCode, 'shortage', m.orderId),
        channelCode,
        businessDate,
        kind: 'shortage',
        orderId: m.orderId,
        debitOrderId: null,
        statementLineId: null,
        ourStatus: 'succeeded',
        ourAmount: m.amount,
        ourFee: null,
        theirStatus: null,
        theirAmount: null,
        theirFee: null,
        reason: caseReasons.shortageMissing(),
      });
    return { cases, matched, resolved };
  }

  /** Our pending orders the statement shows final: their answer, through the state machine. */
  async function settlePending(channelCode: string, lines: LineToSettle[], actor: Actor) {
    const pending = lines.filter((l) => l.outcome === 'pending');
    const moved = await debitResults.applyMany(
      pending.map((l) => ({
        orderKey: l.orderId,
        channelCode,
        answer: {
          // The statement says success or failure, not why: a failure is one a later window
          // may try again (the class that changes nothing else).
          resultClass: l.lineStatus === 'success' ? 'success' : 'fail_funds',
          rawCode: `STATEMENT_${l.lineStatus.toUpperCase()}`,
          rawMessage: `the channel's statement shows it ${l.lineStatus}${l.rawStatus ? ` (${l.rawStatus})` : ''}`,
          data: {
            orderId: l.orderId,
            amountFen: l.lineAmount,
            ...(l.lineFee === null ? {} : { feeFen: l.lineFee }),
            ...(l.channelSerial === null ? {} : { channelSerial: l.channelSerial }),
          },
        },
      })),
      actor,
      'statement',
    );
    return {
      resolved: moved.size,
      // An answer the state machine would not apply (another amount or serial) is a difference.
      unresolved: pending.filter((l) => !moved.has(l.orderId)),
    };
  }

  async function run(input: { channelCode: string; businessDate: string }, actor: Actor) {
    const { channelCode, businessDate } = input;
    const settings = await channels.statementSettings(channelCode);
    const statement = await repo.importOf(channelCode, businessDate);
    if (!statement)
      throw new AppError(
        'UNPROCESSABLE',
        `no statement of ${channelCode} for ${businessDate} has been imported`,
        { field: 'date' },
      );
    // Three reads at once, each on its own connection: the file's lines against our orders,
    // our successes against every file (both a pass over a day's worth of rows), and the next
    // day's file. The second reads only succeeded orders: the pending orders settled below
    // are on the statement, so it finds the same before as after.
    const [compared, unmatched, nextDay] = await Promise.all([
      repo.compareImport(statement.id, settings.feeRule),
      repo.successesNotOnStatements(channelCode, businessDate, CARRY_MINUTES),
      repo.importOf(channelCode, addDays(businessDate, 1)),
    ]);
    const nextDayIn = nextDay !== null;
    const pending = await settlePending(channelCode, compared.lines, actor);
    const payouts = await settlePayouts(channelCode, businessDate, statement.id);

    const cases: NewCase[] = [...payouts.cases];
    for (const l of compared.lines) {
      if (l.outcome === 'pending') continue;
      cases.push(lineCase(channelCode, businessDate, l, l.outcome, l.reason));
    }
    for (const l of pending.unresolved)
      cases.push(
        lineCase(
          channelCode,
          businessDate,
          l,
          'mismatch',
          caseReasons.mismatchPending(l.lineStatus, l.lineAmount, l.ourAmount ?? 0n),
        ),
      );
    let carried = 0;
    for (const o of unmatched) {
      // The day before: only what was carried from it (the rest was that day's run's to judge).
      if (o.businessDate !== businessDate && !o.nearMidnight) continue;
      if (o.businessDate === businessDate && o.nearMidnight && !nextDayIn) {
        carried++;
        continue;
      }
      cases.push({
        caseKey: caseKey(channelCode, 'shortage', o.orderId),
        channelCode,
        businessDate: o.businessDate,
        kind: 'shortage',
        orderId: o.orderId,
        debitOrderId: o.debitOrderId,
        statementLineId: null,
        ourStatus: 'succeeded',
        ourAmount: o.amount,
        ourFee: null,
        theirStatus: null,
        theirAmount: null,
        theirFee: null,
        reason:
          o.businessDate === businessDate
            ? caseReasons.shortageMissing()
            : caseReasons.shortageMissingNearMidnight(),
      });
    }
    const counts: ReconCounts = {
      matched: compared.matched + payouts.matched,
      overage: cases.filter((c) => c.kind === 'overage').length,
      shortage: cases.filter((c) => c.kind === 'shortage').length,
      mismatch: cases.filter((c) => c.kind === 'mismatch').length,
      pendingResolved: pending.resolved + payouts.resolved,
      carried,
    };
    try {
      return await transaction(async (repos) => {
        const attempt = await repos.recon.nextAttempt(channelCode, businessDate);
        const runId = await repos.recon.insertRun({
          channelCode,
          businessDate,
          attempt,
          importId: statement.id,
          counts,
          actorType: actor.type,
          actorId: actor.id,
        });
        const opened = await repos.recon.openCases(cases, actor);
        return {
          runId: `rcr_${runId}`,
          importId: importIdText(statement.id),
          attempt,
          casesOpened: opened.length,
          counts,
        };
      });
    } catch (error) {
      if (pgError(error)?.code === '23505')
        throw new AppError(
          'CONFLICT',
          `another reconciliation of ${channelCode} for ${businessDate} finished meanwhile: run it again`,
          { field: 'date' },
        );
      throw error;
    }
  }

  return { run };
}

function lineCase(
  channelCode: string,
  businessDate: string,
  l: LineToSettle,
  kind: NewCase['kind'],
  reason: CaseReason,
): NewCase {
  return {
    caseKey: caseKey(channelCode, kind, l.orderId),
    channelCode,
    businessDate,
    kind,
    orderId: l.orderId,
    debitOrderId: l.debitOrderId,
    statementLineId: l.lineId,
    ourStatus: l.ourStatus,
    ourAmount: l.ourAmount,
    ourFee: l.expectedFee,
    theirStatus: l.lineStatus,
    theirAmount: l.lineAmount,
    theirFee: l.lineFee,
    reason,
  };
}

export type ReconRuns = ReturnType<typeof createReconRuns>;
