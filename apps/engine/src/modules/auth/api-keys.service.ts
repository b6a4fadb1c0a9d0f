// API keys of upstream systems: created with scopes and funders, revoked, rotated with a grace,
// and the REST signature check of docs/api.md. The secret is shown once and stored encrypted
// (HMAC needs it). Key times are wall-clock: like sessions, they are transport security.
import { randomBytes } from 'node:crypto';
import { API_SCOPES } from '@repay/rules';
import { signRequest } from '../../lib/api-signature';
import { randomToken, safeEqualHex, type FieldCrypto } from '../../lib/crypto';
import { AppError, notFound } from '../../lib/errors';
import type { Executor } from '../../lib/executor';
import type { Transactor } from '../../lib/transaction';
import type { Actor, AuditLog } from '../events';
import { findFunder } from '../reference';
import type { ApiPrincipal } from './api-access';
import type { ApiKeyRecord, ApiKeysRepo } from './api-keys.repo';
import type { CreateApiKeyInput } from './api-keys.schema';

/** docs/api.md: timestamps further than this from now are stale. */
export const SIGNATURE_WINDOW_SECONDS = 300;
/**
 * A nonce is kept as long as a call carrying it could still be accepted: one seen now may bear
 * a timestamp a window ahead, which stays fresh for another window.
 */
export const NONCE_RETENTION_MS = 2 * SIGNATURE_WINDOW_SECONDS * 1000;

export interface ApiRequestToVerify {
  keyId: string | undefined;
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  method: string;
  pathWithQuery: string;
  body: Buffer;
}

type Repos = { tx: Executor; apiKeys: ApiKeysRepo; audit: AuditLog };

const unauthorized = (message: string) => new AppError('UNAUTHORIZED', message);
const newKeyId = () => `rk_${randomBytes(9).toString('hex')}`;
const newSecret = () => randomToken(32);

/** A key as the console and `api-key list` show it: never its secrets. */
const keyView = (k: ApiKeyRecord, now: Date) => ({
  keyId: k.keyId,
  name: k.name,
  status: k.status,
  scopes: k.scopes,
  funderCodes: k.funderCodes,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  rotatedAt: k.rotatedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  /** While the secret before the last rotation still works: until when. */
  previousSecretUntil:
    k.previousSecretExpiresAt && k.previousSecretExpiresAt > now
      ? k.previousSecretExpiresAt.toISOString()
      : null,
});
export type ApiKeyView = ReturnType<typeof keyView>;

