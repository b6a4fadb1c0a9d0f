// One interface for every payment channel (the provider pattern): the engine talks
// to channels only through it, and keeps the raw code and message of every answer.
import type { ChannelResultClass } from '@repay/rules';

export interface ChannelAnswer<T = Record<string, unknown>> {
  /** What we do with it (docs/domain.md): anything we cannot classify is `pending`. */
  resultClass: ChannelResultClass;
  rawCode: string;
  rawMessage: string;
  data: T;
  /** How long the channel took to answer, the wait for a slot not counted (gated calls). */
  latencyMs?: number;
  /**
   * Whether the channel holds an order of this id, where the answer says (debits, queries,
   * notifications): false — a query's "no such order", or a debit turned away busy (nothing
   * was made); true — it has the order (a result, processing, a duplicate); undefined — the
   * answer does not say (a timeout, a refused query, an unknown code). A fact the adapter
   * reads off the channel's own codes, not guessed from the class.
   */
  channelHasOrder?: boolean;
}

export interface ChannelEndpoint {
  code: string;
  baseUrl: string;
  merchant: string;
  secret: string;
  /** Which raw code vocabulary the channel answers in. */
  vocabulary: string;
  timeoutMs: number;
}

export interface ChannelAdapter {
  preBind(input: {
    cardNo: string;
    name: string;
    idNo: string;
    mobile: string;
    bankCode: string;
  }): Promise<ChannelAnswer<{ bindToken?: string }>>;
  confirmBind(input: {
    bindToken: string;
    smsCode: string;
  }): Promise<ChannelAnswer<{ protocolNo?: string }>>;
  unbind(input: { protocolNo: string }): Promise<ChannelAnswer>;
  debit(input: {
    orderId: string;
    protocolNo: string;
    amountFen: bigint;
    notifyUrl?: string;
  }): Promise<ChannelAnswer<OrderState>>;
  payout(input: {
    orderId: string;
    accountNo: string;
    accountName: string;
    bankCode: string;
    amountFen: bigint;
    notifyUrl?: string;
  }): Promise<ChannelAnswer<OrderState>>;
  query(input: { orderId: string }): Promise<ChannelAnswer<OrderState>>;
  balance(): Promise<ChannelAnswer<{ balanceFen?: bigint }>>;
  fetchStatement(date: string): Promise<string>;
  /** A notification body the channel pushed to us: verified and classified, or null if forged. */
  verifyNotification(input: {
    headers: Record<string, string | undefined>;
    body: string;
    nowMs: number;
  }): ChannelAnswer<OrderState> | null;
}

export interface OrderState {
  orderId?: string;
  amountFen?: bigint;
  feeFen?: bigint;
  channelSerial?: string;
}
