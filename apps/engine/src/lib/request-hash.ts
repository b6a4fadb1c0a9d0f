// The one fingerprint of a request for idempotent replays: the same content is the same hash
// however it is written, so a replay answers as the first call did and only a real difference
// is a conflict.
import { createHash } from 'node:crypto';
import { Dec, yuanToFen } from '@repay/rules';

export interface NumericFields {
  /** Dotted paths of yuan amounts, compared in fen: "100000.0" = "100000.00" = "100000". */
  amounts?: readonly string[];
  /** Dotted paths of other decimals (rates, ratios), compared by value: "0.120" = "0.12". */
  decimals?: readonly string[];
}

/**
 * sha256 of the body in canonical form: keys sorted at every level, undefined dropped, the named
 * numeric fields by value (`items[]` names every element of an array). Every other value stays
 * as written: a reference "007" is not "7". Call it with bodies that passed validation.
 */
export function requestHash(body: unknown, numeric: NumericFields): string {
  const kinds = new Map<string, 'amount' | 'decimal'>([
    ...(numeric.amounts ?? []).map((p) => [p, 'amount'] as const),
    ...(numeric.decimals ?? []).map((p) => [p, 'decimal'] as const),
  ]);
  const canonical = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      const kind = kinds.get(path);
      if (kind === 'amount') return yuanToFen(value).toString();
      if (kind === 'decimal') return new Dec(value).toString();
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => canonical(v, `${path}[]`));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, canonical(v, path ? `${path}.${k}` : k)]),
      );
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(body, '')))
    .digest('hex');
}
