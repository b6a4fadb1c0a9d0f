import { describe, expect, it } from 'vitest';
import { canonicalQuery } from './view-query';

describe('canonicalQuery', () => {
  it('sorts keys and drops empty values, keeping repeated keys in order', () => {
    expect(canonicalQuery('to=2026-03-15&from=2026-03-01&bank=&channel=SANDBOX')).toBe(
      'channel=SANDBOX&from=2026-03-01&to=2026-03-15',
    );
    expect(canonicalQuery('b=2&a=1&b=1')).toBe('a=1&b=2&b=1');
  });

  it('encodes as the address does, so a view matches the page it was saved on', () => {
    const address = new URLSearchParams({ funderCode: '资方 A', window: '10:00' }).toString();
    expect(canonicalQuery(address)).toBe(address.split('&').sort().join('&'));
    expect(canonicalQuery('')).toBe('');
  });
});
