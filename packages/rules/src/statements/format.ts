// A channel's statement layout as data a finance user edits in the console: how the bytes
// decode, how a line splits into cells, which lines are comments, the header or the summary,
// and which cell holds each of our fields. createRecordMapper (record.ts) applies it.
//
// Refunds. A line whose status maps to 'refund' is a line of its own: its amount is the amount
// refunded (columns.refundAmount when the file keeps it apart from the order amount, as WeChat
// does) and its fee the fee given back, both positive (Alipay writes refunds negative). The
// tally keeps refunds apart from successes; a stated total says which it adds up, in
// `basis`: 'success' (success lines), 'net' (success − refunds, e.g. WeChat's fee total),
// 'success_and_refunds', or 'records' (every data line, including those the status map
// ignores, e.g. WeChat's 总交易单数).
import { z } from 'zod';

import { RuleValidationError, type RuleIssue } from '../rule-issue';
import { compileTimePattern } from './values';

/** What a raw status value means; 'ignore' drops the line (not final, or not ours). */
export const STATEMENT_STATUS_MAPPINGS = ['success', 'failed', 'refund', 'ignore'] as const;
export type StatementStatusMapping = (typeof STATEMENT_STATUS_MAPPINGS)[number];

/** Our fields a layout maps to its columns. */
export const STATEMENT_FIELDS = [
  'orderId',
  'channelSerial',
  'amount',
  'refundAmount',
  'fee',
  'status',
  'finishedAt',
  'kind',
] as const;
export type StatementField = (typeof STATEMENT_FIELDS)[number];

/** A header name (files with a header), a 1-based index (without), or a fixed field's name. */
const columnRef = z.union([z.string().trim().min(1).max(64), z.number().int().min(1).max(500)]);
export type ColumnRef = z.infer<typeof columnRef>;

const delimitedLayout = z.strictObject({
  type: z.literal('delimited'),
  delimiter: z.string().min(1).max(4),
  /** Values may be wrapped in double quotes (a quote inside an unquoted value stays as it is). */
  quoted: z.boolean().default(false),
  /** Exact number of cells of a data line without a header (null: at least the columns used). */
  cells: z.number().int().min(1).max(500).nullable().default(null),
});

const fixedLayout = z.strictObject({
  type: z.literal('fixed'),
  /** In order; widths count characters of the decoded text. */
  fields: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(64),
        width: z.number().int().min(1).max(2000),
      }),
    )
    .min(1)
    .max(200),
});

const countBasis = z.enum(['success', 'success_and_refunds', 'records']);
const moneyBasis = z.enum(['success', 'net']);
export type CountBasis = z.infer<typeof countBasis>;
export type MoneyBasis = z.infer<typeof moneyBasis>;

/** Where each stated total is read (a column, key or named group) and what it adds up. */
const totalsMapping = z.strictObject({
  count: z.strictObject({ from: z.string().min(1).max(64), basis: countBasis }).optional(),
  amount: z.strictObject({ from: z.string().min(1).max(64), basis: moneyBasis }).optional(),
  fee: z.strictObject({ from: z.string().min(1).max(64), basis: moneyBasis }).optional(),
});
export type TotalsMapping = z.infer<typeof totalsMapping>;

const trailerRule = z.discriminatedUnion('type', [
  /** A row whose first cell is `marker` names the columns of the totals row after it (WeChat). */
  z.strictObject({
    type: z.literal('row'),
    marker: z.string().trim().min(1).max(64),
    required: z.boolean().default(true),
    totals: totalsMapping,
  }),
  /** A comment line starting with `marker`, then key=value pairs (the sandbox's `# summary`). */
  z.strictObject({
    type: z.literal('keyValues'),
    marker: z.string().min(1).max(64),
    separator: z.string().min(1).max(4).default(','),
    required: z.boolean().default(true),
    totals: totalsMapping,
  }),
  /** A comment line matching a regular expression; totals come from its named groups. */
  z.strictObject({
    type: z.literal('pattern'),
    pattern: z.string().min(1).max(500),
    required: z.boolean().default(true),
    totals: totalsMapping,
  }),
]);
export type TrailerRule = z.infer<typeof trailerRule>;

