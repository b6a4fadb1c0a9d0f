// Compile a checked formula to a closure over decimal.js values. No eval, no Function:
// the closure tree can only do what the whitelisted nodes do.
import type { Dec } from '../money';
import { Dec as Decimal } from '../money';
import { parseExpr, type Expr } from './ast';
import { checkExpr, type ValueType, type VariableSpecs } from './check';

export type Value = Dec | boolean;
export type Inputs = Readonly<Record<string, Value>>;
type Evaluate = (inputs: Inputs) => Value;

/** A formula failed on particular data (e.g. a division by zero the checker let through). */
export class ExprRuntimeError extends Error {
  constructor(
    message: string,
    readonly inputs: Record<string, string>,
  ) {
    super(`${message}; inputs: ${JSON.stringify(inputs)}`);
    this.name = 'ExprRuntimeError';
  }
}

export interface CompiledFormula {
  readonly source: string;
  readonly type: ValueType;
  evaluate(inputs: Inputs): Value;
  /** Evaluate a number formula. */
  number(inputs: Inputs): Dec;
}

export function compileFormula(
  source: string,
  variables: VariableSpecs,
  expected: ValueType = 'number',
): CompiledFormula {
  const expr = parseExpr(source);
  const type = checkExpr(expr, variables, expected);
  const run = build(expr);
  return {
    source,
    type,
    evaluate: run,
    number(inputs) {
      return run(inputs) as Dec;
    },
  };
}

function describeInputs(inputs: Inputs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs)) out[k] = String(v);
  return out;
}

const num = (f: Evaluate) => (i: Inputs) => f(i) as Dec;
const bool = (f: Evaluate) => (i: Inputs) => f(i) as boolean;

function build(expr: Expr): Evaluate {
  switch (expr.type) {
    case 'number': {
      const value = expr.value;
      return () => value;
    }
    case 'boolean': {
      const value = expr.value;
      return () => value;
    }
    case 'var': {
      const name = expr.name;
      return (inputs) => {
        if (!Object.prototype.hasOwnProperty.call(inputs, name)) {
          throw new ExprRuntimeError(`no value for "${name}"`, describeInputs(inputs));
        }
        return inputs[name]!;
      };
    }
    case 'unary': {
      const arg = build(expr.arg);
      if (expr.op === '!') return (i) => !bool(arg)(i);
      return (i) => num(arg)(i).neg();
    }
    case 'binary':
      return buildBinary(expr.op, build(expr.left), build(expr.right));
    case 'call':
      return buildCall(expr.fn, expr.args.map(build));
    case 'cond': {
      const test = bool(build(expr.test));
      const then = build(expr.then);
      const otherwise = build(expr.else);
      return (i) => (test(i) ? then(i) : otherwise(i));
    }
  }
}

function buildBinary(op: string, leftRaw: Evaluate, rightRaw: Evaluate): Evaluate {
  const l = num(leftRaw);
  const r = num(rightRaw);
  switch (op) {
    case '+':
      return (i) => l(i).plus(r(i));
    case '-':
      return (i) => l(i).minus(r(i));
    case '*':
      return (i) => l(i).times(r(i));
    case '/':
      return (i) => {
        const divisor = r(i);
        if (divisor.isZero()) throw new ExprRuntimeError('division by zero', describeInputs(i));
        return l(i).div(divisor);
      };
    case '<':
      return (i) => l(i).lt(r(i));
    case '<=':
      return (i) => l(i).lte(r(i));
    case '>':
      return (i) => l(i).gt(r(i));
    case '>=':
      return (i) => l(i).gte(r(i));
    case '==':
    case '!=': {
      const same = (i: Inputs) => {
        const a = leftRaw(i);
        const b = rightRaw(i);
        return typeof a === 'boolean' ? a === b : a.eq(b as Dec);
      };
      return op === '==' ? same : (i) => !same(i);
    }
    case '&&':
      return (i) => bool(leftRaw)(i) && bool(rightRaw)(i);
    case '||':
      return (i) => bool(leftRaw)(i) || bool(rightRaw)(i);
    default:
      throw new Error(`unreachable operator ${op}`);
  }
}

function buildCall(fn: string, args: Evaluate[]): Evaluate {
  const nums = args.map(num);
  const places = (i: Inputs) => (nums[1] ? nums[1](i).toNumber() : 0);
  switch (fn) {
    case 'min':
      return (i) => Decimal.min(...nums.map((a) => a(i)));
    case 'max':
      return (i) => Decimal.max(...nums.map((a) => a(i)));
    case 'round':
      return (i) => nums[0]!(i).toDecimalPlaces(places(i), Decimal.ROUND_HALF_UP);
    case 'floor':
      return (i) => nums[0]!(i).toDecimalPlaces(places(i), Decimal.ROUND_FLOOR);
    case 'ceil':
      return (i) => nums[0]!(i).toDecimalPlaces(places(i), Decimal.ROUND_CEIL);
    case 'abs':
      return (i) => nums[0]!(i).abs();
    default:
      throw new Error(`unreachable function ${fn}`);
  }
}
