// Static checks run when a rule is saved: every name is a declared variable, operands
// have the right types, function arity is right, and no division can hit zero.
import type { Expr, FunctionName } from './ast';

export type ValueType = 'number' | 'boolean';

export interface VariableSpec {
  type: ValueType;
  /** Never zero (e.g. the day base), so it may be a divisor. */
  nonZero?: boolean;
  /** Shown in the console's variable hints. */
  description?: string;
}
export type VariableSpecs = Readonly<Record<string, VariableSpec>>;

export class ExprTypeError extends Error {
  constructor(
    message: string,
    /** Stable code and params of the problem, for wording it in the console's languages. */
    readonly code = 'formula_type',
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'ExprTypeError';
  }
}

const ARITY: Record<FunctionName, [min: number, max: number]> = {
  min: [2, 16],
  max: [2, 16],
  round: [1, 2],
  floor: [1, 2],
  ceil: [1, 2],
  abs: [1, 1],
};

/** The expression's type; throws ExprTypeError naming the first problem found. */
export function checkExpr(expr: Expr, variables: VariableSpecs, expected?: ValueType): ValueType {
  const type = typeOf(expr, variables);
  if (expected && type !== expected) {
    throw new ExprTypeError(
      `the formula must give a ${expected}, but gives a ${type}`,
      'formula_result_type',
      { expected, got: type },
    );
  }
  return type;
}

function hasVariable(variables: VariableSpecs, name: string): boolean {
  // Own keys only: "constructor", "__proto__" and friends are never variables.
  return Object.prototype.hasOwnProperty.call(variables, name);
}

function typeOf(expr: Expr, variables: VariableSpecs): ValueType {
  switch (expr.type) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'var': {
      if (!hasVariable(variables, expr.name)) {
        const known = Object.keys(variables).join(', ');
        throw new ExprTypeError(
          `unknown variable "${expr.name}"; known: ${known}`,
          'formula_unknown_variable',
          { name: expr.name, known },
        );
      }
      return variables[expr.name]!.type;
    }
    case 'unary': {
      const want: ValueType = expr.op === '!' ? 'boolean' : 'number';
      expectType(expr.arg, variables, want, `"${expr.op}"`);
      return want;
    }
    case 'binary': {
      const { op } = expr;
      if (op === '&&' || op === '||') {
        expectType(expr.left, variables, 'boolean', `"${op}"`);
        expectType(expr.right, variables, 'boolean', `"${op}"`);
        return 'boolean';
      }
      if (op === '==' || op === '!=') {
        const left = typeOf(expr.left, variables);
        expectType(expr.right, variables, left, `"${op}"`);
        return 'boolean';
      }
      expectType(expr.left, variables, 'number', `"${op}"`);
      expectType(expr.right, variables, 'number', `"${op}"`);
      if (op === '/' && !provablyNonZero(expr.right, variables)) {
        throw new ExprTypeError(
          'division by zero is possible: divide by a non-zero number, by a never-zero variable, or by max(x, a positive number)',
          'formula_division_by_zero',
        );
      }
      return op === '+' || op === '-' || op === '*' || op === '/' ? 'number' : 'boolean';
    }
    case 'call': {
      const [min, max] = ARITY[expr.fn];
      if (expr.args.length < min || expr.args.length > max) {
        const wanted = min === max ? `${min}` : `${min} to ${max}`;
        throw new ExprTypeError(
          `${expr.fn}() takes ${wanted} arguments, got ${expr.args.length}`,
          'formula_arity',
          { fn: expr.fn, wanted, got: expr.args.length },
        );
      }
      for (const arg of expr.args) expectType(arg, variables, 'number', `${expr.fn}()`);
      if (['round', 'floor', 'ceil'].includes(expr.fn) && expr.args.length === 2) {
        const places = expr.args[1]!;
        if (
          places.type !== 'number' ||
          !places.value.isInteger() ||
          places.value.lt(0) ||
          places.value.gt(20)
        ) {
          throw new ExprTypeError(
            `${expr.fn}()'s second argument must be a whole number of places from 0 to 20`,
            'formula_places',
            { fn: expr.fn },
          );
        }
      }
      return 'number';
    }
    case 'cond': {
      expectType(expr.test, variables, 'boolean', 'the condition of "? :"');
      const then = typeOf(expr.then, variables);
      expectType(expr.else, variables, then, 'both branches of "? :"');
      return then;
    }
  }
}

function expectType(expr: Expr, variables: VariableSpecs, want: ValueType, where: string): void {
  const got = typeOf(expr, variables);
  if (got !== want)
    throw new ExprTypeError(`${where} needs a ${want}, got a ${got}`, 'formula_operand_type', {
      where,
      want,
      got,
    });
}

/** Conservative: true only when the value can never be zero, whatever the inputs. */
function provablyNonZero(expr: Expr, variables: VariableSpecs): boolean {
  switch (expr.type) {
    case 'number':
      return !expr.value.isZero();
    case 'var':
      return variables[expr.name]?.nonZero === true;
    case 'unary':
      return expr.op === '-' && provablyNonZero(expr.arg, variables);
    case 'binary':
      return (
        (expr.op === '*' || expr.op === '/') &&
        provablyNonZero(expr.left, variables) &&
        provablyNonZero(expr.right, variables)
      );
    case 'call':
      if (expr.fn === 'max') return expr.args.some((a) => a.type === 'number' && a.value.gt(0));
      if (expr.fn === 'min') return expr.args.some((a) => a.type === 'number' && a.value.lt(0));
      if (expr.fn === 'abs') return provablyNonZero(expr.args[0]!, variables);
      return false;
    case 'cond':
      return provablyNonZero(expr.then, variables) && provablyNonZero(expr.else, variables);
    default:
      return false;
  }
}

/** Names a formula uses (for hints and for the console's live calculator). */
export function variablesOf(expr: Expr, into = new Set<string>()): Set<string> {
  switch (expr.type) {
    case 'var':
      into.add(expr.name);
      break;
    case 'unary':
      variablesOf(expr.arg, into);
      break;
    case 'binary':
      variablesOf(expr.left, into);
      variablesOf(expr.right, into);
      break;
    case 'call':
      for (const arg of expr.args) variablesOf(arg, into);
      break;
    case 'cond':
      variablesOf(expr.test, into);
      variablesOf(expr.then, into);
      variablesOf(expr.else, into);
      break;
    default:
      break;
  }
  return into;
}
