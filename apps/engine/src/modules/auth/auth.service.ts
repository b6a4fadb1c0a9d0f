// Console sessions, users and API keys; the REST signature check of docs/api.md.
import { randomBytes } from 'node:crypto';
import { signRequest } from '../../lib/api-signature';
import type { Clock } from '../../lib/clock';
import { randomToken, safeEqualHex, sha256Hex, type FieldCrypto } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import { hashPassword, verifyPassword } from '../../lib/passwords';
import type { AuditLog } from '../events';
import type { ApiPrincipal, AuthRepo, SessionUser } from './auth.types';
import type { Role } from './permissions';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** docs/api.md: timestamps further than this from now are stale. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export interface ApiRequestToVerify {
  keyId: string | undefined;
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  method: string;
  pathWithQuery: string;
  body: Buffer;
}

const unauthorized = (message: string) => new AppError('UNAUTHORIZED', message);

export function createAuthService(deps: {
  repo: AuthRepo;
  clock: Clock;
  crypto: FieldCrypto;
  audit: AuditLog;
}) {
  const { repo, clock, crypto, audit } = deps;

  /**
   * The replay window is transport security, so it is checked against the wall clock; a pinned
   * business clock (demos, tests) is accepted too so that signed calls made "at" that time work.
   */
  function timestampFresh(seconds: number): boolean {
    const candidates = [Date.now(), clock.now().getTime()];
    return candidates.some((ms) => Math.abs(ms / 1000 - seconds) <= SIGNATURE_WINDOW_SECONDS);
  }

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

    /** Registers a key with a known secret (the demo seed's `rk_demo`); false if it exists. */
    async ensureApiKey(input: { key: string; secret: string; name: string }) {
      if (await repo.findApiKey(input.key)) return false;
      await repo.insertApiKey({
        keyId: input.key,
        name: input.name,
        secretEnc: crypto.encrypt(input.secret),
      });
      return true;
    },

    /** Returns the secret once; only its ciphertext is stored (it is needed to verify HMACs). */
    async createApiKey(name: string) {
      const key = `rk_${randomBytes(9).toString('hex')}`;
      const secret = randomToken(32);
      await repo.insertApiKey({ keyId: key, name, secretEnc: crypto.encrypt(secret) });
      await audit.record({
        actorType: 'system',
        actorId: 'cli',
        action: 'api_key.create',
        entityType: 'api_key',
        entityId: key,
        diff: { name },
      });
      return { key, secret };
    },

    async verifyApiRequest(req: ApiRequestToVerify): Promise<ApiPrincipal> {
      if (!req.keyId || !req.timestamp || !req.nonce || !req.signature) {
        throw unauthorized(
          'X-Repay-Key, X-Repay-Timestamp, X-Repay-Nonce and X-Repay-Signature are required',
        );
      }
      if (!/^\d{1,12}$/.test(req.timestamp) || !timestampFresh(Number(req.timestamp))) {
        throw unauthorized('X-Repay-Timestamp is stale or malformed');
      }
      if (req.nonce.length > 128) throw unauthorized('X-Repay-Nonce is too long');
      const key = await repo.findApiKey(req.keyId);
      if (!key?.active) throw unauthorized('unknown or revoked API key');
      const expected = signRequest(crypto.decrypt(key.secretEnc), {
        method: req.method,
        pathWithQuery: req.pathWithQuery,
        timestamp: req.timestamp,
        nonce: req.nonce,
        body: req.body,
      });
      if (!safeEqualHex(expected, req.signature.toLowerCase()))
        throw unauthorized('signature does not match');
      // Claimed only after the signature holds, so nobody can burn another client's nonces.
      if (!(await repo.claimNonce(key.keyId, req.nonce, new Date())))
        throw unauthorized('nonce already used');
      await repo.touchApiKey(key.keyId, new Date());
      return { keyId: key.keyId, name: key.name };
    },

    pruneNonces: () => repo.pruneNonces(new Date(Date.now() - 2 * SIGNATURE_WINDOW_SECONDS * 1000)),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
