// Payout orders (代付) from creation to a final state (docs/domain.md, Positions):
//
//  queued ──route + reserve (one transaction, committed before the call)──► submitted ──answer──► succeeded
//    ▲  no position covers it: waits, says why           │   ▲                          (consume: balance − amount − fee)
//    │                                                   ▼   │ query back-off
//  a person pays a failed part again (a new order)     pending ──after 2 h──► manual_review ──finance──► succeeded | failed
//                                                        │
//                                                        └─fail_*──► failed (release the reservation)
//
// Every order is made through `admit` (the payout guard's trigger checks it again under lock).
// An answer we cannot classify keeps the order pending and its position reserved: it is queried,
// then the statement, then a person; a payout is never sent twice. An answer about a final order
// is recorded in its history, never applied.
import {
  addDays,
  fenToYuan,
  yuanToFen,
  type ChannelResultClass,
  type PayoutStatus,
} from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { FieldCrypto } from '../../lib/crypto';
import { maskCardNo, maskName } from '../../lib/mask';
import { requestHash } from '../../lib/request-hash';
import type { Transactor } from '../../lib/transaction';
import type { ChannelAnswer, ChannelRouting, OrderState } from '../channels';
import type { Actor, AuditLog, OutboxRepo } from '../events';
import { accounts, postJournal, type Journal, type LedgerRepo } from '../ledger';
import type { ReferenceService } from '../reference';
import type { NewPayoutOrder, PayoutOrderRow, PayoutsRepo } from './payouts.repo';
import type { RemittanceRepo } from './remittance.repo';

/** A submitted payout with no answer is queried after this long. */
export const FIRST_QUERY_SECONDS = 60;
/** Unknown for this long after it was sent: a person decides. */
export const MANUAL_REVIEW_AFTER_MS = 2 * 60 * 60 * 1000;

export interface PayoutRepos {
  payouts: PayoutsRepo;
  remittance: RemittanceRepo;
  ledger: LedgerRepo;
  outbox: OutboxRepo;
  audit: AuditLog;
}

export interface PayoutRequest {
  payoutNo: string;
  funderCode: string;
  purpose: 'disbursement' | 'refund' | 'other';
  amount: string;
  payee: { name: string; accountNo: string; bankCode: string };
  memo?: string;
}

/** The channel order id of a payout: fixed once its row exists, before any call. */
export const channelOrderIdOf = (o: { id: bigint }) => `PO${o.id}`;
const orderIdFromChannel = (orderId: string | undefined) =>
  orderId && /^PO\d{1,19}$/.test(orderId) ? BigInt(orderId.slice(2)) : null;

export const actorText = (a: Actor) => `${a.type}:${a.id}`;

/** Queries back off: 1, 2, 4 … minutes, at most 30. */
const nextQueryDelayMs = (attempts: number) => Math.min(30, 2 ** attempts) * 60_000;

export function payoutRequestHash(input: PayoutRequest): string {
  return requestHash(input, { amounts: ['amount'] });
}

/** What an answer does to an unfinished order. */
function outcomeOf(resultClass: ChannelResultClass): 'succeeded' | 'failed' | 'pending' {
  if (resultClass === 'success') return 'succeeded';
  if (resultClass === 'fail_funds' || resultClass === 'fail_card' || resultClass === 'fail_request')
    return 'failed';
  // pending, duplicate (the channel has it: ask), anything else unknown.
  return 'pending';
}

