// What an API key may do over REST: the scopes it holds, and the funders whose loans it may
// touch (docs/api.md). The REST plugin asks these before any handler runs.
import { API_SCOPES, type ApiScope } from '@repay/rules';
import { AppError } from '../../lib/errors';

export { API_SCOPES, type ApiScope };

/** The key a REST call was signed with, as the routes see it. */
export interface ApiPrincipal {
  keyId: string;
  name: string;
  scopes: readonly ApiScope[];
  /** The funders whose loans it may touch; null: every funder, those added later too. */
  funderCodes: readonly string[] | null;
}

/** 403 unless the key holds the scope; the message names the scope missing. */
export function requireScope(principal: ApiPrincipal, scope: ApiScope): void {
  if (!principal.scopes.includes(scope))
    throw new AppError('FORBIDDEN', `this API key lacks the scope ${scope}`);
}

export const mayActForFunder = (principal: ApiPrincipal, funderCode: string): boolean =>
  principal.funderCodes === null || principal.funderCodes.includes(funderCode);
