// A funder's own view of its loans (资金方资产文件): one line per loan with its outstanding
// principal, its overdue amount and its status as of a date. Its layout is data of the same
// style as a statement format (format.ts): how the bytes decode, how a line splits into cells,
// which lines are comments or the header, which column holds each field and what each raw
// status means. createFunderFileMapper applies it one record at a time; the engine's reader
// decodes and splits, as it does for statements.
import { z } from 'zod';

import { RuleValidationError, type RuleIssue } from '../rule-issue';
import { FUNDER_LOAN_STATUSES, type FunderLoanStatus } from '../vocabulary';
import { StatementFileError } from './statement.types';
import { CellError, fenCellToFen, yuanCellToFen } from './values';

/** Our fields a funder file's layout maps to its columns. */
export const FUNDER_FILE_FIELDS = [
  'orderNo',
  'outstandingPrincipal',
  'overdueAmount',
  'status',
] as const;
export type FunderFileField = (typeof FUNDER_FILE_FIELDS)[number];

/** A header name (files with a header) or a 1-based index (without). */
const columnRef = z.union([z.string().trim().min(1).max(64), z.number().int().min(1).max(500)]);

const formatObject = z.strictObject({
  description: z.string().max(500).optional(),
  encoding: z.enum(['utf-8', 'gbk']).default('utf-8'),
  layout: z.strictObject({
    type: z.literal('delimited'),
    delimiter: z.string().min(1).max(4),
    /** Values may be wrapped in double quotes. */
    quoted: z.boolean().default(true),
    /** Exact number of cells of a data line without a header (null: at least the columns used). */
    cells: z.number().int().min(1).max(500).nullable().default(null),
  }),
  skipLeadingLines: z.number().int().min(0).max(100).default(0),
  commentPrefix: z.string().min(1).max(8).nullable().default(null),
  header: z.boolean().default(true),
  trim: z.boolean().default(true),
  /** Dropped from the start of every value (a spreadsheet's leading apostrophe). */
  stripPrefix: z.string().min(1).max(8).nullable().default(null),
  columns: z.strictObject({
    orderNo: columnRef,
    outstandingPrincipal: columnRef,
    overdueAmount: columnRef,
    status: columnRef,
  }),
  amountUnit: z.enum(['yuan', 'fen']),
  /** What each raw status means; 'ignore' leaves the line out (a loan the funder no longer reports). */
  statusMap: z.record(z.string(), z.enum([...FUNDER_LOAN_STATUSES, 'ignore'])),
});

export type FunderFileFormat = z.infer<typeof formatObject>;
/** A funder file layout as written in JSON: defaults may be left out. */
export type FunderFileFormatInput = z.input<typeof formatObject>;

/** Save-time checks past the schema, each named by its JSON path. */
export function checkFunderFileFormat(format: FunderFileFormat): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const issue = (path: (string | number)[], message: string) => issues.push({ path, message });
  const { layout } = format;
  for (const key of FUNDER_FILE_FIELDS) {
    const ref = format.columns[key];
    const at = ['columns', key];
    if (format.header) {
      if (typeof ref !== 'string') issue(at, 'with a header, name the column as the header does');
    } else if (typeof ref !== 'number') {
      issue(at, 'without a header, give the column as a 1-based number');
    } else if (layout.cells !== null && ref > layout.cells) {
      issue(at, `column ${ref} is past the ${layout.cells} cells of a line`);
    }
  }
  if (/[\r\n]/.test(layout.delimiter))
    issue(['layout', 'delimiter'], 'a delimiter cannot be a line break');
  if (layout.quoted && layout.delimiter.includes('"'))
    issue(['layout', 'delimiter'], 'a quoted layout cannot split on the quote');
  if (format.header && layout.cells !== null)
    issue(['layout', 'cells'], 'with a header, a line has as many cells as the header');
  const meanings = Object.values(format.statusMap);
  if (!meanings.some((s) => s !== 'ignore'))
    issue(['statusMap'], `map at least one status value to ${FUNDER_LOAN_STATUSES.join(', ')}`);
  if (format.trim)
    for (const raw of Object.keys(format.statusMap))
      if (raw !== raw.trim())
        issue(['statusMap', raw], 'values are trimmed before they are looked up: drop the spaces');
  return issues;
}

