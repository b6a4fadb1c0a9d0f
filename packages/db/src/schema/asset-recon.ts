// Asset reconciliation (资产对账): the daily checks of the loans' books against the ledger, each
// disagreement kept as a break of its run; and the funders' own files of their loans, imported
// whole (each file once) to be compared with ours.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { id, money, oneOf, ref, timestamptz } from './columns';
import { ACTOR_TYPES, ASSET_RECON_CHECKS, FUNDER_LOAN_STATUSES } from './enums';
import { loans } from './loans';
import { funders } from './reference';

/** One run of the checks for a business date (a rerun is a new attempt). */
export const assetReconRuns = pgTable(
  'asset_recon_runs',
  {
    id: id(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    attempt: integer('attempt').notNull(),
    /** Loans and funders checked, and the breaks found. */
    loans: integer('loans').notNull(),
    funders: integer('funders').notNull(),
    breaks: integer('breaks').notNull(),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: text('actor_id').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('asset_recon_runs_attempt_key').on(t.businessDate, t.attempt),
    oneOf('asset_recon_runs_actor_type_check', t.actorType, ACTOR_TYPES),
    check('asset_recon_runs_attempt_check', sql`${t.attempt} >= 1`),
  ],
);

/**
 * A disagreement a run found: the loan's side (ours: the plan, or the collections due to the
 * funder) and the ledger's (theirs), in fen, and what explains it where that can be seen.
 */
export const assetReconBreaks = pgTable(
  'asset_recon_breaks',
  {
    id: id(),
    runId: ref('run_id')
      .notNull()
      .references(() => assetReconRuns.id),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    loanId: ref('loan_id')
      .notNull()
      .references(() => loans.id),
    checkKind: text('check_kind', { enum: ASSET_RECON_CHECKS }).notNull(),
    ours: money('ours').notNull(),
    theirs: money('theirs').notNull(),
    reason: text('reason'),
  },
  (t) => [
    index('asset_recon_breaks_run_idx').on(t.runId, t.funderId),
    oneOf('asset_recon_breaks_check_kind_check', t.checkKind, ASSET_RECON_CHECKS),
    check('asset_recon_breaks_differ_check', sql`${t.ours} <> ${t.theirs}`),
  ],
);

/**
 * A funder's file of its loans as of a date. Its SHA-256 is unique: the same bytes are never
 * imported twice. One file per funder and date.
 */
export const funderAssetFiles = pgTable(
  'funder_asset_files',
  {
    id: id(),
    funderId: ref('funder_id')
      .notNull()
      .references(() => funders.id),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    formatName: text('format_name').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull().unique(),
    byteSize: integer('byte_size').notNull(),
    lineCount: integer('line_count').notNull(),
    /** What the file's lines add up to (fen). */
    outstandingPrincipal: money('outstanding_principal').notNull(),
    overdueAmount: money('overdue_amount').notNull(),
    importedBy: text('imported_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [unique('funder_asset_files_funder_date_key').on(t.funderId, t.businessDate)],
);

/** One loan as the funder's file reports it. */
export const funderAssetLines = pgTable(
  'funder_asset_lines',
  {
    id: id(),
    fileId: ref('file_id')
      .notNull()
      .references(() => funderAssetFiles.id),
    lineNo: integer('line_no').notNull(),
    orderNo: text('order_no').notNull(),
    outstandingPrincipal: money('outstanding_principal').notNull(),
    overdueAmount: money('overdue_amount').notNull(),
    status: text('status', { enum: FUNDER_LOAN_STATUSES }).notNull(),
    rawStatus: text('raw_status').notNull(),
  },
  (t) => [
    unique('funder_asset_lines_file_order_key').on(t.fileId, t.orderNo),
    unique('funder_asset_lines_file_line_key').on(t.fileId, t.lineNo),
    oneOf('funder_asset_lines_status_check', t.status, FUNDER_LOAN_STATUSES),
    check(
      'funder_asset_lines_amounts_check',
      sql`${t.outstandingPrincipal} >= 0 AND ${t.overdueAmount} >= 0`,
    ),
  ],
);