/** The journal a paid payout posts: what it paid, out of what. */
export function payoutPaidJournal(
  o: PayoutOrderRow,
  effectiveDate: string,
  /** A refund of money no order of ours took: it was held in the unidentified accounts. */
  unidentified = false,
): Journal {
  const f = o.funderCode;
  const pair = (debit: ReturnType<typeof accounts.suspense>, credit: typeof debit) => [
    { account: debit, amount: o.amount },
    { account: credit, amount: -o.amount },
  ];
  const entries =
    o.source === 'remittance'
      ? pair(accounts.remittedToFunder(f), accounts.remittanceInTransit(f))
      : o.source === 'refund'
        ? unidentified
          ? pair(accounts.unidentifiedSuspense(), accounts.unidentifiedClearing())
          : pair(accounts.suspense(f), accounts.collectionsClearing(f))
        : pair(accounts.payoutsPaid(f), accounts.payoutsFunded(f));
  return {
    idempotencyKey: `payout.paid:${o.id}`,
    kind: `payout_${o.source}`,
    effectiveDate,
    keepAccounts: true,
    memo: `payout ${o.payoutNo}`,
    entries,
  };
}

/** The console's payout list: its filters and a keyset page. */
export interface PayoutListQuery {
  status?: PayoutStatus;
  source?: PayoutOrderRow['source'];
  funderCode?: string;
  channelCode?: string;
  batchId?: string;
  payoutNo?: string;
  /** Business dates (Asia/Shanghai) of creation, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string | null;
}

export function createPayouts(deps: {
  read: PayoutRepos;
  transaction: Transactor<PayoutRepos>;
  routing: ChannelRouting;
  reference: ReferenceService;
  crypto: FieldCrypto;
  clock: Clock;
  notifyUrl?: (channelCode: string) => string;
}) {
  const { read, transaction, routing, reference, crypto, clock } = deps;

  function view(o: PayoutOrderRow) {
    return {
      payoutNo: o.payoutNo,
      status: o.status,
      amount: fenToYuan(o.amount),
      channel: o.channelCode,
      createdAt: o.createdAt.toISOString(),
    };
  }

  function detailView(o: PayoutOrderRow) {
    return {
      ...view(o),
      resultClass: o.resultClass,
      rawCode: o.rawCode,
      finishedAt: o.finishedAt?.toISOString() ?? null,
    };
  }

  /** The console's view of an order: masked payee, everything about its state. */
  function consoleView(o: PayoutOrderRow) {
    return {
      id: String(o.id),
      ...detailView(o),
      rawMessage: o.rawMessage,
      source: o.source,
      purpose: o.purpose,
      funderCode: o.funderCode,
      batchId: o.batchId === null ? null : String(o.batchId),
      splitNo: o.splitNo,
      refundId: o.refundId === null ? null : String(o.refundId),
      fee: o.fee === null ? null : fenToYuan(o.fee),
      payee: { name: o.payeeNameMask, accountNo: o.payeeAccountMask, bankCode: o.payeeBankCode },
      memo: o.memo,
      waitReason: o.waitReason,
      wantedChannel: o.wantedChannel,
      channelOrderId: channelOrderIdOf(o),
      channelSerial: o.channelSerial,
      routingDecisionId: o.routingDecisionId === null ? null : String(o.routingDecisionId),
      queryAttempts: o.queryAttempts,
      nextQueryAt: o.nextQueryAt?.toISOString() ?? null,
      submittedAt: o.submittedAt?.toISOString() ?? null,
      createdBy: o.createdBy,
    };
  }

  /** One keyset page of the console's list. */
  async function listPage(f: PayoutListQuery) {
    const rows = await read.payouts.list({
      ...f,
      batchId: f.batchId ? BigInt(f.batchId) : undefined,
      createdFrom: f.from ? new Date(`${f.from}T00:00:00+08:00`) : undefined,
      createdTo: f.to ? new Date(`${addDays(f.to, 1)}T00:00:00+08:00`) : undefined,
      limit: f.limit + 1,
      beforeId: f.cursor ? BigInt(f.cursor) : undefined,
    });
    const page = rows.slice(0, f.limit);
    return {
      items: page.map(consoleView),
      nextCursor: rows.length > f.limit ? String(page.at(-1)!.id) : null,
    };
  }