/** A funder file layout; parse JSON with it (the checks run too). */
export const funderFileFormatSchema = formatObject.superRefine((format, ctx) => {
  for (const issue of checkFunderFileFormat(format))
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

export function parseFunderFileFormat(json: unknown): FunderFileFormat {
  const parsed = funderFileFormatSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new RuleValidationError(
    parsed.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.message,
    })),
  );
}

const STANDARD_STATUSES = {
  正常: 'current',
  逾期: 'overdue',
  结清: 'settled',
  已结清: 'settled',
  核销: 'written_off',
  已核销: 'written_off',
} as const;

const standard: FunderFileFormatInput = {
  description:
    '资金方资产文件: CSV with a header 订单号, 剩余本金, 逾期金额, 状态; amounts in yuan',
  encoding: 'utf-8',
  layout: { type: 'delimited', delimiter: ',', quoted: true },
  commentPrefix: '#',
  header: true,
  columns: {
    orderNo: '订单号',
    outstandingPrincipal: '剩余本金',
    overdueAmount: '逾期金额',
    status: '状态',
  },
  amountUnit: 'yuan',
  statusMap: STANDARD_STATUSES,
};

/** The layouts Repay ships; a file is read with one of them (`--format`, the upload's format). */
export const FUNDER_FILE_PRESETS = {
  'funder-standard': funderFileFormatSchema.parse(standard),
  /** The same layout as a bank's spreadsheet exports it (GBK). */
  'funder-standard-gbk': funderFileFormatSchema.parse({
    ...standard,
    description: '资金方资产文件 as exported in GBK: the same columns as funder-standard',
    encoding: 'gbk',
  }),
  /** Machine exports: English header, amounts in fen, our own status words. */
  'funder-fen': funderFileFormatSchema.parse({
    description: 'order_no, outstanding_principal_fen, overdue_amount_fen, status (our words)',
    encoding: 'utf-8',
    layout: { type: 'delimited', delimiter: ',', quoted: true },
    commentPrefix: '#',
    header: true,
    columns: {
      orderNo: 'order_no',
      outstandingPrincipal: 'outstanding_principal_fen',
      overdueAmount: 'overdue_amount_fen',
      status: 'status',
    },
    amountUnit: 'fen',
    statusMap: Object.fromEntries(FUNDER_LOAN_STATUSES.map((s) => [s, s])),
  } satisfies FunderFileFormatInput),
} satisfies Record<string, FunderFileFormat>;

export type FunderFilePresetName = keyof typeof FUNDER_FILE_PRESETS;
export const DEFAULT_FUNDER_FILE_FORMAT: FunderFilePresetName = 'funder-standard';

/** One loan as the funder reports it. Amounts in fen, never negative. */
export interface FunderFileLine {
  /** 1-based line number in the decoded file. */
  lineNo: number;
  orderNo: string;
  outstandingPrincipalFen: bigint;
  overdueAmountFen: bigint;
  status: FunderLoanStatus;
  rawStatus: string;
}

/** Why a record gave no line. 'ignored': its status the format leaves out. */
export type FunderFileSkip = 'leading' | 'blank' | 'comment' | 'header' | 'ignored';

export const isFunderFileLine = (
  record: FunderFileLine | FunderFileSkip,
): record is FunderFileLine => typeof record === 'object';

interface Column {
  name: string;
  index: number;
}

const normalizeName = (name: string) => name.normalize('NFKC').trim();

/**
 * Applies a funder file layout to a file's records (a delimited line's cells, with its 1-based
 * line number). Throws StatementFileError naming the line and column of what it cannot read:
 * a missing or negative amount, a status the layout does not know, an order listed twice.
 */
