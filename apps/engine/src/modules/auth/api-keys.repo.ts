// API keys of upstream systems and the nonces that keep their signed calls from being replayed.
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { apiKeys, apiNonces } from '@repay/db/schema';
import type { ApiScope } from '@repay/rules';
import type { Executor } from '../../lib/executor';

export interface ApiKeyRecord {
  keyId: string;
  name: string;
  status: 'active' | 'revoked';
  secretEnc: string;
  scopes: ApiScope[];
  /** null: every funder. */
  funderCodes: string[] | null;
  /** The secret before the last rotation, valid until its expiry (the grace). */
  previousSecretEnc: string | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

const toRecord = (row: typeof apiKeys.$inferSelect): ApiKeyRecord => ({
  keyId: row.keyId,
  name: row.name,
  status: row.status,
  secretEnc: row.secretEnc,
  scopes: row.scopes,
  funderCodes: row.funderCodes,
  previousSecretEnc: row.previousSecretEnc,
  previousSecretExpiresAt: row.previousSecretExpiresAt,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  rotatedAt: row.rotatedAt,
  revokedAt: row.revokedAt,
});

export function createApiKeysRepo({ db }: Executor) {
  const isActive = (keyId: string) => and(eq(apiKeys.keyId, keyId), eq(apiKeys.status, 'active'));
  return {
    async insertApiKey(key: {
      keyId: string;
      name: string;
      secretEnc: string;
      scopes: ApiScope[];
      funderCodes: string[] | null;
    }) {
      await db.insert(apiKeys).values(key);
    },

    async findApiKey(keyId: string): Promise<ApiKeyRecord | null> {
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyId, keyId)).limit(1);
      return row ? toRecord(row) : null;
    },

    /** Newest first (an installation has a handful of keys: no paging). */
    async listApiKeys(): Promise<ApiKeyRecord[]> {
      const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.id));
      return rows.map(toRecord);
    },

    /** false when the key is not active (unknown, or revoked already). */
    async revoke(keyId: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(apiKeys)
        .set({
          status: 'revoked',
          revokedAt: now,
          previousSecretEnc: null,
          previousSecretExpiresAt: null,
        })
        .where(isActive(keyId))
        .returning({ keyId: apiKeys.keyId });
      return rows.length === 1;
    },

    /**
     * A new secret; the current one becomes the previous one until `graceUntil` (null: it stops
     * at once). One previous secret at a time: rotating again ends the earlier grace. false when
     * the key is not active.
     */
    async rotate(keyId: string, secretEnc: string, graceUntil: Date | null, now: Date) {
      const rows = await db
        .update(apiKeys)
        .set({
          // SET reads the row as it was: the previous secret is the one being replaced.
          previousSecretEnc: graceUntil ? sql`${apiKeys.secretEnc}` : null,
          previousSecretExpiresAt: graceUntil,
          secretEnc,
          rotatedAt: now,
        })
        .where(isActive(keyId))
        .returning({ keyId: apiKeys.keyId });
      return rows.length === 1;
    },

    /** false when the nonce was already used with this key. */
    async claimNonce(keyId: string, nonce: string, now: Date): Promise<boolean> {
      const inserted = await db
        .insert(apiNonces)
        .values({ keyId, nonce, seenAt: now })
        .onConflictDoNothing()
        .returning({ nonce: apiNonces.nonce });
      return inserted.length === 1;
    },

    async touchApiKey(keyId: string, now: Date) {
      await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.keyId, keyId));
    },

    async pruneNonces(olderThan: Date): Promise<number> {
      const deleted = await db
        .delete(apiNonces)
        .where(lt(apiNonces.seenAt, olderThan))
        .returning({ nonce: apiNonces.nonce });
      return deleted.length;
    },
  };
}

export type ApiKeysRepo = ReturnType<typeof createApiKeysRepo>;
