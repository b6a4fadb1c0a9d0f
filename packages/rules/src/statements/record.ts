// Applies a StatementFormat to a file one record at a time: a delimited line's cells or a
// fixed-width line's text, with its 1-based line number, becomes a StatementLine, the file's
// stated totals, or a skip. It keeps what a file's later lines depend on (the header, a totals
// header row) and the tally of its lines, and at the end compares the tally with the totals the
// file states. Nothing here reads bytes: the engine's reader decodes and splits.
import { fenToYuan } from '../money';
import type { StatementFormat, TotalsMapping, TrailerRule } from './format';
import {
  StatementFileError,
  type StatementLine,
  type StatementStatus,
  type StatementTotals,
} from './statement.types';
import {
  CellError,
  compileTimePattern,
  countCell,
  fenCellToFen,
  yuanCellToFen,
  type TimeReader,
} from './values';

/** Why a record gave no line. 'ignored': a data line whose status the format ignores. */
export type SkipReason = 'leading' | 'blank' | 'comment' | 'header' | 'summary' | 'ignored';

/** The totals a summary line states (what it does not state is null). */
export interface StatedTotalsRecord {
  lineNo: number;
  totals: StatementTotals;
}

export type MappedRecord = StatementLine | StatedTotalsRecord | SkipReason;

export const isStatementLine = (record: MappedRecord): record is StatementLine =>
  typeof record === 'object' && 'orderId' in record;

/** What a file's lines add up to. Amounts and fees are positive; refunds are kept apart. */
export interface StatementTally {
  /** Data lines read, whatever their status (including those the status map ignores). */
  records: number;
  success: { lines: number; amountFen: bigint; feeFen: bigint };
  refunds: { lines: number; amountFen: bigint; feeFen: bigint };
  failed: number;
  ignored: number;
}

export interface RecordMapper {
  /** One record: cells of a delimited line, or the text of a fixed-width line. */
  map(record: readonly string[] | string, lineNo: number): MappedRecord;
  /** The header row's names once it has been read (files with a header). */
  header(): readonly string[] | null;
  readonly tally: StatementTally;
  /**
   * The end of the file: a header or a summary that never came, or stated totals that disagree
   * with the lines, throw StatementFileError naming the total.
   */
  finish(): { tally: StatementTally; stated: StatementTotals | null };
}

interface Column {
  /** How a person names it: the header name, the 1-based index, or the fixed field's name. */
  name: string;
  index: number;
  start: number;
  end: number;
}

type ColumnKey = keyof StatementFormat['columns'];
type TotalKey = keyof TotalsMapping;
const TOTAL_KEYS: readonly TotalKey[] = ['count', 'amount', 'fee'];
const TOTAL_LABELS: Record<TotalKey, string> = { count: 'count', amount: 'amount', fee: 'fee' };

interface StatedEntry {
  lineNo: number;
  from: string;
  value: number | bigint;
}

const normalizeName = (name: string) => name.normalize('NFKC').trim();

/** A fixed-width line cut into its fields (trimmed), for people to look at. */
export function splitFixedLine(
  fields: readonly { name: string; width: number }[],
  line: string,
): string[] {
  const cells: string[] = [];
  let at = 0;
  for (const field of fields) {
    cells.push(line.slice(at, at + field.width).trim());
    at += field.width;
  }
  return cells;
}

