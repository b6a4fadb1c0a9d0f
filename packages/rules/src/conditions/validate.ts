// Semantic checks that the JSON shape cannot express: the fact exists for this rule kind,
// the operator suits the fact's type, and the value has the fact's type (and enum).
import type { RuleIssue } from '../rule-issue';
import {
  isLeaf,
  type ConditionLeaf,
  type ConditionNode,
  type FactSpecs,
  type Scalar,
} from './types';

type Path = (string | number)[];

const NUMERIC = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

export function validateConditions(
  node: ConditionNode,
  facts: FactSpecs,
  path: Path = [],
): RuleIssue[] {
  if (isLeaf(node)) return validateLeaf(node, facts, path);
  if ('all' in node)
    return node.all.flatMap((child, i) => validateConditions(child, facts, [...path, 'all', i]));
  if ('any' in node)
    return node.any.flatMap((child, i) => validateConditions(child, facts, [...path, 'any', i]));
  return validateConditions(node.not, facts, [...path, 'not']);
}

function validateLeaf(leaf: ConditionLeaf, facts: FactSpecs, path: Path): RuleIssue[] {
  if (!Object.prototype.hasOwnProperty.call(facts, leaf.fact)) {
    return [
      {
        path: [...path, 'fact'],
        message: `unknown fact "${leaf.fact}"; this rule kind knows ${Object.keys(facts).join(', ')}`,
        code: 'unknown_fact',
        params: { fact: leaf.fact, known: Object.keys(facts).join(', ') },
      },
    ];
  }
  const spec = facts[leaf.fact]!;
  const at = [...path, 'value'];
  const valueType = (v: Scalar) => typeof v;
  const elementType = spec.type === 'string[]' ? 'string' : spec.type;
  const issues: RuleIssue[] = [];
  const checkScalar = (v: unknown, where: Path) => {
    if (Array.isArray(v)) {
      issues.push({
        path: where,
        message: `"${leaf.operator}" compares with one value, not a list`,
        code: 'condition_one_value',
        params: { operator: leaf.operator },
      });
      return;
    }
    if (valueType(v as Scalar) !== elementType) {
      issues.push({
        path: where,
        message: `"${leaf.fact}" is a ${elementType}; got ${JSON.stringify(v)}`,
        code: 'condition_value_type',
        params: { fact: leaf.fact, type: elementType, value: JSON.stringify(v) ?? '' },
      });
      return;
    }
    if (spec.values && typeof v === 'string' && !spec.values.includes(v)) {
      issues.push({
        path: where,
        message: `"${v}" is not a ${leaf.fact}; expected one of ${spec.values.join(', ')}`,
        code: 'condition_value_unknown',
        params: { fact: leaf.fact, value: v, options: spec.values.join(', ') },
      });
    }
  };

  if (NUMERIC.has(leaf.operator)) {
    if (spec.type !== 'number') {
      return [
        {
          path: [...path, 'operator'],
          message: `"${leaf.operator}" needs a number fact; "${leaf.fact}" is a ${spec.type}`,
          code: 'condition_needs_number',
          params: { operator: leaf.operator, fact: leaf.fact, type: spec.type },
        },
      ];
    }
    checkScalar(leaf.value, at);
  } else if (leaf.operator === 'in' || leaf.operator === 'notIn') {
    if (spec.type === 'string[]') {
      return [
        {
          path: [...path, 'operator'],
          message: `use contains/doesNotContain for the list fact "${leaf.fact}"`,
          code: 'condition_use_contains',
          params: { fact: leaf.fact },
        },
      ];
    }
    if (!Array.isArray(leaf.value)) {
      issues.push({
        path: at,
        message: `"${leaf.operator}" needs a list of values`,
        code: 'condition_needs_list',
        params: { operator: leaf.operator },
      });
    } else {
      leaf.value.forEach((v, i) => checkScalar(v, [...at, i]));
    }
  } else if (leaf.operator === 'contains' || leaf.operator === 'doesNotContain') {
    if (spec.type !== 'string[]') {
      return [
        {
          path: [...path, 'operator'],
          message: `"${leaf.operator}" needs a list fact; "${leaf.fact}" is a ${spec.type}`,
          code: 'condition_needs_list_fact',
          params: { operator: leaf.operator, fact: leaf.fact, type: spec.type },
        },
      ];
    }
    checkScalar(leaf.value, at);
  } else {
    if (spec.type === 'string[]') {
      return [
        {
          path: [...path, 'operator'],
          message: `use contains/doesNotContain for the list fact "${leaf.fact}"`,
          code: 'condition_use_contains',
          params: { fact: leaf.fact },
        },
      ];
    }
    checkScalar(leaf.value, at);
  }
  return issues;
}
