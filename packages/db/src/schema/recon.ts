// Reconciliation (对账): statement formats as versioned data, the channels' statement files as
// imported (each file once, all its lines or none), runs matching them against our orders, and
// the cases each difference becomes, with their history.
import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import { id, money, oneOf, ref, timestamptz } from './columns';
import {
  ACTOR_TYPES,
  RECON_CASE_ACTIONS,
  RECON_CASE_KINDS,
  RECON_CASE_REASONS,
  RECON_CASE_STATUSES,
  STATEMENT_LINE_KINDS,
  STATEMENT_LINE_STATUSES,
  STATEMENT_SOURCES,
} from './enums';
import { debitOrders } from './debits';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * A statement layout a person saved (the presets live in code as version 0 of their name): each
 * save is a new version; an import names the version it was read with.
 */
export const statementFormats = pgTable(
  'statement_formats',
  {
    id: id(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
    note: text('note').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('statement_formats_name_version_key').on(t.name, t.version),
    check('statement_formats_version_check', sql`${t.version} >= 1`),
  ],
);

/**
 * One statement file of a channel and business date. The file's SHA-256 is unique: the same
 * bytes are never imported twice. One file per channel and date.
 */
export const statementImports = pgTable(
  'statement_imports',
  {
    id: id(),
    channelCode: text('channel_code').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    source: text('source', { enum: STATEMENT_SOURCES }).notNull(),
    formatName: text('format_name').notNull(),
    formatVersion: integer('format_version').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull().unique(),
    /**
     * The original bytes, gzip-compressed then encrypted with the personal data's key (finance
     * downloads the file as received); rows imported before that hold plain gzip.
     */
    fileGzip: bytea('file_gzip').notNull(),
    byteSize: integer('byte_size').notNull(),
    lineCount: integer('line_count').notNull(),
    /** Success lines: their count, amount and fees (fen). */
    successCount: integer('success_count').notNull(),
    successAmount: money('success_amount').notNull(),
    feeAmount: money('fee_amount').notNull(),
    /** The totals the file states about itself, when it has a summary. */
    stated: jsonb('stated').$type<Record<string, unknown>>(),
    importedBy: text('imported_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('statement_imports_channel_date_key').on(t.channelCode, t.businessDate),
    oneOf('statement_imports_source_check', t.source, STATEMENT_SOURCES),
  ],
);

export const statementLines = pgTable(
  'statement_lines',
  {
    id: id(),
    importId: ref('import_id')
      .notNull()
      .references(() => statementImports.id),
    lineNo: integer('line_no').notNull(),
    channelCode: text('channel_code').notNull(),
    /** Our order id as the channel names it. */
    orderId: text('order_id').notNull(),
    channelSerial: text('channel_serial'),
    kind: text('kind', { enum: STATEMENT_LINE_KINDS }).notNull(),
    amount: money('amount').notNull(),
    fee: money('fee'),
    status: text('status', { enum: STATEMENT_LINE_STATUSES }).notNull(),
    finishedAt: timestamptz('finished_at'),
    rawStatus: text('raw_status'),
  },
  (t) => [
    unique('statement_lines_import_line_key').on(t.importId, t.lineNo),
    index('statement_lines_order_idx').on(t.channelCode, t.orderId),
    oneOf('statement_lines_kind_check', t.kind, STATEMENT_LINE_KINDS),
    oneOf('statement_lines_status_check', t.status, STATEMENT_LINE_STATUSES),
    check('statement_lines_amount_check', sql`${t.amount} >= 0 AND coalesce(${t.fee}, 0) >= 0`),
  ],
);

/** One reconciliation of a channel and business date (a rerun is a new attempt). */
export const reconRuns = pgTable(
  'recon_runs',
  {
    id: id(),
    channelCode: text('channel_code').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    attempt: integer('attempt').notNull(),
    importId: ref('import_id')
      .notNull()
      .references(() => statementImports.id),
    matched: integer('matched').notNull(),
    overage: integer('overage').notNull(),
    shortage: integer('shortage').notNull(),
    mismatch: integer('mismatch').notNull(),
    pendingResolved: integer('pending_resolved').notNull(),
    carried: integer('carried').notNull(),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: text('actor_id').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('recon_runs_attempt_key').on(t.channelCode, t.businessDate, t.attempt),
    oneOf('recon_runs_actor_type_check', t.actorType, ACTOR_TYPES),
  ],
);

/**
 * A difference found by a run: one case per (channel, kind, order id), so a rerun finds the
 * case it opened before instead of opening another.
 */
export const reconCases = pgTable(
  'recon_cases',
  {
    id: id(),
    caseKey: text('case_key').notNull().unique(),
    channelCode: text('channel_code').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: RECON_CASE_KINDS }).notNull(),
    orderId: text('order_id').notNull(),
    debitOrderId: ref('debit_order_id').references(() => debitOrders.id),
    statementLineId: ref('statement_line_id').references(() => statementLines.id),
    /** Ours and theirs as found: status, amount and fee (fen). */
    ourStatus: text('our_status'),
    ourAmount: money('our_amount'),
    ourFee: money('our_fee'),
    theirStatus: text('their_status'),
    theirAmount: money('their_amount'),
    theirFee: money('their_fee'),
    /** Why, in English (the CLI, the case's history); the console words `reasonCode`. */
    reason: text('reason').notNull(),
    /** Why, as a code (null on cases opened before codes); its details in `reasonParams`. */
    reasonCode: text('reason_code', { enum: RECON_CASE_REASONS }),
    /** The code's details: statuses as words, amounts as fen in strings (`…Fen`). */
    reasonParams: jsonb('reason_params').$type<Record<string, string>>().notNull().default({}),
    status: text('status', { enum: RECON_CASE_STATUSES }).notNull().default('open'),
    owner: text('owner'),
    resolution: text('resolution'),
    /** An action above the approval limit, waiting for a second person. */
    pendingAction: text('pending_action', { enum: RECON_CASE_ACTIONS }),
    pendingNote: text('pending_note'),
    proposedBy: text('proposed_by'),
    proposedAt: timestamptz('proposed_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('recon_cases_day_idx').on(t.channelCode, t.businessDate),
    index('recon_cases_open_idx')
      .on(t.createdAt)
      .where(sql`${t.status} <> 'resolved'`),
    oneOf('recon_cases_kind_check', t.kind, RECON_CASE_KINDS),
    oneOf('recon_cases_status_check', t.status, RECON_CASE_STATUSES),
    oneOf('recon_cases_pending_action_check', t.pendingAction, RECON_CASE_ACTIONS),
    oneOf('recon_cases_reason_code_check', t.reasonCode, RECON_CASE_REASONS),
    check(
      'recon_cases_resolved_check',
      sql`(${t.status} = 'resolved') = (${t.resolution} IS NOT NULL)`,
    ),
    check(
      'recon_cases_pending_check',
      sql`(${t.pendingAction} IS NULL) = (${t.proposedBy} IS NULL)
        AND (${t.pendingAction} IS NULL OR ${t.status} <> 'resolved')`,
    ),
  ],
);

/** What happened to a case, in order: opened, seen again, assigned, acted on (append-only). */
export const reconCaseActions = pgTable(
  'recon_case_actions',
  {
    id: id(),
    caseId: ref('case_id')
      .notNull()
      .references(() => reconCases.id),
    action: text('action').notNull(),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: text('actor_id').notNull(),
    note: text('note'),
    evidence: jsonb('evidence').$type<Record<string, unknown>>(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('recon_case_actions_case_idx').on(t.caseId),
    oneOf('recon_case_actions_actor_type_check', t.actorType, ACTOR_TYPES),
  ],
);
