import { describe, expect, it } from 'vitest';

import { Dec } from '../money';
import {
  compileFormula,
  ExprRuntimeError,
  ExprSyntaxError,
  ExprTypeError,
  type VariableSpecs,
} from './index';

const vars: VariableSpecs = {
  base: { type: 'number' },
  contractRate: { type: 'number' },
  dayBase: { type: 'number', nonZero: true },
  overdueDays: { type: 'number' },
  paused: { type: 'boolean' },
};
const d = (s: string) => new Dec(s);

describe('formula evaluation', () => {
  it.each([
    [
      'base * contractRate * 1.5 / dayBase',
      { base: '1000000', contractRate: '0.12', dayBase: '360' },
      '500',
    ],
    [
      'round(base * contractRate * 1.5 / dayBase * 10)',
      { base: '1000000', contractRate: '0.12', dayBase: '365' },
      '4932',
    ],
    ['0.1 + 0.2', {}, '0.3'],
    ['min(base, 100, 50) + max(1, 2)', { base: '7' }, '9'],
    ['round(2.345, 2)', {}, '2.35'],
    ['round(-2.5)', {}, '-3'],
    ['floor(2.349, 2) + ceil(0.001, 2)', {}, '2.35'],
    ['abs(-3) - -2', {}, '5'],
    ['overdueDays > 30 ? base * 0.001 : base * 0.0005', { overdueDays: '31', base: '10000' }, '10'],
    ['overdueDays > 30 ? base * 0.001 : base * 0.0005', { overdueDays: '30', base: '10000' }, '5'],
    ['!paused && base >= 1 ? 1 : 0', { paused: false, base: '1' }, '1'],
  ])('%s', (source, raw, expected) => {
    const inputs = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, typeof v === 'boolean' ? v : d(v)]),
    );
    expect(compileFormula(source, vars).number(inputs).toString()).toBe(expected);
  });

  it('reports a runtime division by zero with the offending inputs instead of a silent zero', () => {
    // dayBase is declared never-zero; data that breaks the promise fails loudly.
    const f = compileFormula('base / dayBase', vars);
    expect(() => f.number({ base: d('5'), dayBase: d('0') })).toThrow(ExprRuntimeError);
    expect(() => f.number({ base: d('5'), dayBase: d('0') })).toThrow(/"dayBase":"0"/);
  });
});

describe('formula checks at save time', () => {
  it.each([
    ['base * rate', ExprTypeError, /unknown variable "rate"/],
    ['base / overdueDays', ExprTypeError, /division by zero is possible/],
    ['base / (dayBase - 360)', ExprTypeError, /division by zero/],
    ['base / 0', ExprTypeError, /division by zero/],
    ['paused + 1', ExprTypeError, /needs a number, got a boolean/],
    ['base > 1', ExprTypeError, /must give a number/],
    ['min(base)', ExprTypeError, /min\(\) takes 2 to 16 arguments/],
    ['round(base, overdueDays)', ExprTypeError, /whole number of places/],
    ['', ExprSyntaxError, /empty/],
    ['base * ', ExprSyntaxError, /./],
    ['base = 1', ExprSyntaxError, /./],
    ['"text"', ExprSyntaxError, /only numbers/],
    ['[1, 2]', ExprSyntaxError, /array/],
    ['base; 1', ExprSyntaxError, /more than one/],
    ['base % 2', ExprSyntaxError, /operator "%"/],
    ['base | 1', ExprSyntaxError, /operator "\|"/],
    ['x'.repeat(2001), ExprSyntaxError, /longer than/],
  ])('%s is refused', (source, type, message) => {
    expect(() => compileFormula(source, vars)).toThrow(type);
    expect(() => compileFormula(source, vars)).toThrow(message);
  });

  it('divides by a provably non-zero expression', () => {
    expect(() => compileFormula('base / max(overdueDays, 1)', vars)).not.toThrow();
    expect(() => compileFormula('base / (dayBase * 2)', vars)).not.toThrow();
    expect(() => compileFormula('base / -dayBase', vars)).not.toThrow();
  });
});

describe('formula safety', () => {
  // Known prototype-pollution and sandbox-escape payloads from expression-library advisories.
  it.each([
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'constructor.constructor("return process")()',
    '__proto__.polluted = 1',
    'this.constructor',
    'base.constructor',
    'base["constructor"]',
    'toString.constructor("return this")()',
    'min.constructor("return process")()',
    'process.exit(1)',
    'require("fs")',
    'eval("1")',
    'Function("return 1")()',
    '(function(){return 1})()',
    'base?.constructor',
    'new Date()',
    '`${base}`',
  ])('refuses %s', (source) => {
    expect(() => compileFormula(source, vars)).toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not read inherited properties of the inputs object at run time', () => {
    // Even if a checked formula somehow named an inherited key, evaluation refuses it.
    const loose: VariableSpecs = { toString: { type: 'number' as const } };
    const f = compileFormula('toString + 1', loose);
    expect(() => f.number({})).toThrow(ExprRuntimeError);
  });
});
