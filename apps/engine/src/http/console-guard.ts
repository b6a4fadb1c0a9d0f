// What guards the console's session cookie at the HTTP edge: only the console's own pages may
// send tRPC mutations (CSRF: Origin, else Referer, must be an allowed console origin — on top of
// SameSite), and the cookie is Secure whenever it travels over HTTPS or in production.
import type { IncomingHttpHeaders } from 'node:http';
import type { Env } from '../env';

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Browsers send Origin with every POST; a Referer is the fallback for the few that strip it. A
 * request with neither is refused: the console always has one, and a program has no business
 * with the console's procedures.
 */
export function fromConsoleOrigin(
  headers: IncomingHttpHeaders,
  allowed: readonly string[],
): boolean {
  const origin = first(headers.origin);
  if (origin) return allowed.includes(origin);
  const referer = first(headers.referer);
  if (!referer || !URL.canParse(referer)) return false;
  return allowed.includes(new URL(referer).origin);
}

/** `protocol` as the request came to the first trusted proxy (X-Forwarded-Proto) or to us. */
export function secureCookie(
  env: Pick<Env, 'REPAY_ENV' | 'REPAY_COOKIE_SECURE'>,
  protocol: string,
): boolean {
  if (env.REPAY_COOKIE_SECURE === 'false' && env.REPAY_ENV !== 'production') return false;
  return (
    env.REPAY_COOKIE_SECURE === 'true' || env.REPAY_ENV === 'production' || protocol === 'https'
  );
}

/** Fastify's trustProxy from REPAY_TRUST_PROXY (`none`: believe no forwarded header). */
export const trustProxyOption = (setting: string): string | false =>
  setting.trim() === 'none' || setting.trim() === '' ? false : setting;
