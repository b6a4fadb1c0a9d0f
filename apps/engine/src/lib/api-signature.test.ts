import { describe, expect, it } from 'vitest';
import { signRequest } from './api-signature';
import { sha256Hex } from './crypto';

// The worked example of docs/api.md, secret `demo-secret`.
describe('API signature', () => {
  it('hashes the body as docs/api.md shows', () => {
    expect(sha256Hex('{"orderNo":"L1"}')).toBe(
      '712a14a986c3afbef29073259914088cb0a28df2320fe877ad2bd869f316c191',
    );
  });

  it('signs a POST exactly like the worked example', () => {
    const signature = signRequest('demo-secret', {
      method: 'POST',
      pathWithQuery: '/api/v1/loans',
      timestamp: '1767225600',
      nonce: 'n-0001',
      body: '{"orderNo":"L1"}',
    });
    expect(signature).toBe('20991dc11f8af3e08e637a243edfb11be2914cb28d6f91fd4670f45f6cdb8efa');
  });

  it('signs a GET with an empty body exactly like the worked example', () => {
    const signature = signRequest('demo-secret', {
      method: 'GET',
      pathWithQuery: '/api/v1/loans/L1/plan?version=1',
      timestamp: '1767225600',
      nonce: 'n-0002',
      body: '',
    });
    expect(signature).toBe('b7871090d7488ec70cdd8c4381c1d3e2060e2274cbbd287d9e06f99e22c17cdd');
  });

  it('changes when any part changes', () => {
    const base = {
      method: 'GET',
      pathWithQuery: '/api/v1/loans/L1',
      timestamp: '1',
      nonce: 'a',
      body: '',
    };
    const s = signRequest('k', base);
    expect(signRequest('k', { ...base, nonce: 'b' })).not.toBe(s);
    expect(signRequest('k', { ...base, pathWithQuery: '/api/v1/loans/L2' })).not.toBe(s);
    expect(signRequest('other', base)).not.toBe(s);
  });
});
