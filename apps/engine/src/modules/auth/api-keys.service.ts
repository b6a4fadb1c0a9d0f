// API keys of upstream systems: creating them, and the REST signature check of docs/api.md.
import { randomBytes } from 'node:crypto';
import { API_SCOPES } from '@repay/rules';
import { signRequest } from '../../lib/api-signature';
import type { Clock } from '../../lib/clock';
import { randomToken, safeEqualHex, type FieldCrypto } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import type { AuditLog } from '../events';
import type { ApiKeysRepo } from './api-keys.repo';
import type { ApiPrincipal } from './auth.types';

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

export function createApiKeysService(deps: {
  repo: ApiKeysRepo;
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

    /** Returns the secret once; only its ciphertext is stored (it is needed to verify HMACs). */
    async createApiKey(name: string) {
      const key = `rk_${randomBytes(9).toString('hex')}`;
      const secret = randomToken(32);
      await repo.insertApiKey({
        keyId: key,
        name,
        secretEnc: crypto.encrypt(secret),
        scopes: [...API_SCOPES],
        funderCodes: null,
      });
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

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
