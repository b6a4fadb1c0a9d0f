// The adapter for apps/channel-sandbox's HTTP protocol: signed JSON both ways. A timeout,
// a network error or an answer whose signature does not verify is `pending`: we do not
// know what the channel did, so the order is queried later and never re-sent blindly.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { channelHasOrder, classify } from './classification';
import { httpTransport, type ChannelResponse, type ChannelTransport } from './transport';
import type { ChannelAdapter, ChannelAnswer, ChannelEndpoint, OrderState } from './channels.types';

const H_MERCHANT = 'x-sandbox-merchant';
const H_TIMESTAMP = 'x-sandbox-timestamp';
const H_SIGNATURE = 'x-sandbox-signature';
const WINDOW_SECONDS = 300;

// The secret as a key object, made once per adapter: HMAC with a string secret prepares the
// key anew on every call (a fifth of a signature's cost; four signatures per debit).
const hmac = (secret: KeyObject, timestamp: string, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

function signatureHolds(
  secret: KeyObject,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A request body: strings and numbers only (amounts converted by wireAmount). */
type WirePayload = Readonly<Record<string, string | number | undefined>>;

/** Fen as the protocol's JSON number; an amount a number cannot hold exactly is refused. */
function wireAmount(fen: bigint): number {
  const n = Number(fen);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${fen} fen cannot be sent exactly`);
  return n;
}

/** Answers we could not read: the class is pending, the raw code says why. */
const unknownAnswer = (rawCode: string, rawMessage: string): ChannelAnswer<never> => ({
  resultClass: 'pending',
  rawCode,
  rawMessage,
  data: {} as never,
});

/** A code or message field: strings and numbers as they are, anything else empty. */
const fieldText = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function orderState(body: Record<string, unknown>): OrderState {
  const big = (v: unknown) =>
    typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined;
  return {
    orderId: typeof body.orderId === 'string' ? body.orderId : undefined,
    amountFen: big(body.amount),
    feeFen: big(body.fee),
    channelSerial: typeof body.channelSerial === 'string' ? body.channelSerial : undefined,
  };
}

export function createSandboxAdapter(
  endpoint: ChannelEndpoint,
  now: () => number = Date.now,
  transport: ChannelTransport = httpTransport,
): ChannelAdapter {
  const secret = createSecretKey(Buffer.from(endpoint.secret, 'utf8'));
  const headersFor = (body: string) => {
    const timestamp = String(Math.floor(now() / 1000));
    return {
      [H_MERCHANT]: endpoint.merchant,
      [H_TIMESTAMP]: timestamp,
      [H_SIGNATURE]: hmac(secret, timestamp, body),
    };
  };

  async function call(
    method: 'GET' | 'POST',
    path: string,
    payload?: WirePayload,
  ): Promise<ChannelAnswer<Record<string, unknown>>> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    let res: ChannelResponse;
    try {
      res = await transport({
        method,
        url: `${endpoint.baseUrl}/ch/${endpoint.code}/${path}`,
        headers: {
          ...headersFor(body),
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        body: method === 'POST' ? body : undefined,
        timeoutMs: endpoint.timeoutMs,
      });
    } catch (error) {
      const name = (error as Error).name;
      return unknownAnswer(
        name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK_ERROR',
        (error as Error).message,
      );
    }
    const timed = res.latencyMs === undefined ? {} : { latencyMs: res.latencyMs };
    const text = res.text;
    const timestamp = res.header(H_TIMESTAMP) ?? '';
    if (!signatureHolds(secret, timestamp, text, res.header(H_SIGNATURE) ?? '')) {
      return {
        ...unknownAnswer('BAD_SIGNATURE', `answer of HTTP ${res.status} failed verification`),
        ...timed,
      };
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { ...unknownAnswer('BAD_BODY', 'answer is not JSON'), ...timed };
    }
    const rawCode = fieldText(parsed.code);
    const rawMessage = fieldText(parsed.msg);
    return {
      resultClass: classify(endpoint.vocabulary, rawCode),
      rawCode,
      rawMessage,
      data: parsed,
      ...timed,
    };
  }

  /** An answer about an order: its state, and whether the channel holds the order at all. */
  const withOrder = (
    a: ChannelAnswer<Record<string, unknown>>,
    operation: 'debit' | 'query',
  ): ChannelAnswer<OrderState> => {
    // Our own codes (TIMEOUT, BAD_SIGNATURE, …) are no channel's: they say nothing.
    const held = channelHasOrder(endpoint.vocabulary, operation, a.rawCode, a.resultClass);
    return {
      ...a,
      data: orderState(a.data),
      ...(held === undefined ? {} : { channelHasOrder: held }),
    };
  };

  return {
    async preBind(input) {
      const a = await call('POST', 'bind/pre', input);
      return {
        ...a,
        data: { bindToken: typeof a.data.bindToken === 'string' ? a.data.bindToken : undefined },
      };
    },
    async confirmBind(input) {
      const a = await call('POST', 'bind/confirm', input);
      return {
        ...a,
        data: { protocolNo: typeof a.data.protocolNo === 'string' ? a.data.protocolNo : undefined },
      };
    },
    unbind: (input) => call('POST', 'unbind', input),
    async debit(input) {
      return withOrder(
        await call('POST', 'debit', {
          orderId: input.orderId,
          protocolNo: input.protocolNo,
          amount: wireAmount(input.amountFen),
          notifyUrl: input.notifyUrl,
        }),
        'debit',
      );
    },
    async payout(input) {
      const { amountFen, ...rest } = input;
      return withOrder(
        await call('POST', 'payout', { ...rest, amount: wireAmount(amountFen) }),
        'debit',
      );
    },
    async query(input) {
      return withOrder(await call('POST', 'query', input), 'query');
    },
    async balance() {
      const a = await call('GET', 'balance');
      return {
        ...a,
        data: {
          balanceFen: typeof a.data.balance === 'number' ? BigInt(a.data.balance) : undefined,
        },
      };
    },
    async fetchStatement(date) {
      const res = await transport({
        method: 'GET',
        url: `${endpoint.baseUrl}/ch/${endpoint.code}/statement?date=${encodeURIComponent(date)}`,
        headers: headersFor(''),
        timeoutMs: endpoint.timeoutMs * 3,
      });
      if (res.status !== 200 || !(res.header('content-type') ?? '').startsWith('text/csv')) {
        throw new Error(`statement ${endpoint.code} ${date}: HTTP ${res.status}`);
      }
      return res.text;
    },
    verifyNotification({ headers, body, nowMs }) {
      const timestamp = headers[H_TIMESTAMP] ?? '';
      if (headers[H_MERCHANT] !== endpoint.merchant) return null;
      if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > WINDOW_SECONDS)
        return null;
      if (!signatureHolds(secret, timestamp, body, headers[H_SIGNATURE] ?? '')) return null;
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return null;
      }
      const rawCode = fieldText(parsed.code);
      return {
        resultClass: classify(endpoint.vocabulary, rawCode),
        rawCode,
        rawMessage: fieldText(parsed.msg),
        data: orderState(parsed),
        // The channel tells us about an order it holds.
        channelHasOrder: true,
      };
    },
  };
}
