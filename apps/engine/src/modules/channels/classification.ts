// Raw channel codes → result classes, per vocabulary, as data. A code missing here is
// `pending`: unknown is not failure (docs/domain.md), so it is queried, never retried or failed.
import type { ChannelResultClass } from '@repay/rules';

export const CLASSIFICATIONS: Record<string, Record<string, ChannelResultClass>> = {
  // 宝付-like (sandbox-a)
  baofoo: {
    '0000': 'success',
    BF00100: 'pending',
    BF00112: 'pending',
    BF00313: 'fail_funds',
    BF00315: 'fail_funds',
    BF00316: 'fail_funds',
    BF00311: 'fail_card',
    BF00312: 'fail_card',
    BF00401: 'fail_request',
    BF00402: 'fail_request',
    BF00501: 'fail_request',
    BF00201: 'duplicate',
    BF00202: 'fail_request',
    BF00999: 'fail_request',
  },
  // 通联-like (sandbox-b)
  allinpay: {
    '0000': 'success',
    '2000': 'pending',
    '2008': 'pending',
    '3051': 'fail_funds',
    '3061': 'fail_funds',
    '3065': 'fail_funds',
    '3054': 'fail_card',
    '3058': 'fail_card',
    '1001': 'fail_request',
    '1002': 'fail_request',
    '3080': 'fail_request',
    '3045': 'duplicate',
    '3046': 'fail_request',
    // "系统错误": the channel does not know either; treat as unknown.
    '3999': 'pending',
  },
  // 银联-like (sandbox-c)
  unionpay: {
    '00': 'success',
    '05': 'pending',
    '96': 'pending',
    '51': 'fail_funds',
    '61': 'fail_funds',
    '65': 'fail_funds',
    '14': 'fail_card',
    '40': 'fail_card',
    A0: 'fail_request',
    '30': 'fail_request',
    '55': 'fail_request',
    '94': 'duplicate',
    '25': 'fail_request',
    '91': 'fail_request',
  },
};

export function classify(vocabulary: string, rawCode: string): ChannelResultClass {
  const table = CLASSIFICATIONS[vocabulary];
  if (!table || !Object.prototype.hasOwnProperty.call(table, rawCode)) return 'pending';
  return table[rawCode]!;
}

/**
 * What a channel's codes say about the order itself, beyond the class: `notFound`, a query's
 * "no such order" (it never got it, or not yet); `turnedAway`, a request refused before the
 * channel made anything (busy: no order was created); `processing`, it holds the order and has
 * no result yet. Per vocabulary, as data, like the classes.
 */
export const ORDER_CODES: Record<
  string,
  { notFound: string[]; turnedAway: string[]; processing: string[] }
> = {
  baofoo: { notFound: ['BF00202'], turnedAway: ['BF00112'], processing: ['BF00100'] },
  allinpay: { notFound: ['3046'], turnedAway: ['2008'], processing: ['2000'] },
  unionpay: { notFound: ['25'], turnedAway: ['96'], processing: ['05'] },
};

/**
 * Whether the channel holds an order of this id, as far as one answer says: true for a result,
 * "processing" or "duplicate order" (it has one with this id); false for a query's "no such
 * order" and a debit turned away busy (it made none); undefined when the answer does not say
 * (a query refused for another reason, a timeout, a code nobody knows).
 */
export function channelHasOrder(
  vocabulary: string,
  operation: 'debit' | 'query',
  rawCode: string,
  resultClass: ChannelResultClass,
): boolean | undefined {
  const codes = ORDER_CODES[vocabulary];
  if (!codes) return undefined;
  if (operation === 'query' && codes.notFound.includes(rawCode)) return false;
  if (operation === 'debit' && codes.turnedAway.includes(rawCode)) return false;
  if (codes.processing.includes(rawCode)) return true;
  const held: ChannelResultClass[] =
    operation === 'debit'
      ? ['success', 'fail_funds', 'fail_card', 'duplicate']
      : ['success', 'fail_funds', 'fail_card'];
  return held.includes(resultClass) ? true : undefined;
}

/**
 * The raw codes with which a channel of this vocabulary shows it holds an order: processing,
 * a result about the order itself, a duplicate. An order none of whose answers carried one was
 * never acknowledged by the channel.
 */
export function orderHeldCodes(vocabulary: string): string[] {
  const table = CLASSIFICATIONS[vocabulary] ?? {};
  const held = new Set<ChannelResultClass>(['success', 'fail_funds', 'fail_card', 'duplicate']);
  return [
    ...(ORDER_CODES[vocabulary]?.processing ?? []),
    ...Object.keys(table).filter((code) => held.has(table[code]!)),
  ];
}
