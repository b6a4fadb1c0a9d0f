import { and, eq, gt } from 'drizzle-orm';
import { sessions, users } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import type { AuthRepo, SessionUser } from './auth.types';

const sessionUserColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
};
const toSessionUser = (row: {
  id: bigint;
  username: string;
  displayName: string;
  role: SessionUser['role'];
}): SessionUser => ({
  ...row,
  id: String(row.id),
});

export function createAuthRepo({ db }: Executor): AuthRepo {
  return {
    async findUserByUsername(username) {
      const [row] = await db.select().from(users).where(eq(users.username, username)).limit(1);
      return row
        ? { ...toSessionUser(row), passwordHash: row.passwordHash, active: row.status === 'active' }
        : null;
    },
    async insertUser(user) {
      const [row] = await db.insert(users).values(user).returning(sessionUserColumns);
      return toSessionUser(row!);
    },
    async insertSession(session) {
      await db.insert(sessions).values({ ...session, userId: BigInt(session.userId) });
    },
    async findSessionUser(tokenHash, now) {
      const [row] = await db
        .select(sessionUserColumns)
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(
            eq(sessions.tokenHash, tokenHash),
            gt(sessions.expiresAt, now),
            eq(users.status, 'active'),
          ),
        )
        .limit(1);
      return row ? toSessionUser(row) : null;
    },
    async deleteSession(tokenHash) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },
  };
}
