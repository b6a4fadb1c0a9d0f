// Explanations come from json-rules-engine itself: it evaluates the same JSON and
// reports, per leaf, the fact's value and whether the leaf held.
import { Engine } from 'json-rules-engine';

import { isLeaf, type ConditionNode, type Conditions, type Facts } from './types';

export interface LeafExplanation {
  path: (string | number)[];
  fact: string;
  operator: string;
  value: unknown;
  factValue: unknown;
  /** null: json-rules-engine short-circuited and never evaluated this leaf. */
  result: boolean | null;
}
export interface Explanation {
  passed: boolean;
  leaves: LeafExplanation[];
}

interface EvaluatedNode {
  all?: EvaluatedNode[];
  any?: EvaluatedNode[];
  not?: EvaluatedNode;
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  result?: boolean;
}

function definedFacts(facts: Facts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) if (v !== undefined) out[k] = v;
  return out;
}

/** Evaluate with json-rules-engine; the reference semantics for compileConditions. */
export async function evaluateWithEngine(conditions: Conditions, facts: Facts): Promise<boolean> {
  return (await explainConditions(conditions, facts)).passed;
}

export async function explainConditions(
  conditions: Conditions,
  facts: Facts,
): Promise<Explanation> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addRule({
    conditions: structuredClone(conditions),
    event: { type: 'match' },
    name: 'rule',
  });
  const { results, failureResults } = await engine.run(definedFacts(facts));
  const ruleResult = results[0] ?? failureResults[0];
  if (!ruleResult) throw new Error('json-rules-engine returned no result');
  const leaves: LeafExplanation[] = [];
  collect(ruleResult.conditions as unknown as EvaluatedNode, [], leaves);
  return { passed: results.length > 0, leaves };
}

function collect(node: EvaluatedNode, path: (string | number)[], out: LeafExplanation[]): void {
  if (node.all) node.all.forEach((c, i) => collect(c, [...path, 'all', i], out));
  else if (node.any) node.any.forEach((c, i) => collect(c, [...path, 'any', i], out));
  else if (node.not) collect(node.not, [...path, 'not'], out);
  else if (node.fact !== undefined) {
    out.push({
      path,
      fact: node.fact,
      operator: node.operator ?? '',
      value: node.value,
      factValue: node.factResult,
      result: node.result === undefined ? null : node.result,
    });
  }
}

export { isLeaf };
export type { ConditionNode };
