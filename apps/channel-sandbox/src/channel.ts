// One sandbox channel instance: binding (pre-bind → SMS code → confirm → protocolNo),
// debits and payouts with the test-card behaviours, idempotency on the merchant order id,
// pending orders that resolve later, and the ledger its statement files are made from.
import { randomBytes } from 'node:crypto';
import { accountBehaviourOf, behaviourOf, openingBalanceFen, type CardBehaviour } from './cards';
import {
  DEFAULT_PROFILE,
  type Agreement,
  type Binding,
  type InstanceConfig,
  type Order,
  type Profile,
  type SmsRecord,
} from './state';
import type { Outcome } from './vocabularies';

export const SANDBOX_SMS_CODE = '123456';

export interface ChannelState {
  profile: Profile;
  bindings: Binding[];
  agreements: Agreement[];
  orders: Order[];
  cardBalances: [string, number][];
  accountBalanceFen: number;
  serial: number;
}

export interface Answer {
  outcome: Outcome;
  data?: Record<string, unknown>;
  /** Hold the HTTP response back this long (a timeout seen by the caller). */
  holdMs?: number;
}

/** mulberry32: reproducible randomness for ratios and latency. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so its calendar date is the
// UTC date eight hours later: arithmetic, where a time-zone formatter costs microseconds a call
// (the sandbox dates every debit at least twice).
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

const DAY_MS = 24 * 3600 * 1000;
// The last day asked for: nearly every call is about today.
let lastDay = { from: 0, to: 0, date: '' };

export function businessDate(ms: number): string {
  if (ms >= lastDay.from && ms < lastDay.to) return lastDay.date;
  const from = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  lastDay = {
    from,
    to: from + DAY_MS,
    date: new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10),
  };
  return lastDay.date;
}

export class SandboxChannel {
  profile: Profile = structuredClone(DEFAULT_PROFILE);
  readonly bindings = new Map<string, Binding>();
  readonly agreements = new Map<string, Agreement>();
  readonly orders = new Map<string, Order>();
  private readonly debitsByCard = new Map<string, Order[]>();
  /** Orders that resolve later by themselves (pending): the tick looks only at these. */
  private readonly unresolved = new Set<Order>();
  readonly cardBalances = new Map<string, number>();
  /** Merchant account balance at the channel (collections in, payouts and fees out). */
  accountBalanceFen = 100_000_000_00;
  inFlight = 0;
  /** The most requests it had in flight at once, and how many it turned away busy (tests). */
  peakInFlight = 0;
  busyAnswers = 0;
  private serial = 0;
  private readonly random: () => number;

  constructor(
    readonly config: InstanceConfig,
    private readonly now: () => number,
    private readonly sms: SmsRecord[],
    private readonly onFinal: (order: Order) => void,
  ) {
    let seed = 7;
    for (const ch of config.code) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
    this.random = prng(seed);
  }

  /** Everything the instance remembers, as plain JSON (persistence across restarts). */
  exportState(): ChannelState {
    return {
      profile: this.profile,
      bindings: [...this.bindings.values()],
      agreements: [...this.agreements.values()],
      orders: [...this.orders.values()],
      cardBalances: [...this.cardBalances.entries()],
      accountBalanceFen: this.accountBalanceFen,
      serial: this.serial,
    };
  }

  importState(state: ChannelState): void {
    this.profile = { ...structuredClone(DEFAULT_PROFILE), ...state.profile };
    this.bindings.clear();
    for (const b of state.bindings) this.bindings.set(b.token, b);
    this.agreements.clear();
    for (const a of state.agreements) this.agreements.set(a.protocolNo, a);
    this.orders.clear();
    this.debitsByCard.clear();
    this.unresolved.clear();
    for (const o of state.orders) this.remember(o);
    this.cardBalances.clear();
    for (const [card, fen] of state.cardBalances) this.cardBalances.set(card, fen);
    this.accountBalanceFen = state.accountBalanceFen;
    this.serial = state.serial;
  }

  /** A debit or payout turned away busy by chance (the profile's busyRatio), whatever the load. */
  turnsAway(): boolean {
    return this.profile.busyRatio > 0 && this.random() < this.profile.busyRatio;
  }

  latency(): number {
    const { min, max } = this.profile.latencyMs;
    return min + Math.floor(this.random() * Math.max(0, max - min));
  }

  preBind(input: {
    cardNo: string;
    name: string;
    idNo: string;
    mobile: string;
    bankCode: string;
  }): Answer {
    if (!this.config.banks.includes(input.bankCode))
      return { outcome: 'PARAM_ERROR', data: { reason: `bank ${input.bankCode} not supported` } };
    const token = `bt_${randomBytes(8).toString('hex')}`;
    this.bindings.set(token, {
      ...input,
      token,
      smsCode: SANDBOX_SMS_CODE,
      createdAt: this.now(),
      confirmed: false,
    });
    this.sms.push({
      mobile: input.mobile,
      code: SANDBOX_SMS_CODE,
      at: this.now(),
      instance: this.config.code,
    });
    return { outcome: 'SUCCESS', data: { bindToken: token } };
  }

  confirmBind(input: { bindToken: string; smsCode: string }): Answer {
    const binding = this.bindings.get(input.bindToken);
    if (!binding || binding.confirmed)
      return { outcome: 'PARAM_ERROR', data: { reason: 'unknown or used bindToken' } };
    if (input.smsCode !== binding.smsCode) return { outcome: 'BIND_CODE_WRONG' };
    binding.confirmed = true;
    // One agreement per card at a channel: binding again returns the same protocolNo.
    const existing = [...this.agreements.values()].find(
      (a) => a.cardNo === binding.cardNo && a.status === 'active',
    );
    if (existing) return { outcome: 'SUCCESS', data: { protocolNo: existing.protocolNo } };
    const protocolNo = `${this.config.code.toUpperCase().replace(/[^A-Z]/g, '')}P${randomBytes(6).toString('hex').toUpperCase()}`;
    this.agreements.set(protocolNo, {
      protocolNo,
      cardNo: binding.cardNo,
      bankCode: binding.bankCode,
      status: 'active',
      createdAt: this.now(),
    });
    return { outcome: 'SUCCESS', data: { protocolNo } };
  }

  unbind(input: { protocolNo: string }): Answer {
    const agreement = this.agreements.get(input.protocolNo);
    if (!agreement || agreement.status !== 'active') return { outcome: 'NO_AGREEMENT' };
    agreement.status = 'unbound';
    return { outcome: 'SUCCESS' };
  }

  private nextSerial(): string {
    this.serial += 1;
    return `${this.config.code}-${businessDate(this.now()).replaceAll('-', '')}-${String(this.serial).padStart(8, '0')}`;
  }

  private feeOf(amountFen: number): number {
    return Math.max(
      this.config.fee.minFen,
      Math.floor((amountFen * this.config.fee.perMille) / 1000),
    );
  }

  /** Every order by its id, and debits by card too (daily limits look at one card's). */
  private remember(order: Order): void {
    this.orders.set(order.orderId, order);
    if (order.status === 'processing' && order.resolveAt !== null) this.unresolved.add(order);
    if (order.type !== 'debit') return;
    const ofCard = this.debitsByCard.get(order.cardNo);
    if (ofCard) ofCard.push(order);
    else this.debitsByCard.set(order.cardNo, [order]);
  }

  private debitedToday(cardNo: string): number {
    const today = businessDate(this.now());
    let sum = 0;
    for (const o of this.debitsByCard.get(cardNo) ?? []) {
      if (o.status === 'success' && o.finishedAt !== null && businessDate(o.finishedAt) === today)
        sum += o.amountFen;
    }
    return sum;
  }

  /** Replays of a merchant order id: same parameters → the original answer; else a duplicate error. */
  private replay(orderId: string, paramsKey: string): Answer | null {
    const order = this.orders.get(orderId);
    if (!order) return null;
    if (order.paramsKey !== paramsKey) return { outcome: 'DUPLICATE_ORDER' };
    return { outcome: order.outcome, data: this.orderData(order) };
  }

  orderData(order: Order): Record<string, unknown> {
    return {
      orderId: order.orderId,
      status: order.status,
      amount: order.amountFen,
      fee: order.feeFen,
      channelSerial: order.channelSerial,
    };
  }

  debit(input: {
    orderId: string;
    protocolNo: string;
    amount: number;
    notifyUrl?: string;
  }): Answer {
    const paramsKey = `debit|${input.protocolNo}|${input.amount}`;
    const replayed = this.replay(input.orderId, paramsKey);
    if (replayed) return replayed;
    const agreement = this.agreements.get(input.protocolNo);
    if (!agreement || agreement.status !== 'active') return { outcome: 'NO_AGREEMENT' };
    const behaviour = behaviourOf(agreement.cardNo);
    const limits = this.profile.bankLimits[agreement.bankCode];
    const overLimit = (): Outcome | null => {
      if (behaviour === 'over_single_limit' || (limits && input.amount > limits.singleFen))
        return 'OVER_SINGLE_LIMIT';
      if (limits && this.debitedToday(agreement.cardNo) + input.amount > limits.dailyFen)
        return 'OVER_DAILY_LIMIT';
      return null;
    };
    return this.place(
      {
        orderId: input.orderId,
        type: 'debit',
        paramsKey,
        amountFen: input.amount,
        bankCode: agreement.bankCode,
        cardNo: agreement.cardNo,
        notifyUrl: input.notifyUrl ?? null,
      },
      behaviour,
      overLimit,
      () => this.cardBalance(agreement.cardNo) >= input.amount,
    );
  }

  payout(input: {
    orderId: string;
    accountNo: string;
    accountName: string;
    bankCode: string;
    amount: number;
    notifyUrl?: string;
  }): Answer {
    const paramsKey = `payout|${input.accountNo}|${input.amount}`;
    const replayed = this.replay(input.orderId, paramsKey);
    if (replayed) return replayed;
    return this.place(
      {
        orderId: input.orderId,
        type: 'payout',
        paramsKey,
        amountFen: input.amount,
        bankCode: input.bankCode,
        cardNo: input.accountNo,
        notifyUrl: input.notifyUrl ?? null,
      },
      accountBehaviourOf(input.accountNo),
      () => null,
      () => this.payableFen() >= input.amount + this.feeOf(input.amount),
    );
  }

  /**
   * What the merchant account can still pay out: its balance less the payouts accepted,
   * pending and going to succeed (the channel holds their money back, as real ones freeze it).
   */
  private payableFen(): number {
    let held = 0;
    for (const o of this.unresolved)
      if (o.type === 'payout' && o.status === 'processing' && o.finalOutcome === 'SUCCESS')
        held += o.amountFen + this.feeOf(o.amountFen);
    return this.accountBalanceFen - held;
  }

  /**
   * A new debit or payout, the same way for both: the test tail decides first, then the
   * kind's own limits, then whether an ordinary card or account has the money. Then it is
   * answered at once, or "processing" and resolved later, or held back past the caller's
   * timeout; ordinary ones by the profile's ratios.
   */
  private place(
    fields: Pick<
      Order,
      'orderId' | 'type' | 'paramsKey' | 'amountFen' | 'bankCode' | 'cardNo' | 'notifyUrl'
    >,
    behaviour: CardBehaviour,
    overLimit: () => Outcome | null,
    funded: () => boolean,
  ): Answer {
    let finalOutcome: Outcome = 'SUCCESS';
    if (behaviour === 'insufficient') finalOutcome = 'INSUFFICIENT_FUNDS';
    else if (behaviour === 'frozen') finalOutcome = 'CARD_FROZEN';
    else {
      const limited = overLimit();
      if (limited) finalOutcome = limited;
      else if (behaviour === 'pending_then_failure') finalOutcome = 'INSUFFICIENT_FUNDS';
      else if (behaviour === 'by_balance' && !funded()) finalOutcome = 'INSUFFICIENT_FUNDS';
    }

    const pending =
      behaviour === 'pending_then_success' ||
      behaviour === 'pending_then_failure' ||
      (behaviour === 'by_balance' && this.random() < this.profile.pendingRatio);
    const timedOut =
      behaviour === 'timeout_but_succeeded' ||
      (behaviour === 'by_balance' && this.random() < this.profile.timeoutRatio);

    const now = this.now();
    const order: Order = {
      ...fields,
      feeFen: 0,
      status: 'processing',
      outcome: 'PROCESSING',
      finalOutcome,
      channelSerial: this.nextSerial(),
      createdAt: now,
      resolveAt: pending ? now + this.profile.pendingResolveMs : null,
      finishedAt: null,
    };
    this.remember(order);
    if (!pending) this.finish(order);
    return {
      outcome: order.outcome,
      data: this.orderData(order),
      holdMs: timedOut ? this.profile.timeoutHoldMs : undefined,
    };
  }

  cardBalance(cardNo: string): number {
    return this.cardBalances.get(cardNo) ?? openingBalanceFen(cardNo);
  }

  /** Apply the final outcome: money moves only on success. */
  private finish(order: Order): void {
    order.outcome = order.finalOutcome;
    order.status = order.finalOutcome === 'SUCCESS' ? 'success' : 'failed';
    order.finishedAt = this.now();
    if (order.status === 'success') {
      order.feeFen = this.feeOf(order.amountFen);
      if (order.type === 'debit') {
        this.cardBalances.set(order.cardNo, this.cardBalance(order.cardNo) - order.amountFen);
        this.accountBalanceFen += order.amountFen - order.feeFen;
      } else {
        this.accountBalanceFen -= order.amountFen + order.feeFen;
      }
    }
    this.onFinal(order);
  }

  /** Resolve pending orders whose time has come (on query, and from the background tick). */
  settleDue(): void {
    const now = this.now();
    for (const order of this.unresolved) {
      if (order.status !== 'processing') this.unresolved.delete(order);
      else if (order.resolveAt !== null && order.resolveAt <= now) {
        this.unresolved.delete(order);
        this.finish(order);
      }
    }
  }

  query(input: { orderId: string }): Answer {
    this.settleDue();
    const order = this.orders.get(input.orderId);
    if (!order) return { outcome: 'ORDER_NOT_FOUND' };
    return { outcome: order.outcome, data: this.orderData(order) };
  }
}
