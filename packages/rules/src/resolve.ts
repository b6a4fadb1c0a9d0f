// Which published rule version applies to a loan at an instant: the most specific scope
// (product > funder > business line > global) that has a version in force; within a
// scope, a live gray release wins for the loans it targets, else the latest full one.
import { inGray, type GrayTarget } from './gray';
import type { RuleScope } from './vocabulary';

export const SCOPE_ORDER: readonly RuleScope[] = ['product', 'funder', 'business_line', 'global'];

export interface RuleContext {
  businessLine?: string;
  funderCode?: string;
  productCode?: string;
  /** Stable loan key (the upstream orderNo) for percentage gray releases. */
  loanKey?: string;
}

export interface Publication<V> {
  ruleSetId: string;
  scopeType: RuleScope;
  scopeKey: string;
  mode: 'full' | 'gray';
  grayTarget: GrayTarget | null;
  effectiveFrom: Date;
  endedAt: Date | null;
  publicationId: string;
  version: V;
}

export interface Resolved<V> {
  ruleSetId: string;
  scopeType: RuleScope;
  scopeKey: string;
  gray: boolean;
  version: V;
}

function scopeKeyFor(scope: RuleScope, context: RuleContext): string | undefined {
  switch (scope) {
    case 'global':
      return '*';
    case 'business_line':
      return context.businessLine;
    case 'funder':
      return context.funderCode;
    case 'product':
      return context.productCode;
  }
}

/** Index publications by scope once; resolve many contexts against it. */
export function createResolver<V>(publications: readonly Publication<V>[]) {
  const byScope = new Map<string, Publication<V>[]>();
  for (const p of publications) {
    const key = `${p.scopeType}:${p.scopeKey}`;
    const list = byScope.get(key) ?? [];
    list.push(p);
    byScope.set(key, list);
  }
  for (const list of byScope.values()) {
    list.sort(
      (a, b) =>
        a.effectiveFrom.getTime() - b.effectiveFrom.getTime() ||
        Number(BigInt(a.publicationId) - BigInt(b.publicationId)),
    );
  }

  return function resolve(context: RuleContext, at: Date): Resolved<V> | null {
    const t = at.getTime();
    for (const scope of SCOPE_ORDER) {
      const key = scopeKeyFor(scope, context);
      if (key === undefined) continue;
      const list = byScope.get(`${scope}:${key}`);
      if (!list) continue;
      let full: Publication<V> | undefined;
      let gray: Publication<V> | undefined;
      for (const p of list) {
        if (p.effectiveFrom.getTime() > t) break;
        if (p.mode === 'full') full = p;
        else if (p.endedAt === null || p.endedAt.getTime() > t) gray = p;
      }
      const pick =
        gray && gray.grayTarget && inGray(gray.ruleSetId, gray.grayTarget, context) ? gray : full;
      if (pick) {
        return {
          ruleSetId: pick.ruleSetId,
          scopeType: pick.scopeType,
          scopeKey: pick.scopeKey,
          gray: pick === gray,
          version: pick.version,
        };
      }
    }
    return null;
  };
}