const lineKind = z.enum(['debit', 'payout']);

const formatObject = z.strictObject({
  description: z.string().max(500).optional(),
  encoding: z.enum(['utf-8', 'gbk']).default('utf-8'),
  layout: z.discriminatedUnion('type', [delimitedLayout, fixedLayout]),
  /** Lines skipped at the start of the file, before anything else is looked at. */
  skipLeadingLines: z.number().int().min(0).max(100).default(0),
  /** Lines starting with it are skipped (after the summary rules had a look at them). */
  commentPrefix: z.string().min(1).max(8).nullable().default(null),
  /** The first data row names the columns; columns are then referenced by those names. */
  header: z.boolean().default(false),
  /** Spaces and tabs around every value are dropped. */
  trim: z.boolean().default(true),
  /** Dropped from the start of every value (WeChat's backtick). */
  stripPrefix: z.string().min(1).max(8).nullable().default(null),
  trailer: z.array(trailerRule).max(4).default([]),
  columns: z.strictObject({
    orderId: columnRef,
    channelSerial: columnRef.optional(),
    amount: columnRef,
    /** A refund line's amount, when the file keeps it in a column of its own. */
    refundAmount: columnRef.optional(),
    fee: columnRef.optional(),
    status: columnRef.optional(),
    finishedAt: columnRef.optional(),
    kind: columnRef.optional(),
  }),
  amountUnit: z.enum(['yuan', 'fen']),
  /** 'iso', or yyyy MM dd HH mm ss with literals; read as Asia/Shanghai time. */
  timePattern: z.string().min(1).max(40).default('yyyy-MM-dd HH:mm:ss'),
  statusMap: z.record(z.string(), z.enum(STATEMENT_STATUS_MAPPINGS)).default({}),
  /** The status of every line of a file without a status column (successes only). */
  defaultStatus: z.enum(['success', 'failed', 'refund']).nullable().default(null),
  /** The kind of every line, unless columns.kind and kindMap say per line. */
  kind: lineKind.default('debit'),
  kindMap: z.record(z.string(), lineKind).default({}),
});

type FormatShape = z.infer<typeof formatObject>;

