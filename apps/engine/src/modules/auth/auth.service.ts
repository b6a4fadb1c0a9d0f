// Console sessions and users (API keys: api-keys.service.ts).
import { randomToken, sha256Hex } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import { hashPassword, verifyPassword } from '../../lib/passwords';
import type { AuditLog } from '../events';
import type { AuthRepo, SessionUser } from './auth.types';
import type { Role } from './permissions';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function createAuthService(deps: { repo: AuthRepo; audit: AuditLog }) {
  const { repo, audit } = deps;

  return {
    async login(username: string, password: string) {
      const user = await repo.findUserByUsername(username);
      const ok = user?.active ? await verifyPassword(password, user.passwordHash) : false;
      if (!user || !ok) throw new AppError('UNAUTHORIZED', 'wrong username or password');
      const token = randomToken();
      // Sessions and cookies live in wall-clock time: a browser drops a cookie that a pinned
      // business clock would have "expired" long ago.
      const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
      await repo.insertSession({ tokenHash: sha256Hex(token), userId: user.id, expiresAt });
      await audit.record({
        actorType: 'user',
        actorId: user.id,
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
      });
      const sessionUser: SessionUser = {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
      };
      return { user: sessionUser, token, expiresAt };
    },

    async sessionUser(token: string | null | undefined): Promise<SessionUser | null> {
      if (!token) return null;
      return repo.findSessionUser(sha256Hex(token), new Date());
    },

    async logout(token: string | null | undefined) {
      if (token) await repo.deleteSession(sha256Hex(token));
    },

    async createUser(input: {
      username: string;
      role: Role;
      password: string;
      displayName?: string;
    }) {
      if (await repo.findUserByUsername(input.username)) {
        throw new AppError('CONFLICT', `user ${input.username} already exists`, {
          field: 'username',
        });
      }
      const user = await repo.insertUser({
        username: input.username,
        role: input.role,
        displayName: input.displayName ?? input.username,
        passwordHash: await hashPassword(input.password),
      });
      await audit.record({
        actorType: 'system',
        actorId: 'cli',
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        diff: { role: input.role },
      });
      return user;
    },

    userExists: async (username: string) => (await repo.findUserByUsername(username)) !== null,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
