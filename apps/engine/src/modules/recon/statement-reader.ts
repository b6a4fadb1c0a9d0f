// A channel's statement file, read as a stream with its StatementFormat: bytes are decoded by
// iconv-lite (UTF-8 or GBK, a UTF-8 BOM dropped), delimited text is split by csv-parse and
// fixed-width text by Node's readline, and each record goes through the pure mapper of
// @repay/rules. Lines come out one at a time, so a file of a million lines never sits in memory
// as lines; at the end the totals the file states are checked against them.
//
// Refunds are lines of their own (status 'refund', amount and fee positive). The summary's
// lines, amountFen and feeFen are the success lines only; refunds are added up apart, and a
// stated total is compared on the basis its format names (success, net of refunds, every line).
import { createInterface } from 'node:readline';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import {
  createRecordMapper,
  isStatementLine,
  splitFixedLine,
  StatementFileError,
  type SkipReason,
  type StatementFormat,
  type StatementLine,
  type StatementTotals,
} from '@repay/rules';

/** The file: its bytes, or a stream of them (an upload, a download, a file on disk). */
export type StatementBytes = Uint8Array | AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export interface StatementSummary {
  /** Success lines: how many, and their amounts and fees. */
  lines: number;
  amountFen: bigint;
  feeFen: bigint;
  /** What the file says of itself (already checked against the lines), when it says it. */
  stated: StatementTotals | null;
  /** Refund lines, kept apart: amounts and fees refunded. */
  refunds: { lines: number; amountFen: bigint; feeFen: bigint };
  /** Lines the channel says failed. */
  failed: number;
  /** Data lines the format's status map leaves out (not final, or not ours). */
  ignored: number;
}

export interface PreviewRow {
  lineNo: number;
  /** The record as the layout splits it (a fixed-width line cut into its fields). */
  cells: string[];
  result:
    | { kind: 'line'; line: StatementLine }
    | { kind: 'totals'; totals: StatementTotals }
    | { kind: 'skip'; reason: SkipReason }
    | { kind: 'error'; message: string; column: string | null };
}

export interface StatementPreview {
  /** The header row's names, once read. */
  header: readonly string[] | null;
  rows: PreviewRow[];
  /** The file could not be read further (a broken quote): the rows before it are shown. */
  error: string | null;
}

// GB18030 decodes everything GBK does, and the rare characters GBK lacks.
const DECODERS: Record<StatementFormat['encoding'], string> = { 'utf-8': 'utf8', gbk: 'gb18030' };

const CHUNK = 64 * 1024;

/** Bytes in chunks (views, not copies), so that the streams downstream can hold back. */
function* chunksOf(bytes: Uint8Array): Generator<Buffer> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < buffer.length; at += CHUNK) yield buffer.subarray(at, at + CHUNK);
}

function readableOf(source: StatementBytes): Readable {
  if (source instanceof Uint8Array) return Readable.from(chunksOf(source));
  if (source instanceof Readable) return source;
  if (Symbol.asyncIterator in source) return Readable.from(source as AsyncIterable<Uint8Array>);
  return new Readable().wrap(source);
}

/** What reading records needs of a layout (a funder's asset file has the same pieces). */
export type RecordLayout = Pick<
  StatementFormat,
  'encoding' | 'layout' | 'skipLeadingLines' | 'commentPrefix'
>;

/** Decoded text of the file, as a stream of strings (errors travel down the pipeline). */
function decoded(source: StatementBytes, format: RecordLayout): NodeJS.ReadableStream {
  const decoder = iconv.decodeStream(DECODERS[format.encoding], { stripBOM: true });
  return pipeline(readableOf(source), decoder, () => {
    // Errors reach the reader through the last stream.
  });
}

/** csv-parse's own errors (a broken quote) as the file's, with the line it counted. */
function fileError(error: unknown, lineNo: number): unknown {
  if (error instanceof StatementFileError) return error;
  const csv = error as { code?: unknown; message?: string; lines?: unknown };
  if (typeof csv.code === 'string' && csv.code.startsWith('CSV_'))
    return new StatementFileError(
      csv.message ?? 'unreadable CSV',
      typeof csv.lines === 'number' ? csv.lines : lineNo + 1,
      null,
    );
  return error;
}

/**
 * Lets the lines before the first row (skipped, blank, comments) out of the text into `lines`
 * and passes the rest on untouched. csv-parse with relax_column_count builds an error, stack
 * and all, for every record whose length differs from its first record's: its first record
 * must be the header or a data row, not a one-cell comment.
 */
class Preamble extends Transform {
  private rest = '';
  private passing = false;
  readonly lines: string[] = [];

  constructor(private readonly isPreamble: (line: string, lineNo: number) => boolean) {
    super({ decodeStrings: false, encoding: 'utf8' });
  }

