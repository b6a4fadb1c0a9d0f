import { describe, expect, it } from 'vitest';

import { createResolver, type Publication } from './resolve';

const at = (iso: string) => new Date(iso);
const pub = (
  over: Partial<Publication<string>> & Pick<Publication<string>, 'version'>,
): Publication<string> => ({
  ruleSetId: '1',
  scopeType: 'global',
  scopeKey: '*',
  mode: 'full',
  grayTarget: null,
  effectiveFrom: at('2026-01-01T00:00:00Z'),
  endedAt: null,
  publicationId: '1',
  ...over,
});

describe('rule resolution', () => {
  const resolve = createResolver([
    pub({ version: 'global-v1', publicationId: '1' }),
    pub({ version: 'global-v2', publicationId: '2', effectiveFrom: at('2026-03-01T00:00:00Z') }),
    pub({
      version: 'consumer-v1',
      ruleSetId: '2',
      scopeType: 'business_line',
      scopeKey: 'consumer',
      publicationId: '3',
    }),
    pub({
      version: 'trust-v1',
      ruleSetId: '3',
      scopeType: 'funder',
      scopeKey: 'F-TRUST-01',
      publicationId: '4',
    }),
    pub({
      version: 'product-v1',
      ruleSetId: '4',
      scopeType: 'product',
      scopeKey: 'LEASE-STD',
      publicationId: '5',
      effectiveFrom: at('2026-06-01T00:00:00Z'),
    }),
    pub({
      version: 'trust-gray',
      ruleSetId: '3',
      scopeType: 'funder',
      scopeKey: 'F-TRUST-01',
      publicationId: '6',
      mode: 'gray',
      grayTarget: { productCodes: ['CONSUMER-STD'] },
      effectiveFrom: at('2026-02-01T00:00:00Z'),
      endedAt: at('2026-04-01T00:00:00Z'),
    }),
  ]);

  it.each([
    [
      'most specific scope wins',
      { businessLine: 'consumer', funderCode: 'F-TRUST-01', productCode: 'SCF-STD' },
      '2026-01-15T00:00:00Z',
      'trust-v1',
    ],
    [
      'business line when no funder set',
      { businessLine: 'consumer', funderCode: 'F-BANK-02' },
      '2026-01-15T00:00:00Z',
      'consumer-v1',
    ],
    [
      'global as the fallback, by effective time',
      { businessLine: 'lease' },
      '2026-02-15T00:00:00Z',
      'global-v1',
    ],
    [
      'a later full version once effective',
      { businessLine: 'lease' },
      '2026-03-15T00:00:00Z',
      'global-v2',
    ],
    [
      'a product version not yet effective is skipped',
      { businessLine: 'lease', productCode: 'LEASE-STD' },
      '2026-05-31T00:00:00Z',
      'global-v2',
    ],
    [
      'and applies once effective',
      { businessLine: 'lease', productCode: 'LEASE-STD' },
      '2026-06-01T00:00:00Z',
      'product-v1',
    ],
    [
      'gray for targeted loans while live',
      { funderCode: 'F-TRUST-01', productCode: 'CONSUMER-STD' },
      '2026-03-01T00:00:00Z',
      'trust-gray',
    ],
    [
      'full for the others',
      { funderCode: 'F-TRUST-01', productCode: 'SCF-STD' },
      '2026-03-01T00:00:00Z',
      'trust-v1',
    ],
    [
      'full again after the gray ended',
      { funderCode: 'F-TRUST-01', productCode: 'CONSUMER-STD' },
      '2026-04-02T00:00:00Z',
      'trust-v1',
    ],
  ])('%s', (_label, context, instant, expected) => {
    expect(resolve(context, at(instant))?.version).toBe(expected);
  });

  it('returns null before anything is in force', () => {
    expect(resolve({}, at('2025-12-31T00:00:00Z'))).toBeNull();
  });
});
