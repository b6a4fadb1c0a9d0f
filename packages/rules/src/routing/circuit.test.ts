import { describe, expect, it } from 'vitest';

import { DEFAULT_BREAKER, nextCircuit, successRate, type CircuitInput } from './circuit';

const policy = {
  ...DEFAULT_BREAKER,
  minSuccessRate: 0.8,
  errorBurst: { count: 5, seconds: 30 },
};
const t0 = new Date('2026-11-25T02:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const counts = (attempts: number, successes: number, borrowerFailures = 0, errors = 0) => ({
  attempts,
  successes,
  borrowerFailures,
  errors,
});
const input = (over: Partial<CircuitInput>): CircuitInput => ({
  state: 'closed',
  changedAt: t0,
  now: at(600),
  window: counts(0, 0),
  burstErrors: 0,
  policy,
  ...over,
});

describe('successRate', () => {
  it('leaves borrower failures (funds, card) out of the denominator', () => {
    expect(successRate(counts(10, 6, 4))).toBe(1);
    expect(successRate(counts(10, 6, 0, 4))).toBe(0.6);
  });
  it('is unknown without channel-relevant answers', () => {
    expect(successRate(counts(0, 0))).toBeNull();
    expect(successRate(counts(3, 0, 3))).toBeNull();
  });
});

describe('nextCircuit', () => {
  it('opens a closed circuit on an error burst, whatever the sample size', () => {
    expect(nextCircuit(input({ window: counts(5, 0, 0, 5), burstErrors: 5 }))).toEqual({
      state: 'open',
      reason: '5 errors within 30s',
    });
    expect(nextCircuit(input({ window: counts(4, 0, 0, 4), burstErrors: 4 }))).toBeNull();
  });

  it('opens on a low success rate only after enough answers', () => {
    expect(nextCircuit(input({ window: counts(19, 10, 0, 9) }))).toBeNull();
    expect(nextCircuit(input({ window: counts(20, 15, 0, 5) }))).toEqual({
      state: 'open',
      reason: 'success rate 75.0% < 80.0% over 20 answers',
    });
    expect(nextCircuit(input({ window: counts(20, 16, 0, 4) }))).toBeNull();
  });

  it('does not open because borrowers lack funds', () => {
    expect(nextCircuit(input({ window: counts(100, 30, 70, 0) }))).toBeNull();
  });

  it('stays open during the cooldown, then lets probes through', () => {
    const open = { state: 'open' as const, changedAt: at(0), burstErrors: 50 };
    expect(nextCircuit(input({ ...open, now: at(59) }))).toBeNull();
    expect(nextCircuit(input({ ...open, now: at(60) }))).toEqual({
      state: 'half_open',
      reason: 'cooldown of 60s elapsed',
    });
  });

  it('closes a half-open circuit once the probes succeed', () => {
    const half = { state: 'half_open' as const, changedAt: at(0), now: at(20) };
    expect(nextCircuit(input({ ...half, window: counts(4, 4) }))).toBeNull();
    expect(nextCircuit(input({ ...half, window: counts(5, 4, 0, 1) }))).toEqual({
      state: 'closed',
      reason: 'recovered: success rate 80.0% over 5 probes',
    });
  });

  it('reopens a half-open circuit when the probes fail', () => {
    const half = { state: 'half_open' as const, changedAt: at(0), now: at(20) };
    expect(nextCircuit(input({ ...half, window: counts(5, 3, 0, 2) }))?.state).toBe('open');
    expect(nextCircuit(input({ ...half, window: counts(5, 0, 0, 5), burstErrors: 5 }))).toEqual({
      state: 'open',
      reason: 'probe: 5 errors within 30s',
    });
  });
});
