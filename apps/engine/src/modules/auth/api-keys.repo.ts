// API keys of upstream systems and the nonces that keep their signed calls from being replayed.
import { eq, lt } from 'drizzle-orm';
import { apiKeys, apiNonces } from '@repay/db/schema';
import type { ApiScope } from '@repay/rules';
import type { Executor } from '../../lib/executor';

export interface ApiKeyRecord {
  keyId: string;
  name: string;
  secretEnc: string;
  active: boolean;
}

export function createApiKeysRepo({ db }: Executor) {
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
      return row
        ? {
            keyId: row.keyId,
            name: row.name,
            secretEnc: row.secretEnc,
            active: row.status === 'active',
          }
        : null;
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
