import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

describe('loadEnv: a window run’s concurrency', () => {
  it('defaults to three shards of two chunks of 500 at once, and takes other counts', () => {
    expect(loadEnv({})).toMatchObject({
      REPAY_DEBIT_SHARDS_IN_FLIGHT: 3,
      REPAY_DEBIT_CHUNKS_IN_FLIGHT: 2,
      REPAY_DEBIT_CHUNK_SIZE: 500,
    });
    expect(
      loadEnv({ REPAY_DEBIT_SHARDS_IN_FLIGHT: '1', REPAY_DEBIT_CHUNKS_IN_FLIGHT: '1' }),
    ).toMatchObject({ REPAY_DEBIT_SHARDS_IN_FLIGHT: 1, REPAY_DEBIT_CHUNKS_IN_FLIGHT: 1 });
  });

  it('refuses a count below one, naming the variable', () => {
    expect(() => loadEnv({ REPAY_DEBIT_CHUNKS_IN_FLIGHT: '0' })).toThrow(
      /REPAY_DEBIT_CHUNKS_IN_FLIGHT/,
    );
    expect(() => loadEnv({ REPAY_DEBIT_SHARDS_IN_FLIGHT: 'many' })).toThrow(
      /REPAY_DEBIT_SHARDS_IN_FLIGHT/,
    );
  });
});

describe('loadEnv: where channel calls run', () => {
  it('defaults to the sender thread, takes inline, refuses anything else naming the variable', () => {
    expect(loadEnv({}).REPAY_CHANNEL_CALLS).toBe('thread');
    expect(loadEnv({ REPAY_CHANNEL_CALLS: 'inline' }).REPAY_CHANNEL_CALLS).toBe('inline');
    expect(() => loadEnv({ REPAY_CHANNEL_CALLS: 'fast' })).toThrow(/REPAY_CHANNEL_CALLS/);
  });
});
