// Positions (头寸): our accounts at the payout channels. usable = balance − reserved − buffer.
// Finance opens an account, records top-ups and transfers between accounts, sets the buffer;
// the balance is synced from the channel (on a schedule and on demand) and the difference from
// what we tracked is recorded as drift. The top-up alert (调拨) is what queued payouts wait for
// at each account, against what it can pay.
import { fenToYuan, yuanToFen } from '@repay/rules';
import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Transactor } from '../../lib/transaction';
import type { ChannelRouting } from '../channels';
import type { Actor } from '../events';
import type { PayoutAccountRow, PositionMovementRow } from './payouts.repo';
import { actorText, type PayoutRepos } from './payouts.service';

const entryKey = (kind: string) => `${kind}:${randomBytes(9).toString('hex')}`;

export function createPositions(deps: {
  read: PayoutRepos;
  transaction: Transactor<PayoutRepos>;
  routing: ChannelRouting;
  clock: Clock;
}) {
  const { read, transaction, routing, clock } = deps;

  const accountView = (a: PayoutAccountRow) => ({
    id: String(a.id),
    channelCode: a.channelCode,
    balance: fenToYuan(a.balance),
    reserved: fenToYuan(a.reserved),
    buffer: fenToYuan(a.buffer),
    usable: fenToYuan(a.usable),
    status: a.status,
    syncedAt: a.syncedAt?.toISOString() ?? null,
  });

  const movementView = (m: PositionMovementRow) => ({
    id: String(m.id),
    channelCode: m.channelCode,
    kind: m.kind,
    amount: fenToYuan(m.amount),
    balanceAfter: fenToYuan(m.balanceAfter),
    reservedAfter: fenToYuan(m.reservedAfter),
    bufferAfter: fenToYuan(m.bufferAfter),
    usableAfter: fenToYuan(m.balanceAfter - m.reservedAfter - m.bufferAfter),
    payoutNo: m.payoutNo,
    reason: m.reason,
    actor: m.actor,
    at: new Date(m.createdAt).toISOString(),
  });

  async function requireAccount(channelCode: string) {
    const a = await read.payouts.accountOf(channelCode);
    if (!a) throw notFound(`payout account at ${channelCode}`, 'channelCode');
    return a;
  }

  async function audit(
    repos: PayoutRepos,
    actor: Actor,
    action: string,
    channelCode: string,
    diff: Record<string, unknown>,
    reason?: string,
  ) {
    await repos.audit.record({
      actorType: actor.type,
      actorId: actor.id,
      action,
      entityType: 'payout_account',
      entityId: channelCode,
      reason,
      diff,
    });
  }

  /**
   * Take the channel's balance as the account's: the difference from what we tracked (drift)
   * is recorded and reported. An answer without a balance changes nothing.
   */
  async function sync(channelCode: string, actor: Actor) {
    const a = await requireAccount(channelCode);
    const answer = await routing.balanceOf(channelCode);
    const reported = answer.data.balanceFen;
    if (answer.resultClass !== 'success' || reported === undefined)
      return {
        channelCode,
        synced: false,
        message: `${answer.rawCode} ${answer.rawMessage}`.trim(),
        drift: null,
        account: accountView(a),
      };
    let drift = 0n;
    await transaction(async (repos) => {
      const locked = (await repos.payouts.account(a.id, { lock: true }))!;
      drift = reported - locked.balance;
      if (drift !== 0n)
        await repos.payouts.move({
          accountId: a.id,
          movementKey: entryKey('sync'),
          kind: 'sync',
          balanceDelta: drift,
          reservedDelta: 0n,
          reason: `channel reports ${fenToYuan(reported)}`,
          actor: actorText(actor),
          at: clock.now(),
        });
      await repos.payouts.markSynced(a.id, clock.now());
    });
    return {
      channelCode,
      synced: true,
      message: null,
      drift: fenToYuan(drift),
      account: accountView(await requireAccount(channelCode)),
    };
  }

  return {
    accountView,

    /** Every account, with what queued payouts wait for at it (the top-up alert). */
    async overview() {
      const [accounts, waiting] = await Promise.all([
        read.payouts.accounts(),
        read.payouts.waitingByAccount(),
      ]);
      const waitingAt = new Map(waiting.map((w) => [w.channelCode, w]));
      return {
        accounts: accounts.map((a) => {
          const w = waitingAt.get(a.channelCode);
          const due = w?.amount ?? 0n;
          const shortfall = due > a.usable ? due - (a.usable > 0n ? a.usable : 0n) : 0n;
          return {
            ...accountView(a),
            waitingCount: w?.count ?? 0,
            waitingAmount: fenToYuan(due),
            shortfall: fenToYuan(shortfall),
            neededSince: shortfall > 0n ? (w?.oldest.toISOString() ?? null) : null,
          };
        }),
        /** Queued payouts no account's channel takes at all (a bank no route supports). */
        unrouted: (() => {
          const w = waitingAt.get(null);
          return { count: w?.count ?? 0, amount: fenToYuan(w?.amount ?? 0n) };
        })(),
      };
    },

    async open(input: { channelCode: string; buffer: string }, actor: Actor) {
      const bufferFen = yuanToFen(input.buffer);
      await transaction(async (repos) => {
        const id = await repos.payouts.createAccount(input.channelCode, bufferFen);
        if (id === null)
          throw new AppError('CONFLICT', `${input.channelCode} already has a payout account`, {
            field: 'channelCode',
          });
        await audit(repos, actor, 'position.open', input.channelCode, { buffer: input.buffer });
      });
      return accountView(await requireAccount(input.channelCode));
    },

    /** Money put into the account (调拨 in from outside): the balance grows. */
    async topUp(input: { channelCode: string; amount: string; reason: string }, actor: Actor) {
      const a = await requireAccount(input.channelCode);
      const amount = yuanToFen(input.amount);
      await transaction(async (repos) => {
        await repos.payouts.move({
          accountId: a.id,
          movementKey: entryKey('top_up'),
          kind: 'top_up',
          balanceDelta: amount,
          reservedDelta: 0n,
          reason: input.reason,
          actor: actorText(actor),
          at: clock.now(),
        });
        await audit(
          repos,
          actor,
          'position.top_up',
          a.channelCode,
          { amount: input.amount },
          input.reason,
        );
      });
      return accountView(await requireAccount(input.channelCode));
    },

    /** Money moved from one account to another: only what the source can spare (its usable). */
    async transfer(
      input: { from: string; to: string; amount: string; reason: string },
      actor: Actor,
    ) {
      if (input.from === input.to)
        throw new AppError('VALIDATION_FAILED', 'the accounts must differ', { field: 'to' });
      const [from, to] = await Promise.all([requireAccount(input.from), requireAccount(input.to)]);
      const amount = yuanToFen(input.amount);
      const key = randomBytes(9).toString('hex');
      await transaction(async (repos) => {
        // Both rows locked in id order: two transfers the other way round cannot deadlock.
        for (const id of [from.id, to.id].sort((x, y) => (x < y ? -1 : 1)))
          await repos.payouts.account(id, { lock: true });
        const source = await repos.payouts.account(from.id);
        if (!source || source.usable < amount)
          throw new AppError(
            'UNPROCESSABLE',
            `${input.from} can spare ${fenToYuan(source?.usable ?? 0n)}, not ${input.amount}`,
            { field: 'amount' },
          );
        await repos.payouts.move({
          accountId: from.id,
          movementKey: `transfer_out:${key}`,
          kind: 'transfer_out',
          balanceDelta: -amount,
          reservedDelta: 0n,
          reason: `${input.reason} → ${input.to}`,
          actor: actorText(actor),
          at: clock.now(),
        });
        await repos.payouts.move({
          accountId: to.id,
          movementKey: `transfer_in:${key}`,
          kind: 'transfer_in',
          balanceDelta: amount,
          reservedDelta: 0n,
          reason: `${input.reason} ← ${input.from}`,
          actor: actorText(actor),
          at: clock.now(),
        });
        await audit(
          repos,
          actor,
          'position.transfer',
          input.from,
          { to: input.to, amount: input.amount },
          input.reason,
        );
      });
      return {
        from: accountView(await requireAccount(input.from)),
        to: accountView(await requireAccount(input.to)),
      };
    },

    async setBuffer(input: { channelCode: string; buffer: string; reason: string }, actor: Actor) {
      const a = await requireAccount(input.channelCode);
      const delta = yuanToFen(input.buffer) - a.buffer;
      await transaction(async (repos) => {
        await repos.payouts.move({
          accountId: a.id,
          movementKey: entryKey('buffer'),
          kind: 'buffer',
          balanceDelta: 0n,
          reservedDelta: 0n,
          bufferDelta: delta,
          reason: input.reason,
          actor: actorText(actor),
          at: clock.now(),
        });
        await audit(
          repos,
          actor,
          'position.buffer',
          a.channelCode,
          { buffer: { from: fenToYuan(a.buffer), to: input.buffer } },
          input.reason,
        );
      });
      return accountView(await requireAccount(input.channelCode));
    },

    sync,

    /** Sync every active account (the schedule); one channel's failure does not stop the rest. */
    async syncAll(actor: Actor) {
      const accounts = (await read.payouts.accounts()).filter((a) => a.status === 'active');
      const results = [];
      for (const a of accounts) {
        try {
          results.push(await sync(a.channelCode, actor));
        } catch (error) {
          results.push({
            channelCode: a.channelCode,
            synced: false,
            message: (error as Error).message,
            drift: null,
            account: accountView(a),
          });
        }
      }
      return results;
    },

    async movements(input: {
      channelCode?: string;
      days?: number;
      limit: number;
      cursor?: string | null;
    }) {
      const account = input.channelCode ? await requireAccount(input.channelCode) : null;
      const from = input.days
        ? new Date(clock.now().getTime() - input.days * 24 * 3600 * 1000)
        : undefined;
      const rows = await read.payouts.movements({
        accountId: account?.id,
        from,
        limit: input.limit + 1,
        beforeId: input.cursor ? BigInt(input.cursor) : undefined,
      });
      const page = rows.slice(0, input.limit);
      return {
        items: page.map(movementView),
        nextCursor: rows.length > input.limit ? String(page.at(-1)!.id) : null,
      };
    },

    /** Reserved per account against the unfinished orders' reservations (must be equal). */
    async reservationCheck() {
      const [accounts, byOrders] = await Promise.all([
        read.payouts.accounts(),
        read.payouts.reservedByOrders(),
      ]);
      return accounts.map((a) => ({
        channelCode: a.channelCode,
        reserved: a.reserved,
        byOrders: byOrders.get(a.id) ?? 0n,
      }));
    },
  };
}

export type Positions = ReturnType<typeof createPositions>;
