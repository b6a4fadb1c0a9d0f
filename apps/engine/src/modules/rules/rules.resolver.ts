// resolveRule(kind, context, at) → { versionId, rule }: the published version that governs
// a loan at an instant. Everything a rule produces stores that version id.
import {
  createResolver,
  parseRuleBody,
  RULE_KINDS,
  type RuleBodies,
  type RuleContext,
  type RuleKind,
  type RuleScope,
} from '@repay/rules';
import type { Clock } from '../../lib/clock';
import type { RulesRepo } from './rules.types';

export interface ResolvedRule<K extends RuleKind> {
  versionId: string;
  ruleSetName: string;
  versionNo: number;
  ruleSetId: string;
  scopeType: RuleScope;
  scopeKey: string;
  gray: boolean;
  rule: RuleBodies[K];
}

/** Resolves many contexts against one load of the kind's publications (batch hot paths). */
export type RuleSnapshot<K extends RuleKind> = (
  context: RuleContext,
  at: Date,
) => ResolvedRule<K> | null;

export function createRuleResolver(repo: Pick<RulesRepo, 'publishedOfKind'>, clock: Clock) {
  /**
   * `withGray: false` resolves as if no gray release were live (what the full publications
   * alone do: the forecast's "published" side); the default is what the engine runs.
   */
  async function snapshot<K extends RuleKind>(
    kind: K,
    options: { withGray?: boolean } = {},
  ): Promise<RuleSnapshot<K>> {
    const all = await repo.publishedOfKind(kind);
    const rows = options.withGray === false ? all.filter((r) => r.mode === 'full') : all;
    // Parse each version once; a stored body always passed validation when saved.
    const parsed = new Map<bigint, RuleBodies[K]>();
    const resolve = createResolver(
      rows.map((row) => {
        if (!parsed.has(row.versionId)) parsed.set(row.versionId, parseRuleBody(kind, row.body));
        return {
          ruleSetId: String(row.ruleSetId),
          scopeType: row.scopeType,
          scopeKey: row.scopeKey,
          mode: row.mode,
          grayTarget: row.grayTarget,
          effectiveFrom: row.effectiveFrom,
          endedAt: row.endedAt,
          publicationId: String(row.publicationId),
          version: { id: row.versionId, no: row.versionNo, setName: row.ruleSetName },
        };
      }),
    );
    return (context, at) => {
      const hit = resolve(context, at);
      if (!hit) return null;
      return {
        versionId: String(hit.version.id),
        ruleSetName: hit.version.setName,
        versionNo: hit.version.no,
        ruleSetId: hit.ruleSetId,
        scopeType: hit.scopeType,
        scopeKey: hit.scopeKey,
        gray: hit.gray,
        rule: parsed.get(hit.version.id)!,
      };
    };
  }

  async function resolveRule<K extends RuleKind>(
    kind: K,
    context: RuleContext,
    at: Date,
  ): Promise<ResolvedRule<K> | null> {
    return (await snapshot(kind))(context, at);
  }

  /** Every version of the kind in force at `at`, whatever its scope (e.g. all window slots). */
  async function allInForce<K extends RuleKind>(kind: K, at: Date): Promise<RuleBodies[K][]> {
    const rows = await repo.publishedOfKind(kind);
    const live = rows.filter(
      (r) => r.effectiveFrom <= at && (r.endedAt === null || r.endedAt > at),
    );
    const seen = new Map<bigint, RuleBodies[K]>();
    for (const r of live)
      if (!seen.has(r.versionId)) seen.set(r.versionId, parseRuleBody(kind, r.body));
    return [...seen.values()];
  }

  /** The gray releases of a kind live at some instant of [from, to) (none: both sides agree). */
  async function grayReleases(kind: RuleKind, from: Date, to: Date) {
    const rows = await repo.publishedOfKind(kind);
    return rows
      .filter(
        (r) =>
          r.mode === 'gray' && r.effectiveFrom < to && (r.endedAt === null || r.endedAt > from),
      )
      .map((r) => ({
        kind,
        ruleSetName: r.ruleSetName,
        versionNo: r.versionNo,
        scopeType: r.scopeType,
        scopeKey: r.scopeKey,
      }));
  }

  /**
   * A key of the kinds' publications (each with its start and end): it changes when a version
   * is published, promoted, rolled back or a gray release starts or ends, so a result computed
   * under the rules can tell it is out of date.
   */
  async function publicationsKey(kinds: RuleKind[]): Promise<string> {
    const parts: string[] = [];
    for (const kind of kinds)
      for (const r of await repo.publishedOfKind(kind))
        parts.push(
          `${kind}:${r.publicationId}:${r.effectiveFrom.getTime()}:${r.endedAt?.getTime() ?? ''}`,
        );
    return parts.sort().join(',');
  }

  return {
    snapshot,
    grayReleases,
    publicationsKey,
    allInForce,
    /** Which version of every kind governs this loan at `at` ("which rule does this?"). */
    async inForce(context: RuleContext, at: Date = clock.now()) {
      return Promise.all(
        RULE_KINDS.map(async (kind) => {
          const hit = await resolveRule(kind, context, at);
          return {
            kind,
            resolved: hit && {
              ruleSetId: hit.ruleSetId,
              ruleSetName: hit.ruleSetName,
              versionId: hit.versionId,
              versionNo: hit.versionNo,
              scopeType: hit.scopeType,
              scopeKey: hit.scopeKey,
              gray: hit.gray,
            },
          };
        }),
      );
    },
    resolveRule,
  };
}

export type RuleResolver = ReturnType<typeof createRuleResolver>;
