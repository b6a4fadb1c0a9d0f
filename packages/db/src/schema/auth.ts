// Console users and sessions; API keys and replay-protection nonces for the REST API.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { id, oneOf, ref, subsetOf, timestamps, timestamptz } from './columns';
import { API_KEY_STATUSES, API_SCOPES, USER_ROLES, USER_STATUSES } from './enums';

export const users = pgTable(
  'users',
  {
    id: id(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: USER_ROLES }).notNull(),
    status: text('status', { enum: USER_STATUSES }).notNull().default('active'),
    // Set when an administrator chose the password (creation, reset): the console asks for a
    // new one before anything else.
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    oneOf('users_role_check', t.role, USER_ROLES),
    oneOf('users_status_check', t.status, USER_STATUSES),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    // sha256 of the cookie token: a leaked table does not leak sessions.
    tokenHash: text('token_hash').primaryKey(),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Absolute end, fixed at sign-in. */
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** Last request seen (written at most once a minute): the idle expiry counts from it. */
    lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    index('sessions_expires_at_idx').on(t.expiresAt),
  ],
);

/**
 * Failed sign-ins per bucket (`user:<name>` or `addr:<ip>`), shared by every engine process: a
 * bucket that reaches its limit within its window is locked until `locked_until`.
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    bucket: text('bucket').primaryKey(),
    failures: integer('failures').notNull(),
    windowStartedAt: timestamptz('window_started_at').notNull(),
    lockedUntil: timestamptz('locked_until'),
  },
  (t) => [index('login_throttles_window_idx').on(t.windowStartedAt)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    keyId: text('key_id').notNull().unique(),
    name: text('name').notNull(),
    // HMAC needs the secret itself, so it is encrypted (not hashed).
    secretEnc: text('secret_enc').notNull(),
    status: text('status', { enum: API_KEY_STATUSES }).notNull().default('active'),
    /** What the key may do (API_SCOPES); no default: a key is given its scopes on purpose. */
    scopes: text('scopes', { enum: API_SCOPES }).array().notNull(),
    /** The funders whose loans it may touch (codes never change); null: every funder, new ones too. */
    funderCodes: text('funder_codes').array(),
    /** After a rotation the previous secret keeps working until then (a grace for clients). */
    previousSecretEnc: text('previous_secret_enc'),
    previousSecretExpiresAt: timestamptz('previous_secret_expires_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastUsedAt: timestamptz('last_used_at'),
    rotatedAt: timestamptz('rotated_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [
    oneOf('api_keys_status_check', t.status, API_KEY_STATUSES),
    subsetOf('api_keys_scopes_check', t.scopes, API_SCOPES),
    check('api_keys_scopes_not_empty', sql`cardinality(${t.scopes}) > 0`),
    check(
      'api_keys_funder_codes_not_empty',
      sql`${t.funderCodes} IS NULL OR cardinality(${t.funderCodes}) > 0`,
    ),
    check(
      'api_keys_previous_secret_check',
      sql`(${t.previousSecretEnc} IS NULL) = (${t.previousSecretExpiresAt} IS NULL)`,
    ),
    check('api_keys_revoked_check', sql`(${t.status} = 'revoked') = (${t.revokedAt} IS NOT NULL)`),
  ],
);

export const apiNonces = pgTable(
  'api_nonces',
  {
    keyId: text('key_id')
      .notNull()
      .references(() => apiKeys.keyId, { onDelete: 'cascade' }),
    nonce: text('nonce').notNull(),
    seenAt: timestamptz('seen_at').notNull().defaultNow(),
  },
  // The primary key rejects a replayed nonce; seen_at lets a sweep prune old ones.
  (t) => [
    primaryKey({ name: 'api_nonces_pk', columns: [t.keyId, t.nonce] }),
    index('api_nonces_seen_at_idx').on(t.seenAt),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type LoginThrottle = typeof loginThrottles.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;
export type ApiNonce = typeof apiNonces.$inferSelect;
export type NewApiNonce = typeof apiNonces.$inferInsert;
