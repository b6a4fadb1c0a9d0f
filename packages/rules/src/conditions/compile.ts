// Conditions compiled to plain closures for hot paths. The semantics copy
// json-rules-engine's default operators exactly (strict equality, indexOf membership,
// numeric operators guarded by its parseFloat check), so both always agree; a property
// test holds them to it.
import { isLeaf, type ConditionLeaf, type ConditionNode, type Facts } from './types';

export type Predicate = (facts: Facts) => boolean;

const ALWAYS: Predicate = () => true;

export function compileConditions(node: ConditionNode | undefined): Predicate {
  if (node === undefined) return ALWAYS;
  if (isLeaf(node)) return compileLeaf(node);
  if ('all' in node) {
    const parts = node.all.map(compileConditions);
    if (parts.length === 1) return parts[0]!;
    return (facts) => {
      for (const part of parts) if (!part(facts)) return false;
      return true;
    };
  }
  if ('any' in node) {
    const parts = node.any.map(compileConditions);
    if (parts.length === 1) return parts[0]!;
    return (facts) => {
      for (const part of parts) if (part(facts)) return true;
      return false;
    };
  }
  const inner = compileConditions(node.not);
  return (facts) => !inner(facts);
}

function isNumeric(value: unknown): boolean {
  return Number.parseFloat(value as string).toString() !== 'NaN';
}

function compileLeaf(leaf: ConditionLeaf): Predicate {
  const { fact } = leaf;
  const value = leaf.value as unknown;
  const read = (facts: Facts): unknown =>
    Object.prototype.hasOwnProperty.call(facts, fact) ? facts[fact] : undefined;
  switch (leaf.operator) {
    case 'equal':
      return (f) => read(f) === value;
    case 'notEqual':
      return (f) => read(f) !== value;
    case 'in': {
      const list = value as unknown[];
      return (f) => list.indexOf(read(f)) > -1;
    }
    case 'notIn': {
      const list = value as unknown[];
      return (f) => list.indexOf(read(f)) === -1;
    }
    case 'contains':
      return (f) => {
        const a = read(f);
        return Array.isArray(a) && a.indexOf(value) > -1;
      };
    case 'doesNotContain':
      return (f) => {
        const a = read(f);
        return Array.isArray(a) && a.indexOf(value) === -1;
      };
    case 'lessThan':
      return (f) => {
        const a = read(f);
        return isNumeric(a) && (a as number) < (value as number);
      };
    case 'lessThanInclusive':
      return (f) => {
        const a = read(f);
        return isNumeric(a) && (a as number) <= (value as number);
      };
    case 'greaterThan':
      return (f) => {
        const a = read(f);
        return isNumeric(a) && (a as number) > (value as number);
      };
    case 'greaterThanInclusive':
      return (f) => {
        const a = read(f);
        return isNumeric(a) && (a as number) >= (value as number);
      };
  }
}
