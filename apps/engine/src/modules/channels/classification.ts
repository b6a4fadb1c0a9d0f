// Raw channel codes → result classes, per vocabulary, as data. A code missing here is
// `pending`: unknown is not failure (DOMAIN.md), so it is queried, never retried or failed.
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
