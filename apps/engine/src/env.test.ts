import { describe, expect, it } from 'vitest';
import { callbackBaseUrl, loadEnv } from './env';

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

describe('loadEnv: how far the statements job looks back', () => {
  it('defaults to 7 days, takes 1 to 31, refuses anything else naming the variable', () => {
    expect(loadEnv({}).REPAY_RECON_LOOKBACK_DAYS).toBe(7);
    expect(loadEnv({ REPAY_RECON_LOOKBACK_DAYS: '1' }).REPAY_RECON_LOOKBACK_DAYS).toBe(1);
    expect(loadEnv({ REPAY_RECON_LOOKBACK_DAYS: '31' }).REPAY_RECON_LOOKBACK_DAYS).toBe(31);
    for (const bad of ['0', '32', '2.5', 'week'])
      expect(() => loadEnv({ REPAY_RECON_LOOKBACK_DAYS: bad })).toThrow(
        /REPAY_RECON_LOOKBACK_DAYS/,
      );
  });
});

describe('callbackBaseUrl: where channels post notifications', () => {
  it('is this engine at the port it listens on, whatever REPAY_ENGINE_PORT says', () => {
    expect(callbackBaseUrl(loadEnv({}), 4567)).toBe('http://127.0.0.1:4567/callbacks');
    expect(callbackBaseUrl(loadEnv({ REPAY_ENGINE_PORT: '4100' }), 4567)).toBe(
      'http://127.0.0.1:4567/callbacks',
    );
    // Listening on every interface: the channels reach it on loopback here.
    expect(callbackBaseUrl(loadEnv({ REPAY_ENGINE_HOST: '0.0.0.0' }), 4001)).toBe(
      'http://127.0.0.1:4001/callbacks',
    );
  });

  it('is the public address when one is configured', () => {
    const env = loadEnv({ REPAY_CALLBACK_BASE_URL: 'https://repay.example.com/callbacks' });
    expect(callbackBaseUrl(env, 4567)).toBe('https://repay.example.com/callbacks');
  });

  it('refuses an ephemeral port without a public address, naming the variable', () => {
    expect(() => callbackBaseUrl(loadEnv({}), 0)).toThrow(/REPAY_CALLBACK_BASE_URL/);
  });
});
