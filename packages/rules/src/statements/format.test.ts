import { describe, expect, it } from 'vitest';

import { RuleValidationError } from '../rule-issue';
import {
  parseStatementFormat,
  statementFormatSchema,
  validateStatementFormat,
  type StatementFormatInput,
} from './format';
import { STATEMENT_FORMAT_PRESETS, UNIONPAY_FIXED_FIELDS } from './presets';

const base: StatementFormatInput = {
  layout: { type: 'delimited', delimiter: ',' },
  header: true,
  columns: { orderId: 'order', amount: 'amount', status: 'status' },
  amountUnit: 'yuan',
  statusMap: { OK: 'success' },
};

/** The JSON paths of a body's problems, as the console shows them. */
function pathsOf(body: unknown): string[] {
  const result = validateStatementFormat(body);
  if (result.ok) return [];
  return result.issues.map((i) => i.path.join('.'));
}

describe('statement format presets', () => {
  it('ships exactly the five named layouts, each passing its own checks', () => {
    expect(Object.keys(STATEMENT_FORMAT_PRESETS).sort()).toEqual(
      ['alipay', 'allinpay-pipe', 'sandbox', 'unionpay-fixed', 'wechat'].sort(),
    );
    for (const [name, format] of Object.entries(STATEMENT_FORMAT_PRESETS))
      expect(validateStatementFormat(format).ok, name).toBe(true);
  });

  it('lays UnionPay out in 41 fields of 567 characters', () => {
    expect(UNIONPAY_FIXED_FIELDS).toHaveLength(41);
    expect(UNIONPAY_FIXED_FIELDS.reduce((sum, f) => sum + f.width, 0)).toBe(567);
    const layout = STATEMENT_FORMAT_PRESETS['unionpay-fixed'].layout;
    expect(layout.type === 'fixed' && layout.fields.reduce((s, f) => s + f.width, 0)).toBe(567);
  });

  it('survives a JSON round trip (what the console saves is what it reads)', () => {
    for (const format of Object.values(STATEMENT_FORMAT_PRESETS))
      expect(statementFormatSchema.parse(JSON.parse(JSON.stringify(format)))).toEqual(format);
  });
});

describe('statement format checks', () => {
  it('fills defaults for what a person leaves out', () => {
    const format = parseStatementFormat(base);
    expect(format).toMatchObject({
      encoding: 'utf-8',
      skipLeadingLines: 0,
      commentPrefix: null,
      trim: true,
      stripPrefix: null,
      trailer: [],
      timePattern: 'yyyy-MM-dd HH:mm:ss',
      defaultStatus: null,
      kind: 'debit',
    });
    expect(format.layout).toEqual({
      type: 'delimited',
      delimiter: ',',
      quoted: false,
      cells: null,
    });
  });

  it('names schema problems by path', () => {
    expect(pathsOf({ ...base, encoding: 'latin1' })).toEqual(['encoding']);
    expect(pathsOf({ ...base, statusMap: { OK: 'paid' } })).toEqual(['statusMap.OK']);
    expect(pathsOf({ ...base, columns: { amount: 'amount' } })).toEqual(['columns.orderId']);
  });

  it('wants header names with a header, 1-based numbers without', () => {
    expect(pathsOf({ ...base, columns: { ...base.columns, amount: 3 } })).toEqual([
      'columns.amount',
    ]);
    expect(
      pathsOf({
        ...base,
        header: false,
        layout: { type: 'delimited', delimiter: '|', cells: 4 },
        columns: { orderId: 1, amount: 'amount', fee: 5 },
        statusMap: {},
        defaultStatus: 'success',
      }),
    ).toEqual(['columns.amount', 'columns.fee']);
  });

  it('checks fixed-width fields and the columns that name them', () => {
    const fixed = {
      ...base,
      header: false,
      layout: {
        type: 'fixed',
        fields: [
          { name: 'order', width: 10 },
          { name: 'amount', width: 12 },
          { name: 'order', width: 3 },
        ],
      },
      columns: { orderId: 'order', amount: 'amt' },
      statusMap: {},
      defaultStatus: 'success',
    };
    expect(pathsOf(fixed)).toEqual(['columns.amount', 'layout.fields.2.name']);
    expect(pathsOf({ ...fixed, header: true })).toContain('header');
  });

  it('asks for statuses from a map or a default, not both', () => {
    const noStatus = { ...base, columns: { orderId: 'order', amount: 'amount' }, statusMap: {} };
    expect(pathsOf(noStatus)).toEqual(['defaultStatus']);
    expect(pathsOf({ ...noStatus, defaultStatus: 'success' })).toEqual([]);
    expect(pathsOf({ ...base, defaultStatus: 'success' })).toEqual(['defaultStatus']);
    expect(pathsOf({ ...base, statusMap: { OK: 'ignore' } })).toEqual(['statusMap']);
    expect(pathsOf({ ...base, statusMap: { ' OK': 'success' } })).toEqual(['statusMap. OK']);
    expect(pathsOf({ ...base, columns: { ...base.columns, refundAmount: 'refund' } })).toEqual([
      'columns.refundAmount',
    ]);
    expect(pathsOf({ ...base, columns: { ...base.columns, kind: 'type' } })).toEqual(['kindMap']);
  });

  it('checks the time pattern', () => {
    expect(pathsOf({ ...base, timePattern: 'dd/MM/yyyy' })).toEqual(['timePattern']);
    expect(pathsOf({ ...base, timePattern: 'iso' })).toEqual([]);
  });

  it('checks summary rules: their comments, groups and totals', () => {
    const totals = { count: { from: 'n', basis: 'success' } };
    expect(
      pathsOf({ ...base, trailer: [{ type: 'keyValues', marker: '# summary', totals }] }),
    ).toEqual(['trailer.0.type']);
    expect(
      pathsOf({
        ...base,
        commentPrefix: '#',
        trailer: [{ type: 'keyValues', marker: 'summary', totals }],
      }),
    ).toEqual(['trailer.0.marker']);
    expect(
      pathsOf({
        ...base,
        commentPrefix: '#',
        trailer: [
          { type: 'pattern', pattern: '^#total (?<count>\\d+)', totals },
          { type: 'pattern', pattern: '^#total (', totals: {} },
        ],
      }),
    ).toEqual(['trailer.0.totals.count.from', 'trailer.1.totals', 'trailer.1.pattern']);
    expect(
      pathsOf({
        ...base,
        trailer: [
          { type: 'row', marker: 'Total', totals },
          { type: 'row', marker: 'Sum', totals },
        ],
      }),
    ).toEqual(['trailer.1.totals.count']);
  });

  it('throws every problem at once when parsing', () => {
    expect(() => parseStatementFormat({ ...base, encoding: 'latin1', timePattern: 'x' })).toThrow(
      RuleValidationError,
    );
    const thrown = (() => {
      try {
        parseStatementFormat({
          ...base,
          columns: { ...base.columns, amount: 3 },
          timePattern: 'x',
        });
      } catch (error) {
        return error as RuleValidationError;
      }
    })();
    expect(thrown?.issues.map((i) => i.path.join('.'))).toEqual(['columns.amount', 'timePattern']);
    expect(thrown?.message).toMatch(/^columns\.amount: .*; timePattern: /);
  });
});