export function createApiKeysService(deps: {
  repo: ApiKeysRepo;
  transaction: Transactor<Repos>;
  crypto: FieldCrypto;
}) {
  const { repo, transaction, crypto } = deps;

  /**
   * The replay window is transport security: the wall clock only. A pinned business clock
   * (demos, tests) never widens it; clients sign with the time of day.
   */
  function timestampFresh(seconds: number): boolean {
    return Math.abs(Date.now() / 1000 - seconds) <= SIGNATURE_WINDOW_SECONDS;
  }

  /** The secrets a call may be signed with now: the current one, and the previous one in its grace. */
  function secretsOf(key: ApiKeyRecord, now: Date): string[] {
    const inGrace = key.previousSecretEnc !== null && (key.previousSecretExpiresAt ?? now) > now;
    return [key.secretEnc, ...(inGrace ? [key.previousSecretEnc!] : [])].map((enc) =>
      crypto.decrypt(enc),
    );
  }

  async function requireActiveKey(keyId: string): Promise<ApiKeyRecord> {
    const key = await repo.findApiKey(keyId);
    if (!key) throw notFound(`API key ${keyId}`, 'keyId');
    if (key.status !== 'active')
      throw new AppError('CONFLICT', `API key ${keyId} is revoked`, { field: 'keyId' });
    return key;
  }

  return {
    /** Registers a key with a known secret (the demo seed's `rk_demo`); false if it exists. */
    async ensureApiKey(input: { key: string; secret: string; name: string }) {
      if (await repo.findApiKey(input.key)) return false;
      await repo.insertApiKey({
        keyId: input.key,
        name: input.name,
        secretEnc: crypto.encrypt(input.secret),
        scopes: [...API_SCOPES],
        funderCodes: null,
      });
      return true;
    },

    /** Returns the secret once; only its ciphertext is stored. Funders must exist. */
    async createApiKey(input: CreateApiKeyInput, actor: Actor) {
      const key = newKeyId();
      const secret = newSecret();
      await transaction(async (repos) => {
        for (const [i, code] of (input.funderCodes ?? []).entries())
          if (!(await findFunder(repos.tx, code)))
            throw new AppError('UNPROCESSABLE', `unknown funder ${code}`, {
              field: `funderCodes.${i}`,
            });
        await repos.apiKeys.insertApiKey({
          keyId: key,
          name: input.name,
          secretEnc: crypto.encrypt(secret),
          scopes: input.scopes,
          funderCodes: input.funderCodes,
        });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'api_key.create',
          entityType: 'api_key',
          entityId: key,
          reason: input.reason,
          diff: { name: input.name, scopes: input.scopes, funderCodes: input.funderCodes },
        });
      });
      return { key, secret };
    },

    async list() {
      const now = new Date();
      return (await repo.listApiKeys()).map((k) => keyView(k, now));
    },

    /** The key stops working at once (401), its previous secret too. */
    async revoke(keyId: string, reason: string, actor: Actor) {
      await requireActiveKey(keyId);
      const now = new Date();
      await transaction(async (repos) => {
        if (!(await repos.apiKeys.revoke(keyId, now)))
          throw new AppError('CONFLICT', `API key ${keyId} is revoked`, { field: 'keyId' });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'api_key.revoke',
          entityType: 'api_key',
          entityId: keyId,
          reason,
        });
      });
      return keyView((await repo.findApiKey(keyId))!, now);
    },

    /**
     * A new secret, returned once; the one it replaces keeps working for `graceHours` (0: stops
     * at once) so that clients can switch over without a failed call.
     */
    async rotate(keyId: string, graceHours: number, reason: string, actor: Actor) {
      await requireActiveKey(keyId);
      const secret = newSecret();
      const now = new Date();
      const graceUntil = graceHours > 0 ? new Date(now.getTime() + graceHours * 3600_000) : null;
      await transaction(async (repos) => {
        if (!(await repos.apiKeys.rotate(keyId, crypto.encrypt(secret), graceUntil, now)))
          throw new AppError('CONFLICT', `API key ${keyId} is revoked`, { field: 'keyId' });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'api_key.rotate',
          entityType: 'api_key',
          entityId: keyId,
          reason,
          diff: { graceHours, previousSecretUntil: graceUntil?.toISOString() ?? null },
        });
      });
      return { key: keyId, secret, previousSecretUntil: graceUntil?.toISOString() ?? null };
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
      if (key?.status !== 'active') throw unauthorized('unknown or revoked API key');
      const signature = req.signature.toLowerCase();
      const signed = secretsOf(key, new Date()).some((secret) =>
        safeEqualHex(
          signRequest(secret, {
            method: req.method,
            pathWithQuery: req.pathWithQuery,
            timestamp: req.timestamp!,
            nonce: req.nonce!,
            body: req.body,
          }),
          signature,
        ),
      );
      if (!signed) throw unauthorized('signature does not match');
      // Claimed only after the signature holds, so nobody can burn another client's nonces.
      if (!(await repo.claimNonce(key.keyId, req.nonce, new Date())))
        throw unauthorized('nonce already used');
      await repo.touchApiKey(key.keyId, new Date());
      return {
        keyId: key.keyId,
        name: key.name,
        scopes: key.scopes,
        funderCodes: key.funderCodes,
      };
    },

    pruneNonces: () => repo.pruneNonces(new Date(Date.now() - NONCE_RETENTION_MS)),
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
