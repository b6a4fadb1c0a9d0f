// Conditions use json-rules-engine's JSON shape, restricted to what we can both compile
// and explain: all/any/not groups over {fact, operator, value} leaves with literal values.
import { z } from 'zod';

export const OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
] as const;
export type Operator = (typeof OPERATORS)[number];

export type Scalar = string | number | boolean;
export interface ConditionLeaf {
  fact: string;
  operator: Operator;
  value: Scalar | Scalar[];
}
export type ConditionGroup =
  { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };
export type ConditionNode = ConditionLeaf | ConditionGroup;
/** The top level is always a group, as json-rules-engine requires. */
export type Conditions = ConditionGroup;

export type FactType = 'number' | 'string' | 'boolean' | 'string[]';
export interface FactSpec {
  type: FactType;
  /** For string facts: the allowed values (an enum), checked at save time. */
  values?: readonly string[];
  description?: string;
}
export type FactSpecs = Readonly<Record<string, FactSpec>>;
export type Facts = Readonly<Record<string, Scalar | readonly string[] | undefined>>;

const scalar = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

export const conditionLeafSchema = z.strictObject({
  fact: z.string().min(1).max(64),
  operator: z.enum(OPERATORS),
  value: z.union([scalar, z.array(scalar).min(1).max(500)]),
});

export const conditionNodeSchema: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union([
    conditionLeafSchema,
    z.strictObject({ all: z.array(conditionNodeSchema).min(1).max(50) }),
    z.strictObject({ any: z.array(conditionNodeSchema).min(1).max(50) }),
    z.strictObject({ not: conditionNodeSchema }),
  ]),
);

export const conditionsSchema: z.ZodType<Conditions> = z.union([
  z.strictObject({ all: z.array(conditionNodeSchema).min(1).max(50) }),
  z.strictObject({ any: z.array(conditionNodeSchema).min(1).max(50) }),
  z.strictObject({ not: conditionNodeSchema }),
]);

export function isLeaf(node: ConditionNode): node is ConditionLeaf {
  return 'fact' in node;
}
