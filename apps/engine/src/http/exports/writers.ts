// The two file formats an export writes, row by row into the response: CSV (UTF-8 with a BOM,
// so Excel reads Chinese; CRLF) through csv-stringify, and xlsx through exceljs's streaming
// WorkbookWriter (inline strings, no shared-strings table that would grow with the file). Each
// `rows` call returns once the response has taken what it was given, so at most a page or so of
// rows is ever held, however long the list.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { spreadsheetSafe } from './cells';
import type { Cell } from './define';

export type ExportFormat = 'csv' | 'xlsx';

export interface RowWriter {
  rows(rows: readonly (readonly Cell[])[]): Promise<void>;
  /** The last bytes (the xlsx's directory): the response ends when they are written. */
  end(): Promise<void>;
}

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Resolves when `stream` may be written again, or `out` (the response) has gone. */
async function drained(stream: Writable, out: Writable): Promise<void> {
  if (!stream.writableNeedDrain || out.destroyed) return;
  const stop = new AbortController();
  await Promise.race([
    once(stream, 'drain', { signal: stop.signal }),
    once(out, 'close', { signal: stop.signal }),
  ]).finally(() => stop.abort());
}

export function csvWriter(out: Writable, header: readonly string[]): RowWriter {
  const csv = stringify({
    bom: true,
    record_delimiter: 'windows',
    cast: { string: (value) => spreadsheetSafe(value) },
  });
  csv.pipe(out);
  csv.write(header);
  return {
    async rows(rows) {
      for (const row of rows) csv.write(row);
      await drained(csv, out);
    },
    async end() {
      const finished = once(out, 'finish');
      csv.end();
      await finished;
    },
  };
}

/** A stream as exceljs's own (StreamBuf) and archiver's (readable-stream) hold it. */
interface Piped {
  pipes?: (Writable & { _writableState?: { needDrain?: boolean } })[];
}

/**
 * exceljs writes a sheet's XML into archiver's input without waiting for it (its StreamBuf
 * ignores backpressure), and zlib only gets on when the event loop turns: without this wait the
 * whole sheet would sit uncompressed in memory until the end. Resolves once the zip has taken
 * what it was given (or the response has gone).
 */
async function zipped(worksheet: unknown, out: Writable): Promise<void> {
  const pipes = (worksheet as { stream?: Piped }).stream?.pipes ?? [];
  for (const pipe of pipes)
    if (pipe._writableState?.needDrain && !out.destroyed) {
      const stop = new AbortController();
      await Promise.race([
        once(pipe, 'drain', { signal: stop.signal }),
        once(out, 'close', { signal: stop.signal }),
      ]).finally(() => stop.abort());
    }
}

export function xlsxWriter(out: Writable, sheet: string, header: readonly string[]): RowWriter {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const worksheet = book.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = header.map((title) => ({ width: Math.max(12, title.length * 2 + 4) }));
  const first = worksheet.addRow([...header]);
  first.font = { bold: true };
  first.commit();
  return {
    async rows(rows) {
      for (const row of rows) worksheet.addRow([...row]).commit();
      await zipped(worksheet, out);
      await drained(out, out);
    },
    async end() {
      worksheet.commit();
      await book.commit();
    },
  };
}
