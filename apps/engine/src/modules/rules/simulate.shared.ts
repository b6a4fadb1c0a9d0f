// What every simulation shares: the open installments of the draft's scope, the rule in force
// for each next to what the draft would make it, and rule parts compiled once per simulation.
import {
  compileCharge,
  compileConditions,
  compileRouting,
  SCOPE_SPECIFICITY,
  type CompiledCharge,
  type FeeCharge,
  type RuleBodies,
  type RuleContext,
  type RuleKind,
} from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { RuleResolver, ResolvedRule } from './rules.resolver';
import type { RuleSetRecord } from './rules.types';
import type { OpenInstallmentFacts, SimulationRepo } from './simulation.repo';

export const LIMIT = 50_000;

/** Compile each rule part once per simulation, however many installments it meets. */
function memo<T extends object, R>(build: (part: T) => R): (part: T) => R {
  const cache = new WeakMap<T, R>();
  return (part) => {
    let hit = cache.get(part);
    if (hit === undefined) {
      hit = build(part);
      cache.set(part, hit);
    }
    return hit;
  };
}
// Per business line ceiling (a handful of values), then per charge object.
const chargesByCeiling = new Map<string, (charge: FeeCharge) => CompiledCharge>();
export const chargeOf = (charge: FeeCharge, ceiling: string | null) => {
  let compile = chargesByCeiling.get(ceiling ?? '');
  if (!compile) {
    compile = memo((c: FeeCharge) => compileCharge(c, { ceiling: ceiling ?? undefined }));
    chargesByCeiling.set(ceiling ?? '', compile);
  }
  return compile(charge);
};
export const routingOf = memo(compileRouting);
export const conditionsOf = memo(
  (holder: { conditions?: Parameters<typeof compileConditions>[0] }) =>
    compileConditions(holder.conditions),
);

export const scopeFacts = (r: OpenInstallmentFacts) => ({
  businessLine: r.businessLine,
  funderCode: r.funderCode,
  productCode: r.productCode,
});

/** What an installment still owes, in fen. */
export const owedOf = (r: OpenInstallmentFacts) =>
  r.principalOwedFen + r.interestOwedFen + r.feeOwedFen + r.penaltyOwedFen;

export function createSimulationContext(deps: {
  data: SimulationRepo;
  resolver: RuleResolver;
  clock: Clock;
}) {
  const { data, resolver, clock } = deps;

  /** Open installments of the set's scope due in [fromDate, toDate], at most LIMIT. */
  const rowsOf = (set: RuleSetRecord, fromDate: string, toDate: string) =>
    data.openInstallments({
      scopeType: set.scopeType,
      scopeKey: set.scopeKey,
      fromDate,
      toDate,
      limit: LIMIT,
    });

  /** For each installment: the rule in force now, and what the draft would make it. */
  async function sides<K extends RuleKind>(
    set: RuleSetRecord,
    kind: K,
    draft: RuleBodies[K],
    rows: OpenInstallmentFacts[],
  ) {
    const snapshot = await resolver.snapshot(kind);
    const now = clock.now();
    return rows.map((row) => {
      const inForce: ResolvedRule<K> | null = snapshot(
        {
          businessLine: row.businessLine,
          funderCode: row.funderCode,
          productCode: row.productCode,
          loanKey: row.orderNo,
        },
        now,
      );
      const governedByDraft =
        !inForce || SCOPE_SPECIFICITY[inForce.scopeType] <= SCOPE_SPECIFICITY[set.scopeType];
      return {
        row,
        published: inForce?.rule ?? null,
        draft: governedByDraft ? draft : (inForce?.rule ?? null),
      };
    });
  }

  /**
   * The rule in force now for the set's own scope: its published version, else a broader
   * scope's. For kinds decided per scope rather than per loan (remittance: per funder).
   */
  async function inForceForScope<K extends RuleKind>(
    set: RuleSetRecord,
    kind: K,
  ): Promise<RuleBodies[K] | null> {
    const context: RuleContext =
      set.scopeType === 'business_line'
        ? { businessLine: set.scopeKey }
        : set.scopeType === 'funder'
          ? { funderCode: set.scopeKey }
          : set.scopeType === 'product'
            ? { productCode: set.scopeKey }
            : {};
    return (await resolver.snapshot(kind))(context, clock.now())?.rule ?? null;
  }

  return { clock, rowsOf, sides, inForceForScope };
}

export type SimulationContext = ReturnType<typeof createSimulationContext>;