  /** Sealed payee fields of a new order (masks computed here, once). */
  function payeeOf(p: { name: string; accountNo: string; bankCode: string }) {
    return {
      payeeNameEnc: crypto.encrypt(p.name),
      payeeNameMask: maskName(p.name),
      payeeAccountEnc: crypto.encrypt(p.accountNo),
      payeeAccountHash: crypto.lookupHash(p.accountNo),
      payeeAccountMask: maskCardNo(p.accountNo),
      payeeBankCode: p.bankCode,
    };
  }

  /**
   * The one door every payout order is made through: inserted with its first history row in
   * the caller's transaction, the payout guard (a trigger) checking it again under lock. Null
   * when its idempotency key or number exists already.
   */
  async function admit(
    repos: PayoutRepos,
    order: Omit<NewPayoutOrder, 'createdAt'>,
  ): Promise<PayoutOrderRow | null> {
    let made: PayoutOrderRow | null;
    try {
      made = await repos.payouts.insertOrder({ ...order, createdAt: clock.now() });
    } catch (error) {
      const message = (error as Error).message;
      if (message.includes('payout refused'))
        throw new AppError('UNPROCESSABLE', message.replace(/^.*payout refused: /, ''), {
          field: 'amount',
        });
      throw error;
    }
    if (!made) return null;
    await repos.payouts.addEvent({
      orderId: made.id,
      fromStatus: null,
      toStatus: 'queued',
      source: 'create',
      detail: { amount: fenToYuan(made.amount), source: made.source },
      actor: order.createdBy,
      at: clock.now(),
    });
    return made;
  }

  async function recordEvent(
    repos: PayoutRepos,
    o: PayoutOrderRow,
    to: PayoutStatus,
    source: string,
    answer: ChannelAnswer<OrderState> | null,
    actor: string,
    detail?: Record<string, unknown>,
  ) {
    await repos.payouts.addEvent({
      orderId: o.id,
      fromStatus: o.status,
      toStatus: to,
      source,
      resultClass: answer?.resultClass ?? null,
      rawCode: answer?.rawCode ?? null,
      rawMessage: answer?.rawMessage ?? null,
      detail,
      actor,
      at: clock.now(),
    });
  }

  /** A refund of a reconciliation case whose money was no order of ours (no funder's). */
  async function unidentified(repos: PayoutRepos, o: PayoutOrderRow): Promise<boolean> {
    if (o.refundId === null) return false;
    const refund = await repos.remittance.refund(o.refundId);
    if (refund?.source !== 'recon_case') return false;
    const held = await repos.remittance.reconCaseToRefund(BigInt(refund.sourceKey.split(':')[1]!));
    return held !== null && held.funderId === null;
  }

  /**
   * Finish an unfinished order in the caller's transaction (its row locked first): succeeded
   * consumes the reservation and the balance, posts the ledger and an event; failed releases.
   */
  async function finish(
    repos: PayoutRepos,
    o: PayoutOrderRow,
    outcome: 'succeeded' | 'failed',
    answer: ChannelAnswer<OrderState> | null,
    source: string,
    actor: string,
  ) {
    const fee = outcome === 'succeeded' ? (answer?.data.feeFen ?? 0n) : null;
    const done = await repos.payouts.markFinal({
      id: o.id,
      status: outcome,
      resultClass: answer?.resultClass ?? null,
      rawCode: answer?.rawCode ?? null,
      rawMessage: answer?.rawMessage ?? null,
      fee,
      channelSerial: answer?.data.channelSerial ?? null,
      finishedAt: clock.now(),
    });
    if (!done) return false;
    await repos.payouts.move({
      accountId: o.reservedAccountId!,
      movementKey: `payout:${o.id}`,
      kind: 'payout',
      balanceDelta: outcome === 'succeeded' ? -(o.amount + (fee ?? 0n)) : 0n,
      reservedDelta: -o.reservedAmount,
      payoutOrderId: o.id,
      reason: outcome === 'succeeded' ? `paid ${o.payoutNo}` : `released ${o.payoutNo}`,
      actor,
      at: clock.now(),
    });
    if (outcome === 'succeeded')
      await postJournal(
        repos.ledger,
        payoutPaidJournal(o, clock.today(), await unidentified(repos, o)),
      );
    await recordEvent(repos, o, outcome, source, answer, actor);
    await repos.outbox.add({
      eventId: `payout.${outcome}:${o.id}`,
      topic: `payout.${outcome}`,
      aggregateType: 'payout',
      aggregateId: o.payoutNo,
      payload: {
        payoutNo: o.payoutNo,
        source: o.source,
        funderCode: o.funderCode,
        amount: fenToYuan(o.amount),
        channel: o.channelCode,
      },
    });
    return true;
  }