export function createRecordMapper(
  format: StatementFormat,
  options: { businessDate: string },
): RecordMapper {
  const { layout, trim, columns } = format;
  const fixed = layout.type === 'fixed';
  const prefix = format.stripPrefix;
  const prefixLength = prefix?.length ?? 0;
  const commentPrefix = format.commentPrefix;
  const delimiter = layout.type === 'delimited' ? layout.delimiter : '';
  const statusMap = new Map(Object.entries(format.statusMap));
  const kindMap = new Map(Object.entries(format.kindMap));
  const readTime = compileTimePattern(format.timePattern, options.businessDate);
  if (typeof readTime === 'string')
    throw new StatementFileError(`timePattern: ${readTime}`, null, null);
  const readTimeCell: TimeReader = readTime;
  const readAmount = format.amountUnit === 'yuan' ? yuanCellToFen : fenCellToFen;

  const clean = (raw: string): string => {
    let s = trim ? raw.trim() : raw;
    if (prefix !== null && s.startsWith(prefix)) {
      s = s.slice(prefixLength);
      if (trim) s = s.trim();
    }
    return s;
  };

  // Columns are known now (by index or field), or once the header row has been read.
  const resolved: Partial<Record<ColumnKey, Column>> = {};
  let fixedWidth = 0;
  let minCells = 0;
  if (layout.type === 'fixed') {
    const offsets = new Map<string, { start: number; end: number }>();
    for (const field of layout.fields) {
      offsets.set(field.name, { start: fixedWidth, end: fixedWidth + field.width });
      fixedWidth += field.width;
    }
    for (const [key, ref] of Object.entries(columns) as [ColumnKey, string | number][]) {
      const at = offsets.get(String(ref));
      if (!at) throw new StatementFileError(`columns.${key}: no field ${ref}`, null, null);
      resolved[key] = { name: String(ref), index: -1, ...at };
    }
  } else if (!format.header) {
    for (const [key, ref] of Object.entries(columns) as [ColumnKey, string | number][]) {
      if (typeof ref !== 'number')
        throw new StatementFileError(`columns.${key}: a 1-based number`, null, null);
      resolved[key] = { name: String(ref), index: ref - 1, start: 0, end: 0 };
      minCells = Math.max(minCells, ref);
    }
  }

  let header: string[] | null = null;
  let headerError: StatementFileError | null = null;

  function readHeader(cells: readonly string[], lineNo: number) {
    header = cells.map((c) => normalizeName(clean(c)));
    for (const [key, ref] of Object.entries(columns) as [ColumnKey, string | number][]) {
      const index = header.indexOf(normalizeName(String(ref)));
      if (index === -1) {
        headerError = new StatementFileError(
          `the header has no column ${ref} (columns.${key})`,
          lineNo,
          String(ref),
        );
        throw headerError;
      }
      resolved[key] = { name: String(ref), index, start: 0, end: 0 };
    }
  }

  const cellOf = (record: readonly string[] | string, column: Column): string =>
    typeof record === 'string'
      ? record.slice(column.start, column.end)
      : (record[column.index] ?? '');

  const fail = (message: string, lineNo: number, column: Column | null) =>
    new StatementFileError(message, lineNo, column?.name ?? null);

  const tally: StatementTally = {
    records: 0,
    success: { lines: 0, amountFen: 0n, feeFen: 0n },
    refunds: { lines: 0, amountFen: 0n, feeFen: 0n },
    failed: 0,
    ignored: 0,
  };

  // Summary lines.
  const rowRules = format.trailer.filter(
    (r): r is Extract<TrailerRule, { type: 'row' }> => r.type === 'row',
  );
  const commentRules = format.trailer.filter((r) => r.type !== 'row');
  const patterns = new Map<TrailerRule, RegExp>();
  for (const rule of commentRules)
    if (rule.type === 'pattern') patterns.set(rule, new RegExp(rule.pattern));
  const matchedRules = new Set<TrailerRule>();
  const stated: Partial<Record<TotalKey, StatedEntry>> = {};
  let totalsHeader: { rule: TrailerRule; names: string[]; lineNo: number } | null = null;

  function readTotal(key: TotalKey, text: string, lineNo: number, from: string) {
    const earlier = stated[key];
    if (earlier)
      throw new StatementFileError(
        `the ${TOTAL_LABELS[key]} is stated twice (also on line ${earlier.lineNo})`,
        lineNo,
        from,
      );
    try {
      const value = key === 'count' ? countCell(text) : readAmount(text);
      stated[key] = { lineNo, from, value };
    } catch (error) {
      if (error instanceof CellError) throw new StatementFileError(error.message, lineNo, from);
      throw error;
    }
  }

  function takeTotals(
    rule: TrailerRule,
    lineNo: number,
    valueOf: (from: string) => string | undefined,
  ): StatedTotalsRecord {
    matchedRules.add(rule);
    for (const key of TOTAL_KEYS) {
      const mapping = rule.totals[key];
      if (!mapping) continue;
      const text = valueOf(mapping.from);
      if (text === undefined)
        throw new StatementFileError(`the summary has no ${mapping.from}`, lineNo, mapping.from);
      readTotal(key, text, lineNo, mapping.from);
    }
    return { lineNo, totals: statedTotals() };
  }

  function statedTotals(): StatementTotals {
    return {
      count: (stated.count?.value as number | undefined) ?? null,
      amountFen: (stated.amount?.value as bigint | undefined) ?? null,
      feeFen: (stated.fee?.value as bigint | undefined) ?? null,
    };
  }

  /** A comment line: a summary the format knows, or only a comment. */
  function comment(text: string, lineNo: number): MappedRecord {
    for (const rule of commentRules) {
      if (rule.type === 'keyValues') {
        if (!text.startsWith(rule.marker)) continue;
        const pairs = new Map<string, string>();
        for (const part of text.slice(rule.marker.length).split(rule.separator)) {
          const eq = part.indexOf('=');
          if (eq !== -1) pairs.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
        }
        return takeTotals(rule, lineNo, (from) => pairs.get(from));
      }
      if (rule.type === 'pattern') {
        const match = patterns.get(rule)!.exec(trim ? text.trim() : text);
        if (match) return takeTotals(rule, lineNo, (from) => match.groups?.[from]);
      }
    }
    return 'comment';
  }

  function dataLine(record: readonly string[] | string, lineNo: number): MappedRecord {
    const c = resolved;
    const orderIdColumn = c.orderId!;
    const orderId = clean(cellOf(record, orderIdColumn));
    if (orderId === '') throw fail('the order id is missing', lineNo, orderIdColumn);

    let status: StatementStatus;
    let rawStatus: string | null = null;
    if (c.status) {
      rawStatus = clean(cellOf(record, c.status));
      const mapped = statusMap.get(rawStatus);
      if (mapped === undefined)
        throw fail(
          `status "${rawStatus}" is not in the format's statusMap (${[...statusMap.keys()].join(', ')})`,
          lineNo,
          c.status,
        );
      if (mapped === 'ignore') {
        tally.records++;
        tally.ignored++;
        return 'ignored';
      }
      status = mapped;
    } else {
      status = format.defaultStatus ?? 'success';
    }

    const amountColumn = status === 'refund' && c.refundAmount ? c.refundAmount : c.amount!;
    const amountText = clean(cellOf(record, amountColumn));
    if (amountText === '') throw fail('the amount is missing', lineNo, amountColumn);
    let amountFen: bigint;
    try {
      amountFen = readAmount(amountText);
    } catch (error) {
      throw cellFailure(error, lineNo, amountColumn);
    }
    if (amountFen < 0n) {
      // Alipay writes a refund's amounts negative; anything else negative is not a statement.
      if (status !== 'refund')
        throw fail(`a ${status} line with a negative amount (${amountText})`, lineNo, amountColumn);
      amountFen = -amountFen;
    }

    let feeFen: bigint | null = null;
    if (c.fee) {
      const feeText = clean(cellOf(record, c.fee));
      if (feeText !== '') {
        try {
          feeFen = readAmount(feeText);
        } catch (error) {
          throw cellFailure(error, lineNo, c.fee);
        }
        // Alipay writes fees charged negative, WeChat fees given back: a fee is its size.
        if (feeFen < 0n) feeFen = -feeFen;
      }
    }

    let channelSerial: string | null = null;
    if (c.channelSerial) channelSerial = clean(cellOf(record, c.channelSerial)) || null;

    let finishedAt: string | null = null;
    if (c.finishedAt) {
      const timeText = clean(cellOf(record, c.finishedAt));
      if (timeText !== '') {
        try {
          finishedAt = readTimeCell(timeText);
        } catch (error) {
          throw cellFailure(error, lineNo, c.finishedAt);
        }
      }
    }

    let kind = format.kind;
    if (c.kind) {
      const rawKind = clean(cellOf(record, c.kind));
      const mapped = kindMap.get(rawKind);
      if (mapped === undefined)
        throw fail(`kind "${rawKind}" is not in the format's kindMap`, lineNo, c.kind);
      kind = mapped;
    }

    tally.records++;
    if (status === 'success') {
      tally.success.lines++;
      tally.success.amountFen += amountFen;
      if (feeFen !== null) tally.success.feeFen += feeFen;
    } else if (status === 'refund') {
      tally.refunds.lines++;
      tally.refunds.amountFen += amountFen;
      if (feeFen !== null) tally.refunds.feeFen += feeFen;
    } else {
      tally.failed++;
    }
    return {
      lineNo,
      orderId,
      channelSerial,
      kind,
      amountFen,
      feeFen,
      status,
      finishedAt,
      rawStatus,
    };
  }

  function cellFailure(error: unknown, lineNo: number, column: Column): unknown {
    return error instanceof CellError ? fail(error.message, lineNo, column) : error;
  }

  function mapDelimited(cells: readonly string[], lineNo: number): MappedRecord {
    const first = cells[0] ?? '';
    if (cells.length === 1 && first.trim() === '') return 'blank';
    if (commentPrefix !== null && first.startsWith(commentPrefix))
      return comment(cells.length === 1 ? first : cells.join(delimiter), lineNo);
    if (totalsHeader !== null) {
      const { rule, names } = totalsHeader;
      totalsHeader = null;
      return takeTotals(rule, lineNo, (from) => {
        const index = names.indexOf(from);
        return index === -1 || index >= cells.length ? undefined : clean(cells[index]!);
      });
    }
    if (rowRules.length > 0) {
      const marker = clean(first);
      for (const rule of rowRules) {
        if (marker === rule.marker) {
          totalsHeader = { rule, names: cells.map(clean), lineNo };
          return 'summary';
        }
      }
    }
    if (format.header && header === null) {
      readHeader(cells, lineNo);
      return 'header';
    }
    if (headerError) throw headerError;
    if (header !== null) {
      if (cells.length !== header.length)
        throw fail(`${cells.length} cells where the header has ${header.length}`, lineNo, null);
    } else if (layout.type === 'delimited' && layout.cells !== null) {
      if (cells.length !== layout.cells)
        throw fail(`${cells.length} cells where a line has ${layout.cells}`, lineNo, null);
    } else if (cells.length < minCells) {
      throw fail(`${cells.length} cells where the format reads cell ${minCells}`, lineNo, null);
    }
    return dataLine(cells, lineNo);
  }

  function mapFixed(line: string, lineNo: number): MappedRecord {
    if (line.length !== fixedWidth) {
      if (line.trim() === '') return 'blank';
      if (commentPrefix !== null && line.startsWith(commentPrefix)) return comment(line, lineNo);
      throw fail(
        `${line.length} characters where a line has ${fixedWidth}${line.length < fixedWidth ? ' (cut short?)' : ''}`,
        lineNo,
        null,
      );
    }
    if (commentPrefix !== null && line.startsWith(commentPrefix)) return comment(line, lineNo);
    return dataLine(line, lineNo);
  }

  function compare(key: TotalKey, measured: number | bigint) {
    const entry = stated[key];
    if (!entry || entry.value === measured) return;
    const show = (v: number | bigint) => (typeof v === 'bigint' ? fenToYuan(v) : String(v));
    throw new StatementFileError(
      `the summary states ${TOTAL_LABELS[key]} ${show(entry.value)}, the lines add up to ${show(measured)}`,
      entry.lineNo,
      entry.from,
    );
  }

  return {
    tally,
    header: () => header,
    map(record, lineNo) {
      if (lineNo <= format.skipLeadingLines) return 'leading';
      if (fixed) return mapFixed(typeof record === 'string' ? record : record.join(''), lineNo);
      return mapDelimited(typeof record === 'string' ? [record] : record, lineNo);
    },
    finish() {
      if (headerError) throw headerError;
      if (format.header && header === null)
        throw new StatementFileError('the file has no header row', null, null);
      if (totalsHeader !== null)
        throw new StatementFileError(
          'the totals row after this line is missing',
          (totalsHeader as { lineNo: number }).lineNo,
          null,
        );
      for (const rule of format.trailer) {
        if (rule.required && !matchedRules.has(rule))
          throw new StatementFileError(
            `the file has no summary line (${rule.type === 'pattern' ? rule.pattern : rule.marker}): is it cut short?`,
            null,
            null,
          );
      }
      const basisOf = (key: TotalKey) => {
        for (const rule of format.trailer) if (rule.totals[key]) return rule.totals[key].basis;
        return null;
      };
      const countBasis = basisOf('count');
      if (countBasis !== null)
        compare(
          'count',
          countBasis === 'records'
            ? tally.records
            : countBasis === 'success_and_refunds'
              ? tally.success.lines + tally.refunds.lines
              : tally.success.lines,
        );
      const amountBasis = basisOf('amount');
      if (amountBasis !== null)
        compare(
          'amount',
          amountBasis === 'net'
            ? tally.success.amountFen - tally.refunds.amountFen
            : tally.success.amountFen,
        );
      const feeBasis = basisOf('fee');
      if (feeBasis !== null)
        compare(
          'fee',
          feeBasis === 'net' ? tally.success.feeFen - tally.refunds.feeFen : tally.success.feeFen,
        );
      const any = stated.count ?? stated.amount ?? stated.fee;
      return { tally, stated: any ? statedTotals() : null };
    },
  };
}
