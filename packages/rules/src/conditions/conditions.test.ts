import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  compileConditions,
  conditionsSchema,
  evaluateWithEngine,
  explainConditions,
  OPERATORS,
  validateConditions,
  type ConditionNode,
  type Conditions,
  type FactSpecs,
  type Facts,
} from './index';

const FACT_NAMES = ['amount', 'bank', 'tags', 'paused', 'missing'] as const;
const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0, 0.5, 1e3, -0),
  fc.constantFrom('ICBC', 'CCB', '', '12', '1e3', 'abc', ' 7'),
  fc.boolean(),
);
// Structurally valid leaves (membership operators take a list, as the schema demands);
// types are deliberately mixed to exercise json-rules-engine's coercions.
const list = fc.array(scalar, { minLength: 1, maxLength: 4 });
const leaf = fc.oneof(
  fc.record({
    fact: fc.constantFrom(...FACT_NAMES),
    operator: fc.constantFrom(...OPERATORS.filter((o) => o !== 'in' && o !== 'notIn')),
    value: fc.oneof(scalar, list),
  }),
  fc.record({
    fact: fc.constantFrom(...FACT_NAMES),
    operator: fc.constantFrom('in' as const, 'notIn' as const),
    value: list,
  }),
);
const { node } = fc.letrec<{ node: ConditionNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
}));
const top: fc.Arbitrary<Conditions> = fc.oneof(
  fc.record({ all: fc.array(node, { minLength: 1, maxLength: 3 }) }),
  fc.record({ any: fc.array(node, { minLength: 1, maxLength: 3 }) }),
  fc.record({ not: node }),
);
const factValue = fc.oneof(
  scalar,
  fc.array(fc.constantFrom('vip', 'new', 'ICBC', '12'), { maxLength: 3 }),
  fc.constant(undefined),
);
const facts: fc.Arbitrary<Facts> = fc.record({
  amount: factValue,
  bank: factValue,
  tags: factValue,
  paused: factValue,
});

describe('compiled conditions agree with json-rules-engine', () => {
  it('on random condition trees and random facts (including odd types and missing facts)', async () => {
    await fc.assert(
      fc.asyncProperty(
        top,
        fc.array(facts, { minLength: 1, maxLength: 5 }),
        async (conditions, factSets) => {
          const predicate = compileConditions(conditions);
          for (const f of factSets) {
            expect(predicate(f)).toBe(await evaluateWithEngine(conditions, f));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('treats absent conditions as always true', () => {
    expect(compileConditions(undefined)({})).toBe(true);
  });
});

describe('explanations', () => {
  it('name the leaf that failed and the fact value it saw', async () => {
    const conditions: Conditions = {
      all: [
        { fact: 'bank', operator: 'in', value: ['ICBC', 'CCB'] },
        { fact: 'amount', operator: 'lessThanInclusive', value: 500000 },
      ],
    };
    const explanation = await explainConditions(conditions, { bank: 'ICBC', amount: 600000 });
    expect(explanation.passed).toBe(false);
    expect(explanation.leaves).toContainEqual(
      expect.objectContaining({
        path: ['all', 1],
        fact: 'amount',
        factValue: 600000,
        result: false,
      }),
    );
    expect(explanation.leaves).toContainEqual(
      expect.objectContaining({ path: ['all', 0], result: true }),
    );
  });
});

describe('condition validation', () => {
  const specs: FactSpecs = {
    amountFen: { type: 'number' },
    bankCode: { type: 'string', values: ['ICBC', 'CCB'] },
    tags: { type: 'string[]' },
  };
  const issues = (json: unknown) => {
    const parsed = conditionsSchema.safeParse(json);
    if (!parsed.success)
      return parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
    return validateConditions(parsed.data, specs);
  };

  it('accepts a well-typed tree', () => {
    expect(
      issues({
        any: [
          { fact: 'bankCode', operator: 'in', value: ['ICBC'] },
          { not: { fact: 'tags', operator: 'contains', value: 'vip' } },
        ],
      }),
    ).toEqual([]);
  });

  it.each([
    [
      { all: [{ fact: 'bankName', operator: 'equal', value: 'x' }] },
      ['all', 0, 'fact'],
      /unknown fact "bankName"/,
    ],
    [
      { all: [{ fact: 'bankCode', operator: 'lessThan', value: 3 }] },
      ['all', 0, 'operator'],
      /needs a number fact/,
    ],
    [
      { all: [{ fact: 'amountFen', operator: 'equal', value: '3' }] },
      ['all', 0, 'value'],
      /is a number/,
    ],
    [
      { all: [{ fact: 'bankCode', operator: 'in', value: ['ICBC', 'XXX'] }] },
      ['all', 0, 'value', 1],
      /"XXX" is not a bankCode/,
    ],
    [
      { all: [{ fact: 'bankCode', operator: 'in', value: 'ICBC' }] },
      ['all', 0, 'value'],
      /needs a list/,
    ],
    [
      { all: [{ fact: 'tags', operator: 'equal', value: 'vip' }] },
      ['all', 0, 'operator'],
      /contains/,
    ],
  ])('%j is refused at its path', (json, path, message) => {
    const found = issues(json);
    expect(found[0]?.path).toEqual(path);
    expect(found[0]?.message).toMatch(message);
  });

  it('refuses shapes json-rules-engine would treat specially (fact paths, fact references, empty groups)', () => {
    expect(issues({ all: [] }).length).toBeGreaterThan(0);
    expect(
      issues({ all: [{ fact: 'amountFen', operator: 'equal', value: 1, path: '$.x' }] }).length,
    ).toBeGreaterThan(0);
    expect(
      issues({ all: [{ fact: 'amountFen', operator: 'equal', value: { fact: 'x' } }] }).length,
    ).toBeGreaterThan(0);
    expect(issues({ fact: 'amountFen', operator: 'equal', value: 1 }).length).toBeGreaterThan(0);
  });
});
