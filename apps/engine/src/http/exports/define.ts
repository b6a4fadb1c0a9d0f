// A list the console can export (GET /exports/<name>.csv|.xlsx?<filters>): declared once by the
// module that owns the list, beside its tRPC procedure, with the same filter schema and the same
// service method, so an export holds exactly the rows the page shows (all of them, not a page).
import type { z } from 'zod';
import type { Permission } from '../../modules/auth';

/** The console's languages: headers and the sheet's name in each. */
export interface Words {
  'zh-CN': string;
  en: string;
}

export type Cell = string | number | null;

export interface ExportColumn<Row> {
  title: Words;
  /** Money as yuan decimal strings, instants in Asia/Shanghai (`shanghaiTime`), masks only. */
  value(row: Row): Cell;
}

/** One keyset page of the list, as its service answers the console. */
export interface ExportPage<Row> {
  items: Row[];
  nextCursor: string | null;
}

export interface ExportList<Filter = unknown, Row = unknown> {
  /** The address: lower-case words and dashes (`audit-log` → /exports/audit-log.csv). */
  name: string;
  /** The list's own permission: whoever may read the page may export it. */
  permission: Permission;
  title: Words;
  /** A strict object of the list's filters, read from the query string (strings). */
  filter: z.ZodType<Filter>;
  columns: readonly ExportColumn<Row>[];
  page(filter: Filter, cursor: string | null, limit: number): Promise<ExportPage<Row>>;
}

/** Checks a list's parts against each other; the plugin sees lists of any filter and row. */
export function defineExport<Filter, Row>(list: ExportList<Filter, Row>): ExportList {
  if (!/^[a-z][a-z0-9-]*$/.test(list.name)) throw new Error(`export name ${list.name}`);
  return list;
}
