// Remittances (划付) to funders and refunds to borrowers: the two kinds of payout Repay makes on
// its own. Both end as payout orders made through the one door (`payouts.admit`).
//
// A funder's remittance of a business date, at the cut-off of its remittance rule: the
// collections in clearing effective up to the rule's as-of date (attributed to the owner at each
// collection's date, after asset transfers) less overpayments held for borrowers, less the
// platform fee. The batch's journal takes the gross out of clearing (so the next batch starts
// from what is left), the net goes in transit and the fee to the platform fee; each paid part
// moves its amount from in transit to remitted. One batch per funder and date (a constraint); a
// net below the rule's minimum is carried (nothing moves) to the next day. The batch is cut into
// parts: whole when one account can pay it, else split across accounts by usable position, the
// rest waiting for a top-up.
import {
  fenToYuan,
  remittanceAsOf,
  remittanceOf,
  splitAcrossPositions,
  timeOfDayIn,
  yuanToFen,
} from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';
import type { FieldCrypto } from '../../lib/crypto';
import type { Transactor } from '../../lib/transaction';
import type { Actor } from '../events';
import { accounts, postJournal } from '../ledger';
import type { RuleResolver } from '../rules';
import { actorText, type Payouts, type PayoutRepos } from './payouts.service';
import type { BatchRow, FunderAccountRow, RefundRow } from './remittance.repo';

const compactDate = (d: string) => d.replaceAll('-', '');

