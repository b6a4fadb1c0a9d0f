import { describe, expect, it } from 'vitest';

import { parseRuleBody } from '../rule-kinds/index';
import { decideRoute, decideRouteSplitting, type ChannelCandidate } from './rank';

const rule = parseRuleBody('routing', {
  routes: [
    {
      name: '大额',
      conditions: { all: [{ fact: 'amountFen', operator: 'greaterThan', value: 5_000_000 }] },
      channels: ['cc', 'aa'],
    },
    { name: '默认', channels: ['aa', 'bb', 'cc'], maxAmount: '100000.00' },
  ],
  failover: {
    onClasses: ['fail_request'],
    minSuccessRate: '0.6',
    errorBurst: { count: 5, seconds: 60 },
  },
  scoring: { priority: '0.5', successRate: '0.4', cost: '0.1' },
});

const channel = (code: string, over: Partial<ChannelCandidate> = {}): ChannelCandidate => ({
  code,
  status: 'up',
  inMaintenanceNow: false,
  hasActiveAgreement: true,
  bankSupported: true,
  singleLimitFen: 5_000_000n,
  dailyRemainingFen: 20_000_000n,
  successRate: null,
  costFen: 50n,
  degraded: false,
  ...over,
});
const facts = (amountFen: number) => ({ bankCode: 'ICBC', amountFen });

describe('routing decisions', () => {
  it.each<[string, ChannelCandidate[], number, string | null, Record<string, string | null>]>([
    [
      'the first of the route when all are equal',
      [channel('aa'), channel('bb'), channel('cc')],
      10_000,
      'aa',
      {},
    ],
    [
      'no agreement at the primary → the backup',
      [channel('aa', { hasActiveAgreement: false }), channel('bb'), channel('cc')],
      10_000,
      'bb',
      { aa: 'no_agreement' },
    ],
    [
      'over the single limit of a',
      [channel('aa', { singleLimitFen: 5_000n }), channel('bb'), channel('cc')],
      10_000,
      'bb',
      { aa: 'over_single_limit' },
    ],
    [
      'daily limit used up at a',
      [channel('aa', { dailyRemainingFen: 0n }), channel('bb'), channel('cc')],
      10_000,
      'bb',
      { aa: 'over_daily_limit' },
    ],
    [
      'a down, b in maintenance',
      [channel('aa', { status: 'down' }), channel('bb', { inMaintenanceNow: true }), channel('cc')],
      10_000,
      'cc',
      { aa: 'down', bb: 'maintenance' },
    ],
    [
      'payout: no account at a, b cannot cover it, c can',
      [
        channel('aa', { payoutAccount: null }),
        channel('bb', { payoutAccount: { usableFen: 9_999n } }),
        channel('cc', { payoutAccount: { usableFen: 10_000n } }),
      ],
      10_000,
      'cc',
      { aa: 'no_account', bb: 'over_position' },
    ],
    [
      'bank not supported at a',
      [channel('aa', { bankSupported: false }), channel('bb'), channel('cc')],
      10_000,
      'bb',
      { aa: 'bank_unsupported' },
    ],
    [
      'a degraded (circuit open): traffic moves to b',
      [channel('aa', { degraded: true }), channel('bb'), channel('cc')],
      10_000,
      'bb',
      { aa: null },
    ],
    [
      'every candidate degraded: still the best of them',
      [
        channel('aa', { degraded: true }),
        channel('bb', { degraded: true }),
        channel('cc', { degraded: true }),
      ],
      10_000,
      'aa',
      {},
    ],
    [
      'a failed a today with a failover class: b in the next window',
      [channel('aa', { failedToday: true }), channel('bb'), channel('cc')],
      10_000,
      'bb',
      { aa: null },
    ],
    [
      'failed today at a, b degraded: a again rather than the degraded one',
      [
        channel('aa', { failedToday: true }),
        channel('bb', { degraded: true }),
        channel('cc', { hasActiveAgreement: false }),
      ],
      10_000,
      'aa',
      {},
    ],
    [
      'a poor success rate outweighs priority',
      [channel('aa', { successRate: 0.2 }), channel('bb', { successRate: 0.99 }), channel('cc')],
      10_000,
      'bb',
      {},
    ],
    [
      'priority outweighs a cost difference under these weights',
      [
        channel('aa', { costFen: 100n }),
        channel('bb', { costFen: 10n }),
        channel('cc', { costFen: 100n }),
      ],
      10_000,
      'aa',
      {},
    ],
    [
      'large amounts take the 大额 route',
      [
        channel('aa', { singleLimitFen: 10_000_000n }),
        channel('bb'),
        channel('cc', { singleLimitFen: 10_000_000n }),
      ],
      6_000_000,
      'cc',
      {},
    ],
    [
      'nothing usable: no channel, with reasons',
      [
        channel('aa', { status: 'down' }),
        channel('bb', { hasActiveAgreement: false }),
        channel('cc', { bankSupported: false }),
      ],
      10_000,
      null,
      { aa: 'down', bb: 'no_agreement', cc: 'bank_unsupported' },
    ],
  ])('%s', (_label, registry, amount, chosen, excluded) => {
    const decision = decideRoute(rule, facts(amount), BigInt(amount), registry);
    expect(decision.chosen).toBe(chosen);
    for (const [code, reason] of Object.entries(excluded)) {
      expect(decision.candidates.find((c) => c.code === code)?.excluded).toBe(reason);
    }
  });

  it('scores the same inputs the same way and names the route', () => {
    const registry = [
      channel('aa', { successRate: 0.9 }),
      channel('bb', { successRate: 0.8 }),
      channel('cc'),
    ];
    const one = decideRoute(rule, facts(10_000), 10_000n, registry);
    expect(decideRoute(rule, facts(10_000), 10_000n, registry)).toEqual(one);
    expect(one.route).toBe('默认');
    expect(one.candidates.map((c) => c.score)).toEqual([0.86, 0.6533, 0.5667]);
  });

  it('with cost weighted and no priority weight, the cheaper channel wins', () => {
    const cheap = parseRuleBody('routing', {
      ...rule,
      scoring: { priority: '0', successRate: '0.5', cost: '0.5' },
    });
    const registry = [
      channel('aa', { costFen: 100n }),
      channel('bb', { costFen: 10n }),
      channel('cc', { costFen: 100n }),
    ];
    expect(decideRoute(cheap, facts(10_000), 10_000n, registry).chosen).toBe('bb');
  });

  it('a route maximum applies on top of the channel limits', () => {
    // 默认 route allows up to ¥100,000.00 but the 大额 route catches > ¥50,000 first; check the cap directly.
    const small = parseRuleBody('routing', {
      ...rule,
      routes: [{ name: 'only', channels: ['aa'], maxAmount: '1.00' }],
    });
    const decision = decideRoute(small, facts(101), 101n, [channel('aa')]);
    expect(decision.chosen).toBeNull();
    expect(decision.candidates[0]?.excluded).toBe('over_single_limit');
  });
});