  /**
   * Apply a channel's answer about an order (its send, a query, a notification, a statement
   * line) through the state machine. An answer about a final order, or one contradicting it,
   * is recorded in the history and changes nothing.
   */
  async function apply(
    orderId: bigint,
    given: ChannelAnswer<OrderState>,
    source: string,
    actor = 'system:payouts',
    opts: { queried?: boolean } = {},
  ): Promise<PayoutStatus> {
    // A query refused ("no such order", a bad signature or parameter) says nothing about the
    // payout: the channel may not have it yet, or its call was lost with a dead worker. It is
    // unknown, never failed (failing it frees the money for a second payment).
    const answer: ChannelAnswer<OrderState> =
      source === 'query' && given.resultClass === 'fail_request'
        ? { ...given, resultClass: 'pending' }
        : given;
    return transaction(async (repos) => {
      const o = await repos.payouts.byId(orderId, { lock: true });
      if (!o) throw notFound(`payout order ${orderId}`);
      const outcome = outcomeOf(answer.resultClass);
      if (o.status === 'succeeded' || o.status === 'failed' || o.status === 'queued') {
        const contradicts =
          (o.status === 'succeeded' && outcome === 'failed') ||
          (o.status === 'failed' && outcome === 'succeeded') ||
          o.status === 'queued';
        await recordEvent(repos, o, o.status, `late_${source}`, answer, actor, {
          contradicts,
          recordedOnly: true,
        });
        return o.status;
      }
      if (o.status === 'manual_review' && outcome === 'pending') {
        await recordEvent(repos, o, o.status, source, answer, actor, { recordedOnly: true });
        return o.status;
      }
      if (outcome === 'pending') {
        const attempts = o.queryAttempts + (opts.queried ? 1 : 0);
        const sentAt = o.submittedAt?.getTime() ?? clock.now().getTime();
        if (clock.now().getTime() - sentAt >= MANUAL_REVIEW_AFTER_MS) {
          await repos.payouts.markManualReview(o.id);
          await recordEvent(repos, o, 'manual_review', source, answer, actor);
          await repos.outbox.add({
            eventId: `payout.manual_review:${o.id}`,
            topic: 'payout.manual_review',
            aggregateType: 'payout',
            aggregateId: o.payoutNo,
            payload: { payoutNo: o.payoutNo, amount: fenToYuan(o.amount), channel: o.channelCode },
          });
          return 'manual_review';
        }
        await repos.payouts.markPending({
          id: o.id,
          resultClass: answer.resultClass,
          rawCode: answer.rawCode,
          rawMessage: answer.rawMessage,
          nextQueryAt: new Date(clock.now().getTime() + nextQueryDelayMs(attempts)),
          queried: opts.queried ?? false,
          channelSerial: answer.data.channelSerial ?? null,
        });
        if (o.status !== 'pending' || source !== 'query')
          await recordEvent(repos, o, 'pending', source, answer, actor);
        return 'pending';
      }
      await finish(repos, o, outcome, answer, source, actor);
      return outcome;
    });
  }