  override _transform(chunk: string | Buffer, _: BufferEncoding, done: TransformCallback) {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (this.passing) return done(null, text);
    const all = this.rest + text;
    let at = 0;
    for (;;) {
      const end = all.indexOf('\n', at);
      if (end === -1) {
        this.rest = all.slice(at);
        return done();
      }
      const line = all.charCodeAt(end - 1) === 13 ? all.slice(at, end - 1) : all.slice(at, end);
      if (!this.isPreamble(line, this.lines.length + 1)) {
        this.passing = true;
        this.rest = '';
        return done(null, all.slice(at));
      }
      this.lines.push(line);
      at = end + 1;
    }
  }

  override _flush(done: TransformCallback) {
    if (this.passing || this.rest === '') return done();
    if (this.isPreamble(this.rest, this.lines.length + 1)) {
      this.lines.push(this.rest);
      return done();
    }
    done(null, this.rest);
  }
}

/**
 * Every record of the file with its 1-based line number, through `visit`; what it returns
 * (unless undefined) is yielded.
 */
export async function* records<T>(
  source: StatementBytes,
  format: RecordLayout,
  visit: (record: string[] | string, lineNo: number) => T | undefined,
): AsyncGenerator<T, void> {
  const text = decoded(source, format);
  let lineNo = 0;
  const { layout } = format;
  if (layout.type === 'delimited' && !layout.quoted) {
    for await (const batch of unquotedRecords(text, { ...format, layout }, visit)) yield* batch;
    return;
  }
  if (layout.type === 'fixed') {
    const lines = createInterface({ input: text, crlfDelay: Infinity });
    for await (const line of lines) {
      const out = visit(line, ++lineNo);
      if (out !== undefined) yield out;
    }
    return;
  }
  const preamble = new Preamble(preambleTest(format));
  const parser = parse({
    delimiter: layout.delimiter,
    quote: layout.quoted ? '"' : false,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
  });
  const rows = pipeline(text, preamble, parser, () => {
    // Errors reach the loop below through the parser.
  }) as AsyncIterable<string[]>;
  function* preambleLines() {
    for (const line of preamble.lines.splice(0)) {
      const out = visit([line], ++lineNo);
      if (out !== undefined) yield out;
    }
  }
  // A record is a line, but for a quoted value holding line breaks: csv-parse's per-record
  // position (its on_record info) costs more than the parse itself, so the breaks are counted.
  const quoted = layout.quoted;
  try {
    for await (const cells of rows) {
      if (preamble.lines.length > 0) yield* preambleLines();
      const out = visit(cells, ++lineNo);
      if (quoted) lineNo += breaksIn(cells);
      if (out !== undefined) yield out;
    }
    yield* preambleLines();
  } catch (error) {
    throw fileError(error, lineNo);
  }
}

/**
 * `records`, a chunk of the file at a time: what the records of each decoded chunk became.
 * Reading a million-line file costs a promise per chunk, not per line.
 */