export function createRemittance(deps: {
  read: PayoutRepos;
  transaction: Transactor<PayoutRepos>;
  payouts: Payouts;
  rules: RuleResolver;
  crypto: FieldCrypto;
  clock: Clock;
}) {
  const { read, transaction, payouts, rules, crypto, clock } = deps;

  const batchView = (b: BatchRow) => ({
    id: String(b.id),
    funderCode: b.funderCode,
    businessDate: b.businessDate,
    asOfDate: b.asOfDate,
    gross: fenToYuan(b.gross),
    fee: fenToYuan(b.fee),
    amount: fenToYuan(b.amount),
    status: b.status,
    paid: fenToYuan(b.paid),
    open: fenToYuan(b.open),
    failed: fenToYuan(b.failed),
    /** Of the net, what no order pays now (failed parts not paid again). */
    unpaid: fenToYuan(b.status === 'made' ? b.amount - b.paid - b.open : 0n),
    orders: b.orders,
    ruleVersionId: b.ruleVersionId === null ? null : String(b.ruleVersionId),
    note: b.note,
    createdBy: b.createdBy,
    createdAt: new Date(b.createdAt).toISOString(),
  });

  const accountView = (a: FunderAccountRow) => ({
    id: String(a.id),
    funderCode: a.funderCode,
    bankCode: a.bankCode,
    accountNo: a.accountNoMask,
    accountName: a.accountNameMask,
    isDefault: a.isDefault,
    status: a.status,
    createdBy: a.createdBy,
    createdAt: new Date(a.createdAt).toISOString(),
  });

  const refundView = (r: RefundRow) => ({
    id: String(r.id),
    source: r.source,
    sourceKey: r.sourceKey,
    funderCode: r.funderCode,
    orderNo: r.orderNo,
    amount: fenToYuan(r.amount),
    payee: { name: r.payeeNameMask, accountNo: r.payeeAccountMask, bankCode: r.payeeBankCode },
    reason: r.reason,
    status: r.status,
    requestedBy: r.requestedBy,
    decidedBy: r.decidedBy,
    decisionNote: r.decisionNote,
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
    payoutNo: r.payoutNo,
    payoutStatus: r.payoutStatus,
  });

  /** Cut `amountFen` of a made batch into parts and admit them (in the caller's transaction). */
  async function admitParts(
    repos: PayoutRepos,
    batch: BatchRow,
    account: FunderAccountRow,
    amountFen: bigint,
  ) {
    const [positions, waiting] = await Promise.all([
      repos.payouts.accounts(),
      repos.payouts.waitingByAccount(),
    ]);
    const queuedAt = new Map(waiting.map((w) => [w.channelCode, w.amount]));
    // Each part is one order and must fit one account now, after what is queued for it and with
    // room for the channel's fee (taken from the balance on success): 99 % of what is left.
    // Routing decides again when each part is sent.
    const parts = splitAcrossPositions(
      amountFen,
      positions
        .filter((a) => a.status === 'active')
        .map((p) => ({
          code: p.channelCode,
          capacityFen: ((p.usable - (queuedAt.get(p.channelCode) ?? 0n)) * 99n) / 100n,
        })),
    );
    let splitNo = await repos.remittance.nextSplitNo(batch.id);
    const made = [];
    for (const part of parts) {
      const n = splitNo++;
      const order = await payouts.admit(repos, {
        idempotencyKey: `remit:${batch.funderCode}:${batch.businessDate}:${n}`,
        payoutNo: `RM${compactDate(batch.businessDate)}-${batch.funderCode}-${n}`,
        source: 'remittance',
        purpose: 'remittance',
        funderId: batch.funderId,
        batchId: batch.id,
        splitNo: n,
        amount: part.amountFen,
        payeeNameEnc: account.accountNameEnc,
        payeeNameMask: account.accountNameMask,
        payeeAccountEnc: account.accountNoEnc,
        payeeAccountHash: account.accountNoHash,
        payeeAccountMask: account.accountNoMask,
        payeeBankCode: account.bankCode,
        memo: `remittance ${batch.businessDate}`,
        waitReason: part.code === null ? 'no position covers this part yet' : null,
        wantedChannel: part.code,
        createdBy: 'system:remittance',
      });
      if (order) made.push(order);
    }
    return made;
  }

  /** An approved refund's payout, attempt `n` (a new key each time a failed one is paid again). */
  const admitRefundPayout = (repos: PayoutRepos, refund: RefundRow, n: number, actor: Actor) =>
    payouts.admit(repos, {
      idempotencyKey: `refund:${refund.id}:${n}`,
      payoutNo: `RF${refund.id}-${n}`,
      source: 'refund',
      purpose: 'refund',
      funderId: refund.funderId,
      refundId: refund.id,
      amount: refund.amount,
      payeeNameEnc: refund.payeeNameEnc,
      payeeNameMask: refund.payeeNameMask,
      payeeAccountEnc: refund.payeeAccountEnc,
      payeeAccountHash: crypto.lookupHash(crypto.decrypt(refund.payeeAccountEnc)),
      payeeAccountMask: refund.payeeAccountMask,
      payeeBankCode: refund.payeeBankCode,
      memo: `refund ${refund.sourceKey}`,
      createdBy: actorText(actor),
    });

  /**
   * Make a funder's batch of a business date (once: a second call answers with the first).
   * Returns the batch; its parts are queued for dispatch.
   */
  async function makeBatch(funderCode: string, businessDate: string, actor: Actor) {
    const resolved = await rules.resolveRule('remittance', { funderCode }, clock.now());
    if (!resolved)
      throw new AppError('UNPROCESSABLE', `no remittance rule is in force for ${funderCode}`, {
        field: 'funderCode',
      });
    const rule = resolved.rule;
    const asOf = remittanceAsOf(rule, businessDate);
    const batchId = await transaction(async (repos) => {
      const funder = await repos.remittance.lockFunder(funderCode);
      if (!funder) throw notFound(`funder ${funderCode}`, 'funderCode');
      const existing = await repos.remittance.batchOf(funder.id, businessDate);
      if (existing) return existing.id;
      const gross = await repos.remittance.remittableGross(funderCode, asOf);
      const outcome = remittanceOf(rule, gross);
      const account = await repos.remittance.defaultAccountOf(funder.id);
      const status =
        outcome.carried || outcome.netFen <= 0n ? 'carried' : account ? 'made' : 'no_account';
      const positive = gross > 0n;
      const id = (await repos.remittance.insertBatch({
        funderId: funder.id,
        businessDate,
        asOfDate: asOf,
        gross: positive ? gross : 0n,
        fee: positive ? outcome.feeFen : 0n,
        amount: positive ? outcome.netFen : 0n,
        status,
        ruleVersionId: BigInt(resolved.versionId),
        funderAccountId: account?.id ?? null,
        note:
          status === 'carried'
            ? (outcome.reason ?? null)
            : status === 'no_account'
              ? 'the funder has no default settlement account: carried until one is added'
              : null,
        createdBy: actorText(actor),
      }))!;
      if (status !== 'made') return id;
      await postJournal(repos.ledger, {
        idempotencyKey: `remittance:${funderCode}:${businessDate}`,
        kind: 'remittance',
        effectiveDate: asOf,
        keepAccounts: true,
        ruleVersionId: BigInt(resolved.versionId),
        memo: `remittance of ${businessDate} (collections to ${asOf})`,
        entries: [
          { account: accounts.collectionsClearing(funderCode), amount: -gross },
          { account: accounts.remittanceInTransit(funderCode), amount: outcome.netFen },
          { account: accounts.platformFee(funderCode), amount: outcome.feeFen },
        ].filter((e) => e.amount !== 0n),
      });
      const batch = (await repos.remittance.batch(id))!;
      await admitParts(repos, batch, account!, outcome.netFen);
      await repos.outbox.add({
        eventId: `remittance.made:${funderCode}:${businessDate}`,
        topic: 'remittance.made',
        aggregateType: 'funder',
        aggregateId: funderCode,
        payload: {
          funderCode,
          businessDate,
          asOfDate: asOf,
          gross: fenToYuan(gross),
          fee: fenToYuan(outcome.feeFen),
          amount: fenToYuan(outcome.netFen),
        },
      });
      return id;
    });
    return batchView((await read.remittance.batch(batchId))!);
  }

  return {
    batchView,
    accountView,
    refundView,
    makeBatch,

    /** Every active funder's batch of the date (the schedule, or finance by hand). */
    async runDay(businessDate: string, actor: Actor, opts: { funderCode?: string } = {}) {
      const funders = (await read.remittance.activeFunders()).filter(
        (f) => !opts.funderCode || f.code === opts.funderCode,
      );
      if (opts.funderCode && funders.length === 0)
        throw notFound(`active funder ${opts.funderCode}`, 'funderCode');
      const batches = [];
      for (const f of funders) {
        try {
          batches.push(await makeBatch(f.code, businessDate, actor));
        } catch (error) {
          if (!(error instanceof AppError) || opts.funderCode) throw error;
          // A funder without a rule is skipped by the schedule; the others go on.
        }
      }
      return batches;
    },

    /** The funders whose cut-off has passed today and who have no batch yet (the cron's). */
    async dueNow(actor: Actor) {
      const today = clock.today();
      const time = timeOfDayIn(BUSINESS_TIME_ZONE, clock.now());
      const made = [];
      for (const f of await read.remittance.activeFunders()) {
        const resolved = await rules.resolveRule('remittance', { funderCode: f.code }, clock.now());
        if (!resolved || time < resolved.rule.cutoff) continue;
        if (await read.remittance.batchOf(f.id, today)) continue;
        made.push(await makeBatch(f.code, today, actor));
      }
      return made;
    },

    /** Pay again what failed parts of a made batch did not pay (new parts, new keys). */
    async payAgain(batchId: string, actor: Actor) {
      const batch = await read.remittance.batch(BigInt(batchId));
      if (!batch) throw notFound(`batch ${batchId}`, 'batchId');
      await transaction(async (repos) => {
        const locked = (await repos.remittance.batch(batch.id))!;
        const unpaid = locked.amount - locked.paid - locked.open;
        if (locked.status !== 'made' || unpaid <= 0n)
          throw new AppError('CONFLICT', `batch ${batchId} has nothing left to pay`, {
            field: 'batchId',
          });
        const account = await repos.remittance.defaultAccountOf(locked.funderId);
        if (!account)
          throw new AppError('UNPROCESSABLE', `${locked.funderCode} has no default account`, {
            field: 'batchId',
          });
        await admitParts(repos, locked, account, unpaid);
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'remittance.pay_again',
          entityType: 'remittance_batch',
          entityId: batchId,
          diff: { amount: fenToYuan(unpaid) },
        });
      });
      return batchView((await read.remittance.batch(batch.id))!);
    },

    async batches(f: {
      funderCode?: string;
      from?: string;
      to?: string;
      limit: number;
      cursor?: string | null;
    }) {
      const rows = await read.remittance.batches({
        ...f,
        limit: f.limit + 1,
        beforeId: f.cursor ? BigInt(f.cursor) : undefined,
      });
      const page = rows.slice(0, f.limit);
      return {
        items: page.map(batchView),
        nextCursor: rows.length > f.limit ? String(page.at(-1)!.id) : null,
      };
    },

    // Funders' settlement accounts.

    async funderAccounts(funderCode?: string) {
      return (await read.remittance.funderAccounts(funderCode)).map(accountView);
    },

    async addFunderAccount(
      input: {
        funderCode: string;
        bankCode: string;
        accountNo: string;
        accountName: string;
        isDefault: boolean;
      },
      actor: Actor,
    ) {
      const id = await transaction(async (repos) => {
        const funder = await repos.remittance.lockFunder(input.funderCode);
        if (!funder) throw notFound(`funder ${input.funderCode}`, 'funderCode');
        const payee = payouts.payeeOf({
          name: input.accountName,
          accountNo: input.accountNo,
          bankCode: input.bankCode,
        });
        const made = await repos.remittance.insertFunderAccount({
          funderId: funder.id,
          bankCode: input.bankCode,
          accountNoEnc: payee.payeeAccountEnc,
          accountNoHash: payee.payeeAccountHash,
          accountNoMask: payee.payeeAccountMask,
          accountNameEnc: payee.payeeNameEnc,
          accountNameMask: payee.payeeNameMask,
          createdBy: actorText(actor),
        });
        if (made === null)
          throw new AppError('CONFLICT', `${input.funderCode} already has this account`, {
            field: 'accountNo',
          });
        if (input.isDefault || !(await repos.remittance.defaultAccountOf(funder.id)))
          await repos.remittance.setDefaultAccount(made, funder.id);
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'funder_account.add',
          entityType: 'funder',
          entityId: input.funderCode,
          diff: { bankCode: input.bankCode, accountNo: payee.payeeAccountMask },
        });
        return made;
      });
      return accountView((await read.remittance.funderAccount(id))!);
    },

    async setFunderAccount(
      input: { id: string; action: 'make_default' | 'disable' },
      actor: Actor,
    ) {
      const account = await read.remittance.funderAccount(BigInt(input.id));
      if (!account) throw notFound(`funder account ${input.id}`, 'id');
      await transaction(async (repos) => {
        if (input.action === 'make_default')
          await repos.remittance.setDefaultAccount(account.id, account.funderId);
        else await repos.remittance.setAccountStatus(account.id, 'inactive');
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: `funder_account.${input.action}`,
          entityType: 'funder',
          entityId: account.funderCode,
          diff: { accountNo: account.accountNoMask },
        });
      });
      return accountView((await read.remittance.funderAccount(account.id))!);
    },

    // Refunds to borrowers.

    /** Ask to refund an overpayment the engine holds, to the card it came from. */
    async requestRefund(
      input:
        | { source: 'anomaly'; anomalyId: string; reason: string }
        | {
            source: 'recon_case';
            caseId: string;
            funderCode: string;
            amount: string;
            payee: { name: string; accountNo: string; bankCode: string };
            reason: string;
          },
      actor: Actor,
    ) {
      let row: Parameters<PayoutRepos['remittance']['insertRefund']>[0];
      if (input.source === 'anomaly') {
        const over = await read.remittance.overpayment(BigInt(input.anomalyId));
        if (!over)
          throw new AppError(
            'UNPROCESSABLE',
            `anomaly ${input.anomalyId} is not an overpayment held to refund`,
            {
              field: 'anomalyId',
            },
          );
        row = {
          sourceKey: `anomaly:${input.anomalyId}`,
          source: 'anomaly',
          funderId: over.funderId,
          loanId: over.loanId,
          amount: over.amount,
          payeeNameEnc: over.holderNameEnc,
          payeeNameMask: over.holderNameMask,
          payeeAccountEnc: over.cardNoEnc,
          payeeAccountMask: over.cardNoMask,
          payeeBankCode: over.bankCode,
          reason: input.reason,
          requestedBy: actorText(actor),
        };
      } else {
        // Only money a reconciliation case holds to refund, exactly that amount; the case's own
        // funder when it was an order of ours (the payee is whoever paid: finance names them).
        const held = await read.remittance.reconCaseToRefund(BigInt(input.caseId));
        if (!held)
          throw new AppError(
            'UNPROCESSABLE',
            `case ${input.caseId} is not an overage resolved by a refund`,
            { field: 'caseId' },
          );
        if (yuanToFen(input.amount) !== held.amount)
          throw new AppError(
            'UNPROCESSABLE',
            `the case holds ${fenToYuan(held.amount)} to refund, not ${input.amount}`,
            { field: 'amount' },
          );
        const funder =
          held.funderId !== null
            ? { id: held.funderId }
            : await read.remittance.lockFunder(input.funderCode);
        if (!funder) throw notFound(`funder ${input.funderCode}`, 'funderCode');
        const payee = payouts.payeeOf(input.payee);
        row = {
          sourceKey: `recon_case:${input.caseId}`,
          source: 'recon_case',
          funderId: funder.id,
          loanId: null,
          amount: yuanToFen(input.amount),
          payeeNameEnc: payee.payeeNameEnc,
          payeeNameMask: payee.payeeNameMask,
          payeeAccountEnc: payee.payeeAccountEnc,
          payeeAccountMask: payee.payeeAccountMask,
          payeeBankCode: payee.payeeBankCode,
          reason: input.reason,
          requestedBy: actorText(actor),
        };
      }
      const id = await transaction(async (repos) => {
        const made = await repos.remittance.insertRefund(row);
        if (made === null)
          throw new AppError('CONFLICT', `a refund of ${row.sourceKey} was asked for already`, {
            field: input.source === 'anomaly' ? 'anomalyId' : 'caseId',
          });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'refund.request',
          entityType: 'refund',
          entityId: String(made),
          reason: input.reason,
          diff: { source: row.sourceKey, amount: fenToYuan(row.amount) },
        });
        return made;
      });
      return refundView((await read.remittance.refund(id))!);
    },

    /**
     * Another finance user approves (the database refuses the asker): the refund becomes a
     * payout order through the one door, or rejects it.
     */
    async decideRefund(
      input: { id: string; decision: 'approve' | 'reject'; note: string },
      actor: Actor,
    ) {
      const refund = await read.remittance.refund(BigInt(input.id));
      if (!refund) throw notFound(`refund ${input.id}`, 'id');
      if (refund.requestedBy === actorText(actor))
        throw new AppError(
          'FORBIDDEN',
          'a refund is approved by someone other than who asked for it',
          {
            field: 'id',
          },
        );
      await transaction(async (repos) => {
        const decided = await repos.remittance.decideRefund({
          id: refund.id,
          status: input.decision === 'approve' ? 'approved' : 'rejected',
          decidedBy: actorText(actor),
          note: input.note,
          at: clock.now(),
        });
        if (!decided)
          throw new AppError('CONFLICT', `refund ${input.id} was decided already`, { field: 'id' });
        if (input.decision === 'approve') await admitRefundPayout(repos, refund, 1, actor);
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: `refund.${input.decision}`,
          entityType: 'refund',
          entityId: input.id,
          reason: input.note,
        });
      });
      return refundView((await read.remittance.refund(refund.id))!);
    },

    /** Pay an approved refund again after its payout failed (a new order, the next key). */
    async payRefundAgain(id: string, actor: Actor) {
      const refund = await read.remittance.refund(BigInt(id));
      if (!refund) throw notFound(`refund ${id}`, 'id');
      if (refund.status !== 'approved' || refund.payoutStatus !== 'failed')
        throw new AppError('CONFLICT', `refund ${id} has no failed payout to pay again`, {
          field: 'id',
        });
      const attempt = Number(refund.payoutNo?.split('-').at(-1) ?? '1') + 1;
      await transaction(async (repos) => {
        await admitRefundPayout(repos, refund, attempt, actor);
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'refund.pay_again',
          entityType: 'refund',
          entityId: id,
        });
      });
      return refundView((await read.remittance.refund(refund.id))!);
    },

    async refunds(f: { status?: RefundRow['status']; limit: number; cursor?: string | null }) {
      const rows = await read.remittance.refunds({
        status: f.status,
        limit: f.limit + 1,
        beforeId: f.cursor ? BigInt(f.cursor) : undefined,
      });
      const page = rows.slice(0, f.limit);
      return {
        items: page.map(refundView),
        nextCursor: rows.length > f.limit ? String(page.at(-1)!.id) : null,
      };
    },
  };
}

export type Remittance = ReturnType<typeof createRemittance>;
