// Console users and their sessions (the cookie's token is stored as its sha256 only).
import { and, asc, count, eq, gt, lt, ne, or, sql } from 'drizzle-orm';
import { sessions, users } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import type { AuthRepo, SessionUser, UserRecord } from './auth.types';

const sessionUserColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  mustChangePassword: users.mustChangePassword,
};
type SessionUserRow = Omit<SessionUser, 'id'> & { id: bigint };
const toSessionUser = (row: SessionUserRow): SessionUser => ({
  id: String(row.id),
  username: row.username,
  displayName: row.displayName,
  role: row.role,
  mustChangePassword: row.mustChangePassword,
});
const toUserRecord = (
  row: SessionUserRow & { passwordHash: string; status: string },
): UserRecord => ({
  ...toSessionUser(row),
  passwordHash: row.passwordHash,
  active: row.status === 'active',
});

export function createAuthRepo({ db }: Executor): AuthRepo {
  return {
    async findUserByUsername(username) {
      const [row] = await db.select().from(users).where(eq(users.username, username)).limit(1);
      return row ? toUserRecord(row) : null;
    },
    async findUser(id) {
      const [row] = await db
        .select()
        .from(users)
        .where(eq(users.id, BigInt(id)))
        .limit(1);
      return row ? toUserRecord(row) : null;
    },
    async listUsers(now) {
      const open = db
        .select({ userId: sessions.userId, n: count().as('n') })
        .from(sessions)
        .where(gt(sessions.expiresAt, now))
        .groupBy(sessions.userId)
        .as('open');
      const rows = await db
        .select({
          ...sessionUserColumns,
          status: users.status,
          sessions: sql<number>`coalesce(${open.n}, 0)::int`,
          createdAt: users.createdAt,
          updatedAt: users.updatedAt,
        })
        .from(users)
        .leftJoin(open, eq(open.userId, users.id))
        .orderBy(asc(users.id));
      return rows.map((r) => ({
        ...toSessionUser(r),
        status: r.status,
        sessions: Number(r.sessions),
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      }));
    },
    async insertUser(user) {
      const [row] = await db.insert(users).values(user).returning(sessionUserColumns);
      return toSessionUser(row!);
    },
    async updateUser(id, change) {
      await db
        .update(users)
        .set(change)
        .where(eq(users.id, BigInt(id)));
    },
    async countOtherActiveAdmins(exceptId) {
      const [row] = await db
        .select({ n: count() })
        .from(users)
        .where(
          and(eq(users.role, 'admin'), eq(users.status, 'active'), ne(users.id, BigInt(exceptId))),
        );
      return Number(row?.n ?? 0);
    },
    async insertSession({ tokenHash, userId, expiresAt, now }) {
      await db
        .insert(sessions)
        .values({ tokenHash, userId: BigInt(userId), expiresAt, createdAt: now, lastSeenAt: now });
    },
    async findSession(tokenHash) {
      const [row] = await db
        .select({
          ...sessionUserColumns,
          status: users.status,
          expiresAt: sessions.expiresAt,
          lastSeenAt: sessions.lastSeenAt,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.tokenHash, tokenHash))
        .limit(1);
      return row
        ? {
            user: toSessionUser(row),
            active: row.status === 'active',
            expiresAt: row.expiresAt,
            lastSeenAt: row.lastSeenAt,
          }
        : null;
    },
    async touchSession(tokenHash, now, unlessSeenAfter) {
      await db
        .update(sessions)
        .set({ lastSeenAt: now })
        .where(and(eq(sessions.tokenHash, tokenHash), lt(sessions.lastSeenAt, unlessSeenAfter)));
    },
    async deleteSession(tokenHash) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },
    async deleteUserSessions(userId, keepTokenHash) {
      const deleted = await db
        .delete(sessions)
        .where(
          and(
            eq(sessions.userId, BigInt(userId)),
            keepTokenHash === undefined ? undefined : ne(sessions.tokenHash, keepTokenHash),
          ),
        )
        .returning({ tokenHash: sessions.tokenHash });
      return deleted.length;
    },
    async pruneSessions(now, idleSince) {
      const deleted = await db
        .delete(sessions)
        .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)))
        .returning({ tokenHash: sessions.tokenHash });
      return deleted.length;
    },
  };
}