/** A statement layout; parse JSON with statementFormatSchema (which also runs the checks). */
export const statementFormatSchema = formatObject.superRefine((format, ctx) => {
  for (const issue of checkStatementFormat(format))
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
export type StatementFormat = FormatShape;
/** A format as written in JSON: defaults may be left out. */
export type StatementFormatInput = z.input<typeof formatObject>;

/** The named groups a regular expression declares (the empty alternative always matches). */
export function namedGroups(pattern: string): string[] | string {
  try {
    const groups = new RegExp(`${pattern}|`).exec('')?.groups;
    return groups ? Object.keys(groups) : [];
  } catch (error) {
    return `not a regular expression: ${(error as Error).message}`;
  }
}

/** Save-time checks past the schema, each named by its JSON path. */
export function checkStatementFormat(format: StatementFormat): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const issue = (path: (string | number)[], message: string) => issues.push({ path, message });
  const { layout } = format;

  // Columns: by header name, by 1-based index, or by fixed field name.
  const fieldNames = new Set(layout.type === 'fixed' ? layout.fields.map((f) => f.name) : []);
  for (const key of STATEMENT_FIELDS) {
    const ref = format.columns[key];
    if (ref === undefined) continue;
    const at = ['columns', key];
    if (layout.type === 'fixed') {
      if (typeof ref !== 'string' || !fieldNames.has(ref))
        issue(at, `name one of layout.fields (got ${JSON.stringify(ref)})`);
    } else if (format.header) {
      if (typeof ref !== 'string') issue(at, 'with a header, name the column as the header does');
    } else if (typeof ref !== 'number') {
      issue(at, 'without a header, give the column as a 1-based number');
    } else if (layout.cells !== null && ref > layout.cells) {
      issue(at, `column ${ref} is past the ${layout.cells} cells of a line`);
    }
  }

  if (layout.type === 'fixed') {
    if (format.header) issue(['header'], 'a fixed-width file has no header row');
    const seen = new Map<string, number>();
    layout.fields.forEach((field, i) => {
      const first = seen.get(field.name);
      if (first !== undefined)
        issue(['layout', 'fields', i, 'name'], `${field.name} is also field ${first + 1}`);
      else seen.set(field.name, i);
    });
  } else {
    if (/[\r\n]/.test(layout.delimiter))
      issue(['layout', 'delimiter'], 'a delimiter cannot be a line break');
    if (layout.quoted && layout.delimiter.includes('"'))
      issue(['layout', 'delimiter'], 'a quoted layout cannot split on the quote');
    if (format.header && layout.cells !== null)
      issue(['layout', 'cells'], 'with a header, a line has as many cells as the header');
  }

  // Statuses.
  const statusValues = Object.values(format.statusMap);
  if (format.columns.status !== undefined) {
    if (!statusValues.some((s) => s !== 'ignore'))
      issue(['statusMap'], 'map at least one status value to success, failed or refund');
    if (format.defaultStatus !== null)
      issue(
        ['defaultStatus'],
        'a file with a status column takes each line’s status from statusMap',
      );
  } else {
    if (format.defaultStatus === null)
      issue(['defaultStatus'], 'a file without a status column names the status of its lines');
    if (statusValues.length > 0) issue(['statusMap'], 'statusMap needs columns.status');
  }
  if (format.trim) {
    for (const raw of Object.keys(format.statusMap))
      if (raw !== raw.trim())
        issue(['statusMap', raw], 'values are trimmed before they are looked up: drop the spaces');
  }
  if (
    format.columns.refundAmount !== undefined &&
    !statusValues.includes('refund') &&
    format.defaultStatus !== 'refund'
  )
    issue(['columns', 'refundAmount'], 'no status maps to refund');

  // Kinds.
  const kindEntries = Object.keys(format.kindMap).length;
  if (format.columns.kind !== undefined && kindEntries === 0)
    issue(['kindMap'], 'map the kind column’s values to debit or payout');
  if (format.columns.kind === undefined && kindEntries > 0)
    issue(['kindMap'], 'kindMap needs columns.kind');

  const time = compileTimePattern(format.timePattern, null);
  if (typeof time === 'string') issue(['timePattern'], time);

  // Summary lines.
  const stated = new Map<string, number>();
  format.trailer.forEach((rule, i) => {
    const at = ['trailer', i];
    const mapped = (['count', 'amount', 'fee'] as const).filter((k) => rule.totals[k]);
    if (mapped.length === 0) issue([...at, 'totals'], 'map at least one of count, amount, fee');
    for (const key of mapped) {
      const first = stated.get(key);
      if (first !== undefined)
        issue([...at, 'totals', key], `trailer ${first + 1} already states the ${key}`);
      else stated.set(key, i);
    }
    if (rule.type === 'row') {
      if (layout.type !== 'delimited')
        issue([...at, 'type'], 'a totals row needs a delimited layout');
      return;
    }
    if (format.commentPrefix === null)
      issue([...at, 'type'], 'summary comments need a commentPrefix');
    if (rule.type === 'keyValues') {
      if (format.commentPrefix !== null && !rule.marker.startsWith(format.commentPrefix))
        issue([...at, 'marker'], `a summary comment starts with ${format.commentPrefix}`);
      return;
    }
    const groups = namedGroups(rule.pattern);
    if (typeof groups === 'string') {
      issue([...at, 'pattern'], groups);
      return;
    }
    for (const key of mapped) {
      const from = rule.totals[key]!.from;
      if (!groups.includes(from))
        issue([...at, 'totals', key, 'from'], `the pattern has no group (?<${from}>…)`);
    }
  });
  return issues;
}

/** Parse and check a format; every problem at once, by JSON path. */
export function validateStatementFormat(
  json: unknown,
): { ok: true; format: StatementFormat } | { ok: false; issues: RuleIssue[] } {
  const parsed = statementFormatSchema.safeParse(json);
  if (parsed.success) return { ok: true, format: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.message,
    })),
  };
}

export function parseStatementFormat(json: unknown): StatementFormat {
  const result = validateStatementFormat(json);
  if (!result.ok) throw new RuleValidationError(result.issues);
  return result.format;
}
