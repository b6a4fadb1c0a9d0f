// The formula language: a jsep parse, narrowed to a whitelist of node kinds. Anything
// jsep accepts that is not listed here (member access, `this`, strings, arrays,
// assignment-like operators) is refused, so a formula can only name declared variables
// and call the functions below.
import jsep from 'jsep';

import type { Dec } from '../money';
import { Dec as Decimal } from '../money';

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';
export type UnaryOp = '-' | '!';
export const FUNCTIONS = ['min', 'max', 'round', 'floor', 'ceil', 'abs'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export type Expr =
  | { type: 'number'; value: Dec }
  | { type: 'boolean'; value: boolean }
  | { type: 'var'; name: string }
  | { type: 'unary'; op: UnaryOp; arg: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'call'; fn: FunctionName; args: Expr[] }
  | { type: 'cond'; test: Expr; then: Expr; else: Expr };

const BINARY_OPS = new Set<string>([
  '+',
  '-',
  '*',
  '/',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
]);
const UNARY_OPS = new Set<string>(['-', '!']);
const FUNCTION_SET = new Set<string>(FUNCTIONS);
export const MAX_FORMULA_LENGTH = 2000;

/** A formula that cannot be accepted; `offset` is the character where it went wrong, if known. */
export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
    /** Stable code and params of the problem, for wording it in the console's languages. */
    readonly code = 'formula_syntax',
    readonly params: Record<string, string | number> = {},
  ) {
    super(offset === undefined ? message : `${message} (at character ${offset + 1})`);
    this.name = 'ExprSyntaxError';
  }
}

export function parseExpr(source: string): Expr {
  if (source.trim() === '')
    throw new ExprSyntaxError('the formula is empty', undefined, 'formula_empty');
  if (source.length > MAX_FORMULA_LENGTH) {
    throw new ExprSyntaxError(
      `the formula is longer than ${MAX_FORMULA_LENGTH} characters`,
      undefined,
      'formula_too_long',
      { maximum: MAX_FORMULA_LENGTH },
    );
  }
  let tree: jsep.Expression;
  try {
    tree = jsep(source);
  } catch (error) {
    const e = error as { description?: string; index?: number; message: string };
    throw new ExprSyntaxError(
      e.description ?? e.message,
      e.index,
      'formula_syntax',
      e.index === undefined ? {} : { position: e.index + 1 },
    );
  }
  return narrow(tree);
}

function narrow(node: jsep.Expression): Expr {
  switch (node.type) {
    case 'Literal': {
      const literal = node as jsep.Literal;
      if (typeof literal.value === 'number') {
        return { type: 'number', value: new Decimal(literal.raw) };
      }
      if (typeof literal.value === 'boolean') return { type: 'boolean', value: literal.value };
      throw new ExprSyntaxError(
        `only numbers and true/false are allowed, not ${literal.raw}`,
        undefined,
        'formula_literal',
        { literal: literal.raw },
      );
    }
    case 'Identifier': {
      const { name } = node as jsep.Identifier;
      return { type: 'var', name };
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      if (unary.operator === '+') return narrow(unary.argument);
      if (!UNARY_OPS.has(unary.operator)) {
        throw new ExprSyntaxError(
          `operator "${unary.operator}" is not allowed`,
          undefined,
          'formula_operator',
          { operator: unary.operator },
        );
      }
      return { type: 'unary', op: unary.operator as UnaryOp, arg: narrow(unary.argument) };
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      if (!BINARY_OPS.has(binary.operator)) {
        throw new ExprSyntaxError(
          `operator "${binary.operator}" is not allowed`,
          undefined,
          'formula_operator',
          { operator: binary.operator },
        );
      }
      return {
        type: 'binary',
        op: binary.operator as BinaryOp,
        left: narrow(binary.left),
        right: narrow(binary.right),
      };
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const callee = call.callee;
      const name = callee.type === 'Identifier' ? (callee as jsep.Identifier).name : undefined;
      if (name === undefined || !FUNCTION_SET.has(name)) {
        throw new ExprSyntaxError(
          `only the functions ${FUNCTIONS.join(', ')} can be called`,
          undefined,
          'formula_function',
          { functions: FUNCTIONS.join(', ') },
        );
      }
      return { type: 'call', fn: name as FunctionName, args: call.arguments.map(narrow) };
    }
    case 'ConditionalExpression': {
      const cond = node as jsep.ConditionalExpression;
      return {
        type: 'cond',
        test: narrow(cond.test),
        then: narrow(cond.consequent),
        else: narrow(cond.alternate),
      };
    }
    case 'MemberExpression':
      throw new ExprSyntaxError(
        'property access (a.b, a[b]) is not allowed',
        undefined,
        'formula_member',
      );
    default:
      throw new ExprSyntaxError(
        `${describe(node.type)} is not allowed`,
        undefined,
        'formula_not_allowed',
        {
          what: describe(node.type),
        },
      );
  }
}

function describe(type: string): string {
  switch (type) {
    case 'Compound':
    case 'SequenceExpression':
      return 'more than one expression';
    case 'ThisExpression':
      return '"this"';
    case 'ArrayExpression':
      return 'an array';
    default:
      return `a ${type}`;
  }
}