export async function* recordBatches<T>(
  source: StatementBytes,
  format: RecordLayout,
  visit: (record: string[] | string, lineNo: number) => T | undefined,
): AsyncGenerator<T[], void> {
  const { layout } = format;
  if (layout.type === 'delimited' && !layout.quoted) {
    yield* unquotedRecords(decoded(source, format), { ...format, layout }, visit);
    return;
  }
  let batch: T[] = [];
  for await (const out of records(source, format, visit)) {
    batch.push(out);
    if (batch.length === 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The first line break from `at` on, as csv-parse finds it ('\r\n', '\n' or '\r'); null: none
 * yet (or a '\r' at the end of a chunk, whose next character decides).
 */
function lineBreakOf(text: string, at: number, final: boolean): string | null {
  const n = text.indexOf('\n', at);
  const r = text.indexOf('\r', at);
  if (r === -1 || (n !== -1 && n < r)) return n === -1 ? null : '\n';
  if (r + 1 < text.length) return text.charCodeAt(r + 1) === 10 ? '\r\n' : '\r';
  return final ? '\r' : null;
}

/** Whether a line at the top of the file is one of its preamble (leading, comment, blank). */
const preambleTest =
  (format: RecordLayout) =>
  (line: string, lineNo: number): boolean =>
    lineNo <= format.skipLeadingLines ||
    (format.commentPrefix !== null && line.startsWith(format.commentPrefix)) ||
    line.trim() === '';

/**
 * A delimited layout without quotes, split here the way the csv-parse path splits it, at a
 * fraction of its cost: the preamble's lines whole (as Preamble does), then lines at the line
 * break csv-parse would find first after it, cut into cells at each delimiter (all csv-parse
 * does when nothing is quoted).
 */
async function* unquotedRecords<T>(
  text: NodeJS.ReadableStream,
  format: RecordLayout & { layout: { type: 'delimited' } },
  visit: (record: string[], lineNo: number) => T | undefined,
): AsyncGenerator<T[], void> {
  const { delimiter } = format.layout;
  const isPreamble = preambleTest(format);
  let preamble = true;
  let eol: string | null = null;
  let rest = '';
  let lineNo = 0;
  const chunks = text as AsyncIterable<string | Buffer>;
  for await (const chunk of chunks) {
    const all = rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const out: T[] = [];
    let at = 0;
    try {
      while (preamble) {
        const end = all.indexOf('\n', at);
        if (end === -1) break;
        const line = all.charCodeAt(end - 1) === 13 ? all.slice(at, end - 1) : all.slice(at, end);
        if (!isPreamble(line, lineNo + 1)) preamble = false;
        else {
          const record = visit([line], ++lineNo);
          if (record !== undefined) out.push(record);
          at = end + 1;
        }
      }
      if (!preamble) eol ??= lineBreakOf(all, at, false);
      if (eol !== null) {
        for (let end = all.indexOf(eol, at); end !== -1; end = all.indexOf(eol, at)) {
          const record = visit(all.slice(at, end).split(delimiter), ++lineNo);
          if (record !== undefined) out.push(record);
          at = end + eol.length;
        }
      }
    } catch (error) {
      // The lines before the one that failed are the reader's to give.
      if (out.length > 0) yield out;
      throw error;
    }
    rest = all.slice(at);
    if (out.length > 0) yield out;
  }
  const out: T[] = [];
  try {
    if (preamble && rest !== '' && isPreamble(rest, lineNo + 1)) {
      const record = visit([rest], ++lineNo);
      if (record !== undefined) out.push(record);
    } else if (rest !== '') {
      eol ??= lineBreakOf(rest, 0, true);
      const lines = eol === null ? [rest] : rest.split(eol);
      // A file ending with its line break has no record after it.
      if (lines.at(-1) === '') lines.pop();
      for (const line of lines) {
        const record = visit(line.split(delimiter), ++lineNo);
        if (record !== undefined) out.push(record);
      }
    }
  } catch (error) {
    if (out.length > 0) yield out;
    throw error;
  }
  if (out.length > 0) yield out;
}

function breaksIn(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    let at = cell.indexOf('\n');
    while (at !== -1) {
      breaks++;
      at = cell.indexOf('\n', at + 1);
    }
  }
  return breaks;
}

/**
 * Reads a statement file line by line. Throws StatementFileError (line and column) at the first
 * line it cannot read, and at the end when the file's stated totals disagree with its lines.
 */
export async function* readStatement(
  source: StatementBytes,
  format: StatementFormat,
  options: { businessDate: string },
): AsyncGenerator<StatementLine, StatementSummary, undefined> {
  const batches = readStatementBatches(source, format, options);
  for (;;) {
    const next = await batches.next();
    if (next.done) return next.value;
    yield* next.value;
  }
}

/** `readStatement`, the lines of a chunk of the file at a time (an import writes them so). */
export async function* readStatementBatches(
  source: StatementBytes,
  format: StatementFormat,
  options: { businessDate: string },
): AsyncGenerator<StatementLine[], StatementSummary, undefined> {
  const mapper = createRecordMapper(format, options);
  const map = (record: string[] | string, lineNo: number) => {
    const mapped = mapper.map(record, lineNo);
    return isStatementLine(mapped) ? mapped : undefined;
  };
  yield* recordBatches(source, format, map);
  const { tally, stated } = mapper.finish();
  return {
    lines: tally.success.lines,
    amountFen: tally.success.amountFen,
    feeFen: tally.success.feeFen,
    stated,
    refunds: { ...tally.refunds },
    failed: tally.failed,
    ignored: tally.ignored,
  };
}

/**
 * The first `rows` records of a sample file read with a format being edited, each with what it
 * became or why it could not be read, for the console's live preview. Nothing is stored; the
 * file's end (its summary check) is not reached.
 */
export async function previewStatement(
  bytes: Uint8Array,
  format: StatementFormat,
  options: { businessDate: string; rows?: number },
): Promise<StatementPreview> {
  const limit = Math.min(Math.max(options.rows ?? 20, 1), 500);
  const mapper = createRecordMapper(format, options);
  const { layout } = format;
  const rows: PreviewRow[] = [];
  let error: string | null = null;
  const visit = (record: string[] | string, lineNo: number): PreviewRow => {
    const cells =
      typeof record === 'string'
        ? layout.type === 'fixed'
          ? splitFixedLine(layout.fields, record)
          : [record]
        : [...record];
    try {
      const mapped = mapper.map(record, lineNo);
      if (typeof mapped === 'string')
        return { lineNo, cells, result: { kind: 'skip', reason: mapped } };
      if (isStatementLine(mapped)) return { lineNo, cells, result: { kind: 'line', line: mapped } };
      return { lineNo, cells, result: { kind: 'totals', totals: mapped.totals } };
    } catch (failure) {
      if (!(failure instanceof StatementFileError)) throw failure;
      return {
        lineNo,
        cells,
        result: { kind: 'error', message: failure.message, column: failure.column },
      };
    }
  };
  try {
    for await (const row of records(bytes, format, visit)) {
      rows.push(row);
      if (rows.length >= limit) break;
    }
  } catch (failure) {
    if (!(failure instanceof StatementFileError)) throw failure;
    error = failure.message;
  }
  return { header: mapper.header(), rows, error };
}
