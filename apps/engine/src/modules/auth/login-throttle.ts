// How many failed sign-ins are allowed: per username (guessing one account's password) and per
// client address (trying many accounts from one place). Counted in the database, so the limits
// hold across engine processes and restarts.
import type { LoginThrottleRepo, ThrottleRule } from './login-throttle.repo';

const MINUTE = 60_000;

/** 5 failures within 15 minutes lock the username for 15 minutes. */
export const USERNAME_RULE: ThrottleRule = { limit: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
/** 20 failures within 10 minutes lock the address for 10 minutes. */
export const ADDRESS_RULE: ThrottleRule = { limit: 20, windowMs: 10 * MINUTE, lockMs: 10 * MINUTE };

const userBucket = (username: string) => `user:${username}`;
const addressBucket = (address: string) => `addr:${address}`;

export function createLoginThrottle(repo: LoginThrottleRepo) {
  return {
    lockedUntil: (username: string, address: string, now: Date) =>
      repo.lockedUntil([userBucket(username), addressBucket(address)], now),

    /** Counts a failure against both; true when it locked the username just now. */
    async recordFailure(username: string, address: string, now: Date): Promise<boolean> {
      await repo.recordFailure(addressBucket(address), now, ADDRESS_RULE);
      return (await repo.recordFailure(userBucket(username), now, USERNAME_RULE)) !== null;
    },

    /**
     * A success (or an administrator's reset) clears the username's count. The address keeps
     * its count: one account that signs in must not reset the count of an address trying others.
     */
    clearUser: (username: string) => repo.clear(userBucket(username)),

    prune: (now: Date) =>
      repo.prune(
        now,
        new Date(now.getTime() - Math.max(USERNAME_RULE.windowMs, ADDRESS_RULE.windowMs)),
      ),
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
