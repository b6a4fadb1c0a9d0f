// Gray release membership: a stable hash of (rule set, loan) into 10,000 buckets, so the
// same loan always lands on the same side for the same rule set.

/** FNV-1a, 32-bit: small, stable across platforms and versions. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Bucket 0–9999 of a loan for a rule set. */
export function grayBucket(ruleSetId: string, loanKey: string): number {
  return fnv1a(`${ruleSetId}:${loanKey}`) % 10_000;
}

export interface GrayTarget {
  funderCodes?: string[];
  productCodes?: string[];
  /** Share of loans in percent, e.g. 10 or 2.5 (two decimals at most). */
  percent?: number;
}

export interface GrayContext {
  funderCode?: string;
  productCode?: string;
  loanKey?: string;
}

/** A loan is on the gray side if it matches any of the listed targets. */
export function inGray(ruleSetId: string, target: GrayTarget, context: GrayContext): boolean {
  if (context.funderCode && target.funderCodes?.includes(context.funderCode)) return true;
  if (context.productCode && target.productCodes?.includes(context.productCode)) return true;
  if (target.percent !== undefined && context.loanKey !== undefined) {
    return grayBucket(ruleSetId, context.loanKey) < Math.round(target.percent * 100);
  }
  return false;
}