describe('splitting a debit over the channels’ limits', () => {
  it('takes the whole amount when one channel can', () => {
    const d = decideRouteSplitting(rule, facts(10_000), 10_000n, [
      channel('aa', { singleLimitFen: 5_000n }),
      channel('bb'),
    ]);
    expect(d).toMatchObject({ chosen: 'bb', amountFen: 10_000n, split: false });
  });

  it('debits the largest single limit among usable channels, to the fen', () => {
    const d = decideRouteSplitting(rule, facts(1_234_567), 1_234_567n, [
      channel('aa', { singleLimitFen: 500_000n }),
      channel('bb', { singleLimitFen: 800_001n }),
      channel('cc', { singleLimitFen: 300_000n }),
    ]);
    expect(d).toMatchObject({ chosen: 'bb', amountFen: 800_001n, split: true });
  });

  it('never exceeds what is left of the daily limit', () => {
    const d = decideRouteSplitting(rule, facts(900_000), 900_000n, [
      channel('aa', { singleLimitFen: 500_000n, dailyRemainingFen: 123_45n }),
      channel('bb', { hasActiveAgreement: false }),
      channel('cc', { status: 'down' }),
    ]);
    expect(d).toMatchObject({ chosen: 'aa', amountFen: 12_345n, split: true });
  });

  it('a large amount follows its own route, split only when its channels need it', () => {
    const d = decideRouteSplitting(rule, facts(20_000_000), 20_000_000n, [
      channel('aa', { singleLimitFen: 50_000_000n, dailyRemainingFen: 50_000_000n }),
      channel('bb', { singleLimitFen: 1_000n }),
      channel('cc', { singleLimitFen: 1_000n }),
    ]);
    // Over 50,000 yuan: the 大额 route (cc, aa); aa's 500,000-yuan single limit takes it all.
    expect(d).toMatchObject({ chosen: 'aa', amountFen: 20_000_000n, split: false });
    const small = decideRouteSplitting(rule, facts(20_000_000), 20_000_000n, [
      channel('aa', { singleLimitFen: 5_000_000n }),
      channel('cc', { singleLimitFen: 7_000_000n }),
    ]);
    expect(small).toMatchObject({ chosen: 'cc', amountFen: 7_000_000n, split: true });
  });

  it('no part at all when nothing is usable for other reasons', () => {
    const d = decideRouteSplitting(rule, facts(10_000), 10_000n, [
      channel('aa', { hasActiveAgreement: false }),
      channel('bb', { bankSupported: false }),
      channel('cc', { status: 'maintenance' }),
    ]);
    expect(d).toMatchObject({ chosen: null, amountFen: 10_000n, split: false });
  });
});
