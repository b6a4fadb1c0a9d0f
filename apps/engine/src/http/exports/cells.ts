// How values are written into an exported file (pure).

/** An instant as business time, the way the console shows it: "2026-03-15 10:00:00" (+08:00). */
export function shanghaiTime(instant: string | Date | null | undefined): string | null {
  if (instant === null || instant === undefined) return null;
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) return null;
  // Asia/Shanghai has kept +08:00 without daylight saving since 1991.
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A text a spreadsheet would run as a formula (=, +, -, @ first: "CSV injection") gets a leading
 * apostrophe, so a reason someone typed can never run when an auditor opens the file; numbers
 * (a negative amount) stay as they are. Only CSV needs it: xlsx cells are typed as text.
 */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/** A structured value (a diff) as one cell: compact JSON, never "[object Object]". */
export function jsonCell(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