export function createFunderFileMapper(format: FunderFileFormat) {
  const { layout, trim, columns, commentPrefix } = format;
  const prefix = format.stripPrefix;
  const statusMap = new Map(Object.entries(format.statusMap));
  const readAmount = format.amountUnit === 'yuan' ? yuanCellToFen : fenCellToFen;
  const clean = (raw: string): string => {
    let s = trim ? raw.trim() : raw;
    if (prefix !== null && s.startsWith(prefix)) {
      s = s.slice(prefix.length);
      if (trim) s = s.trim();
    }
    return s;
  };

  const resolved: Partial<Record<FunderFileField, Column>> = {};
  let minCells = 0;
  if (!format.header)
    for (const key of FUNDER_FILE_FIELDS) {
      const ref = columns[key];
      if (typeof ref !== 'number')
        throw new StatementFileError(`columns.${key}: a 1-based number`, null, null);
      resolved[key] = { name: String(ref), index: ref - 1 };
      minCells = Math.max(minCells, ref);
    }
  let header: string[] | null = null;
  /** Where each order was seen: an order listed twice is refused naming both lines. */
  const seen = new Map<string, number>();
  let lines = 0;

  const fail = (message: string, lineNo: number, column: Column | null) =>
    new StatementFileError(message, lineNo, column?.name ?? null);

  function readHeader(cells: readonly string[], lineNo: number) {
    header = cells.map((c) => normalizeName(clean(c)));
    for (const key of FUNDER_FILE_FIELDS) {
      const ref = String(columns[key]);
      const index = header.indexOf(normalizeName(ref));
      if (index === -1)
        throw new StatementFileError(
          `the header has no column ${ref} (columns.${key})`,
          lineNo,
          ref,
        );
      resolved[key] = { name: ref, index };
    }
  }

  function amount(cells: readonly string[], column: Column, lineNo: number, what: string) {
    const text = clean(cells[column.index] ?? '');
    if (text === '') throw fail(`the ${what} is missing`, lineNo, column);
    let fen: bigint;
    try {
      fen = readAmount(text);
    } catch (error) {
      if (error instanceof CellError) throw fail(error.message, lineNo, column);
      throw error;
    }
    if (fen < 0n) throw fail(`a negative ${what} (${text})`, lineNo, column);
    return fen;
  }

  function dataLine(cells: readonly string[], lineNo: number): FunderFileLine | FunderFileSkip {
    const c = resolved as Record<FunderFileField, Column>;
    const orderNo = clean(cells[c.orderNo.index] ?? '');
    if (orderNo === '') throw fail('the order number is missing', lineNo, c.orderNo);
    const rawStatus = clean(cells[c.status.index] ?? '');
    const status = statusMap.get(rawStatus);
    if (status === undefined)
      throw fail(
        `status "${rawStatus}" is not in the format's statusMap (${[...statusMap.keys()].join(', ')})`,
        lineNo,
        c.status,
      );
    if (status === 'ignore') return 'ignored';
    const outstandingPrincipalFen = amount(
      cells,
      c.outstandingPrincipal,
      lineNo,
      'outstanding principal',
    );
    const overdueAmountFen = amount(cells, c.overdueAmount, lineNo, 'overdue amount');
    const earlier = seen.get(orderNo);
    if (earlier !== undefined)
      throw fail(`order ${orderNo} is also on line ${earlier}`, lineNo, c.orderNo);
    seen.set(orderNo, lineNo);
    lines++;
    return { lineNo, orderNo, outstandingPrincipalFen, overdueAmountFen, status, rawStatus };
  }

  return {
    map(cells: readonly string[], lineNo: number): FunderFileLine | FunderFileSkip {
      if (lineNo <= format.skipLeadingLines) return 'leading';
      const first = cells[0] ?? '';
      if (cells.length === 1 && first.trim() === '') return 'blank';
      if (commentPrefix !== null && first.startsWith(commentPrefix)) return 'comment';
      if (format.header && header === null) {
        readHeader(cells, lineNo);
        return 'header';
      }
      if (header !== null) {
        if (cells.length !== header.length)
          throw fail(`${cells.length} cells where the header has ${header.length}`, lineNo, null);
      } else if (layout.cells !== null) {
        if (cells.length !== layout.cells)
          throw fail(`${cells.length} cells where a line has ${layout.cells}`, lineNo, null);
      } else if (cells.length < minCells) {
        throw fail(`${cells.length} cells where the format reads cell ${minCells}`, lineNo, null);
      }
      return dataLine(cells, lineNo);
    },
    /** The end of the file: a header that never came is refused. */
    finish(): { lines: number } {
      if (format.header && header === null)
        throw new StatementFileError('the file has no header row', null, null);
      return { lines };
    },
  };
}

export type FunderFileMapper = ReturnType<typeof createFunderFileMapper>;
