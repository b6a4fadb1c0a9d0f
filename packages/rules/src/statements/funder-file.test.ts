import { describe, expect, it } from 'vitest';

import { RuleValidationError } from '../rule-issue';
import {
  createFunderFileMapper,
  FUNDER_FILE_PRESETS,
  isFunderFileLine,
  parseFunderFileFormat,
  type FunderFileFormat,
  type FunderFileFormatInput,
  type FunderFileLine,
} from './funder-file';
import { StatementFileError } from './statement.types';

/** Feeds records from line 1; returns what each became, and the mapper's end. */
function run(format: FunderFileFormat, records: string[][]) {
  const mapper = createFunderFileMapper(format);
  const mapped = records.map((r, i) => mapper.map(r, i + 1));
  return { mapped, lines: mapped.filter(isFunderFileLine), finish: () => mapper.finish() };
}

function errorOf(action: () => unknown): StatementFileError {
  try {
    action();
  } catch (error) {
    if (error instanceof StatementFileError) return error;
    throw error;
  }
  throw new Error('expected a StatementFileError');
}

const csv = (text: string) => text.split('\n').map((l) => l.split(','));
const standard = FUNDER_FILE_PRESETS['funder-standard'];
const HEADER = '订单号,剩余本金,逾期金额,状态';

describe('funder file records', () => {
  it('maps each loan to fen and our status words, leaving comments and ignored lines out', () => {
    const { mapped, lines, finish } = run(
      standard,
      csv(
        [
          '# 资金方 F-BANK-02 2026-03-15',
          HEADER,
          'L-1,92115.12,0.00,正常',
          'L-2, 1000.5 ,10.01,逾期',
          '',
          'L-3,0,0,已结清',
        ].join('\n'),
      ),
    );
    expect(mapped.slice(0, 2)).toEqual(['comment', 'header']);
    expect(mapped[4]).toBe('blank');
    expect(lines).toEqual<FunderFileLine[]>([
      {
        lineNo: 3,
        orderNo: 'L-1',
        outstandingPrincipalFen: 9211512n,
        overdueAmountFen: 0n,
        status: 'current',
        rawStatus: '正常',
      },
      {
        lineNo: 4,
        orderNo: 'L-2',
        outstandingPrincipalFen: 100050n,
        overdueAmountFen: 1001n,
        status: 'overdue',
        rawStatus: '逾期',
      },
      {
        lineNo: 6,
        orderNo: 'L-3',
        outstandingPrincipalFen: 0n,
        overdueAmountFen: 0n,
        status: 'settled',
        rawStatus: '已结清',
      },
    ]);
    expect(finish()).toEqual({ lines: 3 });
  });

  it('finds the columns by header name in any order; fen files read fen', () => {
    const { lines } = run(
      FUNDER_FILE_PRESETS['funder-fen'],
      csv('status,overdue_amount_fen,order_no,outstanding_principal_fen\noverdue,1234,L-9,500000'),
    );
    expect(lines).toEqual([
      expect.objectContaining({
        orderNo: 'L-9',
        outstandingPrincipalFen: 500000n,
        overdueAmountFen: 1234n,
        status: 'overdue',
      }),
    ]);
  });

  it('refuses what it cannot read, naming the line and the column', () => {
    const refused = (rows: string[]) =>
      errorOf(() => {
        const r = run(standard, csv([HEADER, ...rows].join('\n')));
        r.finish();
      });
    expect(refused(['L-1,12.345,0,正常']).message).toBe(
      'line 2, column 剩余本金: "12.345" is not an amount in yuan: it has a fraction of a fen',
    );
    expect(refused(['L-1,,0,正常']).message).toBe(
      'line 2, column 剩余本金: the outstanding principal is missing',
    );
    expect(refused(['L-1,1.00,-2.00,逾期']).message).toBe(
      'line 2, column 逾期金额: a negative overdue amount (-2.00)',
    );
    expect(refused(['L-1,1.00,0,呆账']).message).toBe(
      'line 2, column 状态: status "呆账" is not in the format\'s statusMap (正常, 逾期, 结清, 已结清, 核销, 已核销)',
    );
    expect(refused(['L-1,1.00,0,正常', 'L-2,1.00,0']).message).toBe(
      'line 3: 3 cells where the header has 4',
    );
    const twice = refused(['L-1,1.00,0,正常', 'L-2,1.00,0,正常', 'L-1,2.00,0,正常']);
    expect([twice.lineNo, twice.column, twice.message]).toEqual([
      4,
      '订单号',
      'line 4, column 订单号: order L-1 is also on line 2',
    ]);
    expect(errorOf(() => run(standard, csv('订单号,剩余本金,状态'))).message).toBe(
      'line 1, column 逾期金额: the header has no column 逾期金额 (columns.overdueAmount)',
    );
    expect(errorOf(() => run(standard, []).finish()).message).toBe('the file has no header row');
  });

  it('reads files without a header by column number', () => {
    const format = parseFunderFileFormat({
      layout: { type: 'delimited', delimiter: '|', quoted: false, cells: 4 },
      header: false,
      columns: { orderNo: 1, outstandingPrincipal: 2, overdueAmount: 3, status: 4 },
      amountUnit: 'fen',
      statusMap: { '0': 'current', '1': 'overdue' },
    } satisfies FunderFileFormatInput);
    const { lines } = run(format, [['L-5', '100', '0', '0']]);
    expect(lines[0]).toMatchObject({ orderNo: 'L-5', outstandingPrincipalFen: 100n });
    expect(errorOf(() => run(format, [['L-5', '100', '0']])).message).toBe(
      'line 1: 3 cells where a line has 4',
    );
  });

  it('checks a layout, every problem by its JSON path', () => {
    let caught: unknown;
    try {
      parseFunderFileFormat({
        layout: { type: 'delimited', delimiter: ',' },
        header: true,
        columns: { orderNo: 1, outstandingPrincipal: 'b', overdueAmount: 'c', status: 'd' },
        amountUnit: 'yuan',
        statusMap: { ' 正常': 'current', 停用: 'ignore' },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleValidationError);
    expect((caught as RuleValidationError).issues).toEqual([
      {
        path: ['columns', 'orderNo'],
        message: 'with a header, name the column as the header does',
      },
      {
        path: ['statusMap', ' 正常'],
        message: 'values are trimmed before they are looked up: drop the spaces',
      },
    ]);
  });
});