  /**
   * Try to send one queued order: route it among the accounts whose position covers it; if one
   * does, reserve and mark it submitted in one transaction (committed before the call), call
   * the channel, apply the answer. If none does, it stays queued and says why. Null: another
   * worker took the order (this call sent nothing).
   */
  async function sendQueued(o: PayoutOrderRow): Promise<PayoutStatus | null> {
    const positions = await read.payouts.accounts();
    const usable = new Map(
      positions.filter((a) => a.status === 'active').map((a) => [a.channelCode, a.usable]),
    );
    const today = clock.today();
    const dayStart = new Date(`${today}T00:00:00+08:00`);
    const usedToday = await read.payouts.usedToday(
      o.payeeAccountHash,
      dayStart,
      new Date(`${addDays(today, 1)}T00:00:00+08:00`),
    );
    const routed = await routing.routePayout({
      orderId: channelOrderIdOf(o),
      funderCode: o.funderCode,
      purpose: o.purpose,
      bankCode: o.payeeBankCode,
      amountFen: o.amount,
      usable,
      usedToday,
    });
    if (routed.chosen === null) {
      await read.payouts.noteWaiting(o.id, routed.reason ?? 'no channel', routed.wanted);
      return 'queued';
    }
    const account = positions.find((a) => a.channelCode === routed.chosen)!;
    const submitted = await transaction(async (repos) => {
      const locked = await repos.payouts.byId(o.id, { lock: true });
      if (locked?.status !== 'queued') return 'taken' as const;
      const reserved = await repos.payouts.reserve(account.id, o.amount);
      if (!reserved) {
        // Another payout took the position since routing read it: wait for the next round.
        await repos.payouts.noteWaiting(
          o.id,
          `${account.channelCode}:over_position`,
          account.channelCode,
        );
        return 'short' as const;
      }
      const now = clock.now();
      await repos.payouts.markSubmitted({
        id: o.id,
        channelCode: account.channelCode,
        decisionId: routed.decision?.id ?? null,
        accountId: account.id,
        now,
        firstQueryAt: new Date(now.getTime() + FIRST_QUERY_SECONDS * 1000),
      });
      await repos.payouts.addEvent({
        orderId: o.id,
        fromStatus: 'queued',
        toStatus: 'submitted',
        source: 'dispatch',
        detail: {
          channel: account.channelCode,
          decisionId: routed.decision ? String(routed.decision.id) : null,
          usableBefore: fenToYuan(reserved.usable + o.amount),
        },
        actor: 'system:payouts',
        at: now,
      });
      return 'submitted' as const;
    });
    if (submitted === 'short') return 'queued';
    // Another worker took it: not this call's to count.
    if (submitted === 'taken') return null;
    const answer = await routing.sendPayout({
      orderId: channelOrderIdOf(o),
      channelCode: account.channelCode,
      accountNoEnc: o.payeeAccountEnc,
      accountNameEnc: o.payeeNameEnc,
      bankCode: o.payeeBankCode,
      amountFen: o.amount,
      notifyUrl: deps.notifyUrl?.(account.channelCode),
    });
    return apply(o.id, answer, 'answer');
  }

  /**
   * Send what can be sent of a page of queued orders, oldest first; `after` continues past the
   * orders a page left waiting (a small order behind large ones still goes).
   */
  async function dispatch(opts: { limit?: number; after?: { createdAt: Date; id: bigint } } = {}) {
    const queued = await read.payouts.queued(opts.limit ?? 200, opts.after);
    const last = queued.at(-1);
    const counts = {
      sent: 0,
      waiting: 0,
      failed: 0,
      /** Where the next page starts (null: the queue is done). */
      after: last ? { createdAt: last.createdAt, id: last.id } : null,
    };
    for (const o of queued) {
      const status = await sendQueued(o);
      if (status === null) continue;
      if (status === 'queued') counts.waiting += 1;
      else if (status === 'failed') counts.failed += 1;
      else counts.sent += 1;
    }
    return counts;
  }

