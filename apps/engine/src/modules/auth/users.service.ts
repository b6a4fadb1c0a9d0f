// Console users, administered by admins (users.manage): create, disable and enable, reset a
// password, change a role; every change audited with its reason. Disabling and resetting end
// the user's sessions in the same transaction. A password an administrator chose (or the
// system generated) must be changed at the next sign-in.
import { randomToken } from '../../lib/crypto';
import { AppError, notFound } from '../../lib/errors';
import { hashPassword, verifyPassword } from '../../lib/passwords';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog } from '../events';
import type { AuthRepo, UserRecord } from './auth.types';
import type { LoginThrottle } from './login-throttle';
import type { Role } from './permissions';

/** 16 URL-safe characters (96 bits): shown once to the administrator who made it. */
const temporaryPassword = () => randomToken(12);

export function createUsersService(deps: {
  repo: AuthRepo;
  throttle: LoginThrottle;
  transaction: Transactor<{ auth: AuthRepo; audit: AuditLog }>;
}) {
  const { repo, throttle, transaction } = deps;

  async function requireUser(auth: AuthRepo, userId: string): Promise<UserRecord> {
    const user = await auth.findUser(userId);
    if (!user) throw notFound(`user ${userId}`, 'userId');
    return user;
  }

  /** Someone must stay able to administer users: never the last active admin, never oneself. */
  async function assertNotLastAdmin(auth: AuthRepo, user: UserRecord, actor: Actor, what: string) {
    if (actor.type === 'user' && actor.id === user.id)
      throw new AppError('UNPROCESSABLE', `you cannot ${what} yourself`, { field: 'userId' });
    if (user.role === 'admin' && user.active && (await auth.countOtherActiveAdmins(user.id)) === 0)
      throw new AppError('UNPROCESSABLE', `${user.username} is the last active admin`, {
        field: 'userId',
      });
  }

  const record = (
    audit: AuditLog,
    actor: Actor,
    action: string,
    userId: string,
    reason: string | undefined,
    diff?: unknown,
  ) =>
    audit.record({
      actorType: actor.type,
      actorId: actor.id,
      action,
      entityType: 'user',
      entityId: userId,
      reason,
      diff,
    });

  return {
    list: async () =>
      (await repo.listUsers(new Date())).map((u) => ({
        ...u,
        createdAt: u.createdAt.toISOString(),
        updatedAt: u.updatedAt.toISOString(),
      })),

    userExists: async (username: string) => (await repo.findUserByUsername(username)) !== null,

    /**
     * A user with the password given (demo seed, CLI, tests) or, without one, a generated
     * password they must change at the first sign-in.
     */
    async createUser(
      input: {
        username: string;
        role: Role;
        displayName?: string;
        password?: string;
        reason?: string;
      },
      actor: Actor = { type: 'system', id: 'cli' },
    ) {
      const password = input.password ?? temporaryPassword();
      const passwordHash = await hashPassword(password);
      const user = await transaction(async ({ auth, audit }) => {
        if (await auth.findUserByUsername(input.username))
          throw new AppError('CONFLICT', `user ${input.username} already exists`, {
            field: 'username',
          });
        const created = await auth.insertUser({
          username: input.username,
          role: input.role,
          displayName: input.displayName ?? input.username,
          passwordHash,
          mustChangePassword: input.password === undefined,
        });
        await record(audit, actor, 'user.create', created.id, input.reason, {
          username: input.username,
          role: input.role,
        });
        return created;
      });
      return { user, temporaryPassword: input.password === undefined ? password : null };
    },

    async setStatus(
      input: { userId: string; status: 'active' | 'disabled'; reason: string },
      actor: Actor,
    ) {
      const result = await transaction(async ({ auth, audit }) => {
        const user = await requireUser(auth, input.userId);
        if (user.active === (input.status === 'active'))
          throw new AppError('CONFLICT', `${user.username} is already ${input.status}`, {
            field: 'status',
          });
        if (input.status === 'disabled') await assertNotLastAdmin(auth, user, actor, 'disable');
        await auth.updateUser(user.id, { status: input.status });
        const sessionsEnded =
          input.status === 'disabled' ? await auth.deleteUserSessions(user.id) : 0;
        await record(
          audit,
          actor,
          input.status === 'disabled' ? 'user.disable' : 'user.enable',
          user.id,
          input.reason,
          {
            status: { from: user.active ? 'active' : 'disabled', to: input.status },
            sessionsEnded,
          },
        );
        return { username: user.username, sessionsEnded };
      });
      // Enabled again: failures counted while it was disabled no longer hold it back.
      if (input.status === 'active') await throttle.clearUser(result.username);
      return { sessionsEnded: result.sessionsEnded };
    },

    /** A generated password, shown once; the user changes it at the next sign-in. */
    async resetPassword(input: { userId: string; reason: string }, actor: Actor) {
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      const result = await transaction(async ({ auth, audit }) => {
        const user = await requireUser(auth, input.userId);
        if (actor.type === 'user' && actor.id === user.id)
          throw new AppError('UNPROCESSABLE', 'change your own password instead of resetting it', {
            field: 'userId',
          });
        await auth.updateUser(user.id, { passwordHash, mustChangePassword: true });
        const sessionsEnded = await auth.deleteUserSessions(user.id);
        await record(audit, actor, 'user.password_reset', user.id, input.reason, {
          sessionsEnded,
        });
        return { username: user.username, sessionsEnded };
      });
      // A locked-out user is usually why a password is reset.
      await throttle.clearUser(result.username);
      return { temporaryPassword: password, sessionsEnded: result.sessionsEnded };
    },

    changeRole: (input: { userId: string; role: Role; reason: string }, actor: Actor) =>
      transaction(async ({ auth, audit }) => {
        const user = await requireUser(auth, input.userId);
        if (user.role === input.role)
          throw new AppError('CONFLICT', `${user.username} is already ${input.role}`, {
            field: 'role',
          });
        if (user.role === 'admin') await assertNotLastAdmin(auth, user, actor, 'demote');
        await auth.updateUser(user.id, { role: input.role });
        await record(audit, actor, 'user.role_change', user.id, input.reason, {
          role: { from: user.role, to: input.role },
        });
        return { role: input.role };
      }),

    /** Which of these users sign in with this password (production refuses the demo's). */
    async withPassword(usernames: readonly string[], password: string): Promise<string[]> {
      const found: string[] = [];
      for (const username of usernames) {
        const user = await repo.findUserByUsername(username);
        if (user && (await verifyPassword(password, user.passwordHash))) found.push(username);
      }
      return found;
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
