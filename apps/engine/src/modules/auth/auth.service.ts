// Console sign-in and sessions: sign-in throttled per username and per address, with one answer
// (and the cost of one hash verification) for every failure; sessions that end after 30 idle
// minutes or 12 hours; changing one's own password; signing out everywhere. Sessions live in
// wall-clock time (ARCHITECTURE.md: transport security never reads the business clock).
import { randomToken, sha256Hex } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import { hashPassword, needsRehash, verifyNobody, verifyPassword } from '../../lib/passwords';
import type { Transactor } from '../../lib/transaction';
import type { AuditLog } from '../events';
import type { AuthRepo, SessionUser } from './auth.types';
import type { LoginThrottle } from './login-throttle';

export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** The idle clock is written at most this often per session. */
const TOUCH_EVERY_MS = 60 * 1000;
export const PASSWORD_MIN_LENGTH = 10;

const wrongCredentials = () => new AppError('UNAUTHORIZED', 'wrong username or password');

/** A new password the user chose: long enough, and not the name or the password it replaces. */
export function checkNewPassword(password: string, username: string, field = 'newPassword') {
  if (password.length < PASSWORD_MIN_LENGTH)
    throw new AppError(
      'VALIDATION_FAILED',
      `${field}: at least ${PASSWORD_MIN_LENGTH} characters`,
      { field },
    );
  // Short names (pm, ops) would forbid too much; longer ones must not be inside the password.
  if (username.length >= 4 && password.toLowerCase().includes(username.toLowerCase()))
    throw new AppError('VALIDATION_FAILED', `${field}: must not contain the username`, { field });
}

export function createAuthService(deps: {
  repo: AuthRepo;
  throttle: LoginThrottle;
  transaction: Transactor<{ auth: AuthRepo; audit: AuditLog }>;
}) {
  const { repo, throttle, transaction } = deps;

  function tooManyAttempts(until: Date, now: Date) {
    const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
    return new AppError(
      'TOO_MANY_REQUESTS',
      `too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    );
  }

  return {
    async login(input: { username: string; password: string; clientAddress: string }) {
      const { username, password, clientAddress } = input;
      const now = new Date();
      const lockedUntil = await throttle.lockedUntil(username, clientAddress, now);
      if (lockedUntil) throw tooManyAttempts(lockedUntil, now);
      const user = await repo.findUserByUsername(username);
      // Unknown and disabled users cost one verification too, and get the same answer.
      const ok = user?.active
        ? await verifyPassword(password, user.passwordHash)
        : await verifyNobody(password);
      if (!user?.active || !ok) {
        const lockedNow = await throttle.recordFailure(username, clientAddress, new Date());
        if (lockedNow && user)
          await transaction(({ audit }) =>
            audit.record({
              actorType: 'system',
              actorId: 'sign-in',
              action: 'auth.locked',
              entityType: 'user',
              entityId: user.id,
              diff: { address: clientAddress },
            }),
          );
        throw wrongCredentials();
      }
      await throttle.clearUser(username);
      // Hashes of an older algorithm or cost are replaced while the password is at hand.
      const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
      const token = randomToken();
      const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
      await transaction(async ({ auth, audit }) => {
        if (rehash) await auth.updateUser(user.id, { passwordHash: rehash });
        await auth.insertSession({ tokenHash: sha256Hex(token), userId: user.id, expiresAt, now });
        await audit.record({
          actorType: 'user',
          actorId: user.id,
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
          diff: { address: clientAddress, ...(rehash ? { passwordRehashed: true } : {}) },
        });
      });
      const sessionUser: SessionUser = {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        mustChangePassword: user.mustChangePassword,
      };
      return { user: sessionUser, token, expiresAt };
    },

    /** The session's user, or null when it has ended (absolute, idle, or the user disabled). */
    async sessionUser(token: string | null | undefined): Promise<SessionUser | null> {
      if (!token) return null;
      const tokenHash = sha256Hex(token);
      const session = await repo.findSession(tokenHash);
      const now = new Date();
      if (
        !session?.active ||
        session.expiresAt <= now ||
        now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS
      )
        return null;
      await repo.touchSession(tokenHash, now, new Date(now.getTime() - TOUCH_EVERY_MS));
      return session.user;
    },

    async logout(token: string | null | undefined) {
      if (token) await repo.deleteSession(sha256Hex(token));
    },

    /** Ends every session of the user, this one included. */
    logoutEverywhere: (user: SessionUser) =>
      transaction(async ({ auth, audit }) => {
        const ended = await auth.deleteUserSessions(user.id);
        await audit.record({
          actorType: 'user',
          actorId: user.id,
          action: 'auth.logout_everywhere',
          entityType: 'user',
          entityId: user.id,
          diff: { sessions: ended },
        });
        return { sessions: ended };
      }),

    /**
     * The user's own change: the current password proves it is them (a wrong one counts as a
     * failed sign-in); the other sessions end, this one stays.
     */
    async changePassword(
      user: SessionUser,
      token: string,
      input: { currentPassword: string; newPassword: string },
      clientAddress: string,
    ) {
      const now = new Date();
      const lockedUntil = await throttle.lockedUntil(user.username, clientAddress, now);
      if (lockedUntil) throw tooManyAttempts(lockedUntil, now);
      checkNewPassword(input.newPassword, user.username);
      if (input.newPassword === input.currentPassword)
        throw new AppError('VALIDATION_FAILED', 'newPassword: must differ from the current one', {
          field: 'newPassword',
        });
      const record = await repo.findUser(user.id);
      if (!record || !(await verifyPassword(input.currentPassword, record.passwordHash))) {
        await throttle.recordFailure(user.username, clientAddress, new Date());
        throw new AppError('VALIDATION_FAILED', 'currentPassword: wrong password', {
          field: 'currentPassword',
        });
      }
      const passwordHash = await hashPassword(input.newPassword);
      return transaction(async ({ auth, audit }) => {
        await auth.updateUser(user.id, { passwordHash, mustChangePassword: false });
        const ended = await auth.deleteUserSessions(user.id, sha256Hex(token));
        await audit.record({
          actorType: 'user',
          actorId: user.id,
          action: 'user.password_change',
          entityType: 'user',
          entityId: user.id,
          diff: { otherSessionsEnded: ended },
        });
        return { otherSessionsEnded: ended };
      });
    },

    /** Housekeeping: sessions past their end, throttle counts whose window and lock passed. */
    async prune() {
      const now = new Date();
      const sessions = await repo.pruneSessions(now, new Date(now.getTime() - SESSION_IDLE_MS));
      const throttles = await throttle.prune(now);
      return { sessions, throttles };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