  return {
    view,
    detailView,
    consoleView,
    payeeOf,
    admit,
    apply,

    /**
     * An upstream system's payout (POST /payouts): idempotent by payoutNo — the same content
     * answers as before, different content is a conflict. Made queued; the caller may send it.
     */
    async request(input: PayoutRequest, actor: Actor) {
      const hash = payoutRequestHash(input);
      const existing = await read.payouts.byPayoutNo(input.payoutNo);
      if (existing) {
        if (existing.source !== 'api' || existing.requestHash !== hash)
          throw new AppError('CONFLICT', `payout ${input.payoutNo} exists with different content`, {
            field: 'payoutNo',
          });
        return { created: false, order: existing };
      }
      const funder = await reference.requireActiveFunder(input.funderCode);
      const amount = yuanToFen(input.amount);
      const made = await transaction(async (repos) => {
        const order = await admit(repos, {
          idempotencyKey: `api:${input.payoutNo}`,
          payoutNo: input.payoutNo,
          source: 'api',
          purpose: input.purpose,
          funderId: funder.id,
          amount,
          ...payeeOf(input.payee),
          memo: input.memo ?? null,
          requestHash: hash,
          createdBy: actorText(actor),
        });
        if (order)
          await repos.audit.record({
            actorType: actor.type,
            actorId: actor.id,
            action: 'payout.request',
            entityType: 'payout',
            entityId: input.payoutNo,
            diff: { amount: input.amount, purpose: input.purpose, funderCode: input.funderCode },
          });
        return order;
      });
      if (!made) {
        // The same payoutNo arrived concurrently: answer as the other request did.
        const other = await read.payouts.byPayoutNo(input.payoutNo);
        if (other?.requestHash !== hash)
          throw new AppError('CONFLICT', `payout ${input.payoutNo} exists with different content`, {
            field: 'payoutNo',
          });
        return { created: false, order: other };
      }
      return { created: true, order: made };
    },

    sendQueued,

    dispatch,

    /**
     * The whole queue, a page at a time, oldest first, within a time budget: what the schedule,
     * 立即发送 and the CLI run. Counts only.
     */
    async dispatchQueue(opts: { budgetMs?: number } = {}) {
      const total = { sent: 0, failed: 0, waiting: 0 };
      const until = Date.now() + (opts.budgetMs ?? 50_000);
      let after: { createdAt: Date; id: bigint } | undefined;
      do {
        const page = await dispatch({ after });
        total.sent += page.sent;
        total.failed += page.failed;
        total.waiting += page.waiting;
        after = page.after ?? undefined;
      } while (after && Date.now() < until);
      return total;
    },

    /** Ask the channels about sent orders whose query is due (the compensation sweep). */
    async queryDue(opts: { limit?: number } = {}) {
      const due = await read.payouts.dueForQuery(clock.now(), opts.limit ?? 200);
      const counts: Record<string, number> = {};
      for (const o of due) {
        const answer = await routing.queryOrder(o.channelCode!, channelOrderIdOf(o));
        const status = await apply(o.id, answer, 'query', 'system:payouts', { queried: true });
        counts[status] = (counts[status] ?? 0) + 1;
      }
      return { queried: due.length, ...counts };
    },

    /** A channel's notification about one of our payouts (PO…), or null if it is not ours. */
    async applyNotification(channelCode: string, answer: ChannelAnswer<OrderState>) {
      const id = orderIdFromChannel(answer.data.orderId);
      if (id === null) return null;
      const o = await read.payouts.byId(id);
      if (!o) return null;
      if (o.channelCode !== channelCode) {
        await transaction((repos) =>
          recordEvent(repos, o, o.status, 'notification', answer, `channel:${channelCode}`, {
            foreignChannel: channelCode,
            recordedOnly: true,
          }),
        );
        return o.status;
      }
      return apply(id, answer, 'notification', `channel:${channelCode}`);
    },

    /** A statement line about one of our payouts: the statement step of "unknown is not failure". */
    async applyStatementLine(line: {
      orderId: string;
      channelCode: string;
      status: 'success' | 'failed' | 'refund';
      amountFen: bigint;
      feeFen: bigint | null;
      channelSerial: string | null;
    }) {
      const id = orderIdFromChannel(line.orderId);
      if (id === null) return null;
      const answer: ChannelAnswer<OrderState> = {
        resultClass: line.status === 'success' ? 'success' : 'fail_request',
        rawCode: `STATEMENT_${line.status.toUpperCase()}`,
        rawMessage: 'from the channel statement',
        data: {
          orderId: line.orderId,
          amountFen: line.amountFen,
          feeFen: line.feeFen ?? undefined,
          channelSerial: line.channelSerial ?? undefined,
        },
      };
      return apply(id, answer, 'statement', `statement:${line.channelCode}`);
    },

    /**
     * Finance settles an order under manual review with the evidence (a channel's answer by
     * phone, its statement): succeeded consumes the position, failed releases it.
     */
    async resolveReview(
      payoutNo: string,
      input: { outcome: 'succeeded' | 'failed'; evidence: string; reason: string },
      actor: Actor,
    ) {
      const o = await read.payouts.byPayoutNo(payoutNo);
      if (!o) throw notFound(`payout ${payoutNo}`, 'payoutNo');
      await transaction(async (repos) => {
        const locked = await repos.payouts.byId(o.id, { lock: true });
        if (locked?.status !== 'manual_review')
          throw new AppError(
            'CONFLICT',
            `payout ${payoutNo} is ${locked?.status}, not in manual review`,
            {
              field: 'payoutNo',
            },
          );
        const answer: ChannelAnswer<OrderState> = {
          resultClass: input.outcome === 'succeeded' ? 'success' : 'fail_request',
          rawCode: 'MANUAL',
          rawMessage: input.evidence,
          data: {},
        };
        await finish(repos, locked, input.outcome, answer, 'review', actorText(actor));
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'payout.review',
          entityType: 'payout',
          entityId: payoutNo,
          reason: input.reason,
          diff: { status: { from: 'manual_review', to: input.outcome }, evidence: input.evidence },
        });
      });
      return consoleView((await read.payouts.byPayoutNo(payoutNo))!);
    },

    /** A queued order a person withdraws (nothing was sent): failed, its batch may pay again. */
    async cancelQueued(payoutNo: string, reason: string, actor: Actor) {
      const o = await read.payouts.byPayoutNo(payoutNo);
      if (!o) throw notFound(`payout ${payoutNo}`, 'payoutNo');
      await transaction(async (repos) => {
        if (!(await repos.payouts.failQueued(o.id, reason, clock.now())))
          throw new AppError('CONFLICT', `payout ${payoutNo} is no longer queued`, {
            field: 'payoutNo',
          });
        await recordEvent(repos, o, 'failed', 'cancel', null, actorText(actor), { reason });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'payout.cancel',
          entityType: 'payout',
          entityId: payoutNo,
          reason,
        });
      });
      return consoleView((await read.payouts.byPayoutNo(payoutNo))!);
    },

    /** One keyset page of the console's list (and of its export). */
    page: listPage,

    /** A page with the totals per status on top. */
    async list(f: PayoutListQuery) {
      const [page, totals] = await Promise.all([listPage(f), read.payouts.totals()]);
      return {
        ...page,
        totals: totals.map((t) => ({
          status: t.status,
          count: t.count,
          amount: fenToYuan(t.amount),
        })),
      };
    },

    async get(payoutNo: string) {
      return read.payouts.byPayoutNo(payoutNo);
    },

    async detail(payoutNo: string) {
      const o = await read.payouts.byPayoutNo(payoutNo);
      if (!o) throw notFound(`payout ${payoutNo}`, 'payoutNo');
      const events = await read.payouts.eventsOf(o.id);
      return {
        order: consoleView(o),
        events: events.map((e) => ({
          id: String(e.id),
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          source: e.source,
          resultClass: e.resultClass,
          rawCode: e.rawCode,
          rawMessage: e.rawMessage,
          detail: e.detail,
          actor: e.actor,
          at: new Date(e.createdAt).toISOString(),
        })),
      };
    },
  };
}

export type Payouts = ReturnType<typeof createPayouts>;
