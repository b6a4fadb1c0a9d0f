// Asset reconciliation's SQL: the daily checks of the loans' books against the ledger (one
// statement, set-based), the runs and breaks they leave, and the funders' asset files with the
// comparison of their lines against our loans. Reads the loans, plans, collections, transfers
// and ledger of other modules as they are stored: reconciling them is this module's job.
import type { AssetReconCheck, FunderFileLine, FunderLoanStatus } from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';

/**
 * Journal kinds that record money collected for a loan (what the funder check adds up); a
 * reversed debit's journal takes its money back (its order is no longer a success).
 */
export const COLLECTION_JOURNAL_KINDS = [
  'debit_collected',
  'repayment_received',
  'loan_settled',
  'debit_reversed',
];

/** Accounts money collected comes into (per funder): the channels' clearing, offline receipts. */
const MONEY_IN = `(a.code LIKE 'clearing.collections:%' OR a.code LIKE 'receipts.offline:%')`;

/**
 * The loans a date's books hold: started by then, or with a journal by then. Expects the date
 * as `d` (a one-row relation with column `day`).
 */
const LOANS_ON_DATE = `l.start_date <= d.day
  OR EXISTS (SELECT 1 FROM ledger_journals bj WHERE bj.loan_id = l.id AND bj.effective_date <= d.day)`;

/**
 * Who owned each loan of `scope` (id, current_funder) when: from `since` (null: its start) until
 * `until` (exclusive; null: still). Completed transfers only; the first seller before the first
 * cut-off (cut-offs of a loan strictly increase: transfers.service refuses another).
 */
const OWNERSHIP = `periods AS (
    SELECT s.id AS loan_id, NULL::date AS since, first_change.cutoff_date AS until,
           coalesce(first_change.from_funder_id, s.current_funder) AS funder_id
      FROM scope s
      LEFT JOIN LATERAL (
        SELECT t.cutoff_date, t.from_funder_id FROM asset_transfer_loans t
         WHERE t.loan_id = s.id AND t.status = 'completed'
         ORDER BY t.cutoff_date, t.id LIMIT 1) first_change ON true
    UNION ALL
    SELECT t.loan_id, t.cutoff_date,
           lead(t.cutoff_date) OVER (PARTITION BY t.loan_id ORDER BY t.cutoff_date, t.id),
           t.to_funder_id
      FROM asset_transfer_loans t JOIN scope s ON s.id = t.loan_id
     WHERE t.status = 'completed')`;

const ownedOn = (period: string, day: string) =>
  `(${period}.since IS NULL OR ${period}.since <= ${day}) AND (${period}.until IS NULL OR ${day} < ${period}.until)`;

/**
 * The checks as of $1 (the business date). $2: the previous run's date (null: none), which opens
 * the period the explanations look at; $3: today, the latest day anything was recorded on;
 * $4: the collection journal kinds.
 *
 *   outstanding_principal  principal less principal paid on the current plan, against the
 *                          principal receivable of the loan on every funder's books;
 *   principal … penalty    paid per component on the current plan, against the ledger's
 *                          collections of it (receivable credited, income per component);
 *   funder_collections     per (loan, funder): the money collected on dates the funder owned
 *                          the loan (debits by business date, repayments by the day paid,
 *                          offline settlements by the quote's date), against the money-in
 *                          entries the ledger attributes to the funder (collection journals
 *                          effective by then, and the reattributions of them).
 *
 * The plan keeps no history: the per-loan checks compare the books as they stand (a later
 * collection is on both sides); the funder check counts collections up to the date.
 */
const CHECKS = `
  WITH d AS (SELECT $1::date AS day),
  scope AS (
    SELECT l.id, l.principal, l.funder_id AS current_funder FROM loans l, d WHERE ${LOANS_ON_DATE}),
  ${OWNERSHIP},
  owner_on AS (SELECT p.loan_id, p.funder_id FROM periods p, d WHERE ${ownedOn('p', 'd.day')}),
  plan AS (
    SELECT i.loan_id, sum(i.principal_paid) AS principal, sum(i.interest_paid) AS interest,
           sum(i.fee_paid) AS fee, sum(i.penalty_paid) AS penalty
      FROM installments i JOIN scope s ON s.id = i.loan_id
     WHERE i.is_current GROUP BY i.loan_id),
  books AS (
    SELECT e.loan_id,
           sum(e.amount) FILTER (WHERE a.code LIKE 'receivable.principal:%') AS receivable,
           -sum(e.amount) FILTER (WHERE a.code LIKE 'receivable.principal:%' AND j.kind <> 'loan_booked') AS principal,
           -sum(e.amount) FILTER (WHERE a.code LIKE 'income.interest:%') AS interest,
           -sum(e.amount) FILTER (WHERE a.code LIKE 'income.fee:%') AS fee,
           -sum(e.amount) FILTER (WHERE a.code LIKE 'income.penalty:%') AS penalty
      FROM ledger_entries e JOIN scope s ON s.id = e.loan_id
      JOIN ledger_accounts a ON a.id = e.account_id
      JOIN ledger_journals j ON j.id = e.journal_id
     GROUP BY e.loan_id),
  loan_checks AS (
    SELECT s.id AS loan_id, o.funder_id, c.kind, c.ours, c.theirs
      FROM scope s JOIN owner_on o ON o.loan_id = s.id
      LEFT JOIN plan p ON p.loan_id = s.id
      LEFT JOIN books b ON b.loan_id = s.id
     CROSS JOIN LATERAL (VALUES
       ('outstanding_principal', s.principal - coalesce(p.principal, 0), coalesce(b.receivable, 0)),
       ('principal', coalesce(p.principal, 0), coalesce(b.principal, 0)),
       ('interest', coalesce(p.interest, 0), coalesce(b.interest, 0)),
       ('fee', coalesce(p.fee, 0), coalesce(b.fee, 0)),
       ('penalty', coalesce(p.penalty, 0), coalesce(b.penalty, 0))) AS c(kind, ours, theirs)
     WHERE c.ours <> c.theirs),
  collections AS (
    SELECT o.loan_id, o.business_date AS day, o.amount
      FROM debit_orders o JOIN scope s ON s.id = o.loan_id, d
     WHERE o.status = 'succeeded' AND o.business_date <= d.day
    UNION ALL
    SELECT r.loan_id, (r.paid_at AT TIME ZONE 'Asia/Shanghai')::date, r.amount
      FROM repayments r JOIN scope s ON s.id = r.loan_id, d
     WHERE (r.paid_at AT TIME ZONE 'Asia/Shanghai')::date <= d.day
    UNION ALL
    SELECT q.loan_id, q.quote_date, q.amount
      FROM settlement_quotes q JOIN scope s ON s.id = q.loan_id, d
     WHERE q.status = 'settled' AND q.settle_method = 'offline' AND q.quote_date <= d.day),
  due AS (
    SELECT c.loan_id, p.funder_id, sum(c.amount) AS amount
      FROM collections c JOIN periods p ON p.loan_id = c.loan_id AND ${ownedOn('p', 'c.day')}
     GROUP BY c.loan_id, p.funder_id),
  attributed AS (
    SELECT j.loan_id, a.funder_id, sum(e.amount) AS amount
      FROM ledger_journals j JOIN scope s ON s.id = j.loan_id
      JOIN ledger_entries e ON e.journal_id = j.id
      JOIN ledger_accounts a ON a.id = e.account_id
      -- A reattribution's key ends in the id of the journal it moves (transfers/completion.ts).
      LEFT JOIN ledger_journals src ON src.id = CASE WHEN j.kind = 'asset_transfer_reattribution'
                                                     THEN split_part(j.idempotency_key, ':', 3)::bigint END, d
     WHERE j.effective_date <= d.day AND a.funder_id IS NOT NULL AND ${MONEY_IN}
       AND (j.kind = ANY($4::text[]) OR src.kind = ANY($4::text[]))
     GROUP BY j.loan_id, a.funder_id),
  funder_checks AS (
    SELECT coalesce(u.loan_id, t.loan_id) AS loan_id, coalesce(u.funder_id, t.funder_id) AS funder_id,
           'funder_collections' AS kind, coalesce(u.amount, 0) AS ours, coalesce(t.amount, 0) AS theirs
      FROM due u FULL JOIN attributed t ON t.loan_id = u.loan_id AND t.funder_id = u.funder_id
     WHERE coalesce(u.amount, 0) <> coalesce(t.amount, 0)),
  found AS (SELECT * FROM loan_checks UNION ALL SELECT * FROM funder_checks)
  SELECT f.loan_id AS "loanId", l.order_no AS "orderNo", f.funder_id AS "funderId",
         fu.code AS "funderCode", f.kind AS "check", f.ours, f.theirs,
         (SELECT string_agg(format('%s (%s, %s → %s)', t.cutoff_date, x.transfer_id, ff.code, tf.code), '; '
                            ORDER BY t.cutoff_date)
            FROM asset_transfer_loans t JOIN asset_transfers x ON x.id = t.transfer_id
            JOIN funders ff ON ff.id = t.from_funder_id JOIN funders tf ON tf.id = t.to_funder_id, d
           WHERE t.loan_id = f.loan_id AND t.status = 'completed' AND t.cutoff_date <= d.day
             AND ($2::date IS NULL OR t.cutoff_date > $2::date)) AS cutoffs,
         (SELECT string_agg(format('%s %s (effective %s, recorded %s)',
                   CASE r.kind WHEN 'repayment_received' THEN 'repayment'
                               WHEN 'debit_collected' THEN 'late success'
                               WHEN 'loan_settled' THEN 'settlement'
                               ELSE 'reversal' END,
                   substr(r.idempotency_key, strpos(r.idempotency_key, ':') + 1), r.effective_date, r.day), '; '
                   ORDER BY r.effective_date, r.id)
            FROM (SELECT j.*, least((j.created_at AT TIME ZONE 'Asia/Shanghai')::date, $3::date) AS day
                    FROM ledger_journals j
                   WHERE j.loan_id = f.loan_id AND j.kind = ANY($4::text[])) r, d
           WHERE r.effective_date <= d.day AND r.day > r.effective_date
             AND ($2::date IS NULL OR r.day > $2::date)) AS backdated
    FROM found f JOIN loans l ON l.id = f.loan_id JOIN funders fu ON fu.id = f.funder_id
   ORDER BY fu.code, l.order_no, f.kind`;

/** How many loans the date's books hold, and how many funders own them on the date. */
const SCOPE_COUNTS = `
  WITH d AS (SELECT $1::date AS day),
  scope AS (
    SELECT l.id, l.funder_id AS current_funder FROM loans l, d WHERE ${LOANS_ON_DATE}),
  ${OWNERSHIP}
  SELECT count(*)::int AS loans, count(DISTINCT p.funder_id)::int AS funders
    FROM periods p, d WHERE ${ownedOn('p', 'd.day')}`;

export interface BreakFinding {
  loanId: bigint;
  orderNo: string;
  funderId: bigint;
  funderCode: string;
  check: AssetReconCheck;
  ours: bigint;
  theirs: bigint;
  /** Completed transfers of the loan with a cut-off in the period, as text (null: none). */
  cutoffs: string | null;
  /** Collections recorded after their effective date, in the period, as text (null: none). */
  backdated: string | null;
}

export interface AssetRunRow {
  id: bigint;
  businessDate: string;
  attempt: number;
  loans: number;
  funders: number;
  breaks: number;
  actorType: string;
  actorId: string;
  createdAt: Date;
}

export interface BreakRow {
  id: bigint;
  funderCode: string;
  funderName: string;
  orderNo: string;
  check: AssetReconCheck;
  ours: bigint;
  theirs: bigint;
  reason: string | null;
}

export interface FunderFileRecord {
  id: bigint;
  funderCode: string;
  businessDate: string;
  formatName: string;
  fileName: string;
  byteSize: number;
  lineCount: number;
  outstandingPrincipal: bigint;
  overdueAmount: bigint;
  importedBy: string;
  createdAt: Date;
}

/** A loan where a funder's file and our books disagree, or that one side only has. */
export interface ComparedLoan {
  orderNo: string;
  kind: 'differs' | 'missing_in_file' | 'unknown_loan' | 'other_funder';
  lineNo: number | null;
  /** Ours (null: not our loan); `owner`: who owns it on the file's date. */
  ours: {
    outstandingPrincipal: bigint;
    overdueAmount: bigint;
    status: FunderLoanStatus;
    owner: string;
  } | null;
  /** The file's (null: the file leaves the loan out). */
  theirs: {
    outstandingPrincipal: bigint;
    overdueAmount: bigint;
    status: FunderLoanStatus;
    rawStatus: string;
  } | null;
}

const runColumns = `id, business_date::text AS "businessDate", attempt, loans, funders, breaks,
  actor_type AS "actorType", actor_id AS "actorId", created_at AS "createdAt"`;

const toRun = (r: Record<string, unknown>): AssetRunRow => ({
  ...(r as unknown as AssetRunRow),
  id: bigintOf(r.id),
  createdAt: new Date(r.createdAt as string),
});

const fileColumns = `f.id, fu.code AS "funderCode", f.business_date::text AS "businessDate",
  f.format_name AS "formatName", f.file_name AS "fileName", f.byte_size AS "byteSize",
  f.line_count AS "lineCount", f.outstanding_principal AS "outstandingPrincipal",
  f.overdue_amount AS "overdueAmount", f.imported_by AS "importedBy", f.created_at AS "createdAt"`;

const toFile = (r: Record<string, unknown>): FunderFileRecord => ({
  ...(r as unknown as FunderFileRecord),
  id: bigintOf(r.id),
  outstandingPrincipal: bigintOf(r.outstandingPrincipal),
  overdueAmount: bigintOf(r.overdueAmount),
  createdAt: new Date(r.createdAt as string),
});

/**
 * A funder file ($1) against our loans, as of its date: the loans the funder owned on the date
 * (per completed transfers' cut-offs), and every loan the file names. Our figures come from the
 * plan as it stands: outstanding principal (principal less principal paid), the overdue amount
 * (what installments due before the date still owe, penalties and fees included) and the
 * status in the funder's words. A row's kind is null where both sides agree.
 */
const COMPARED = `
  WITH f AS (SELECT id, funder_id, business_date AS day FROM funder_asset_files WHERE id = $1),
  d AS (SELECT day FROM f),
  lines AS (SELECT x.* FROM funder_asset_lines x WHERE x.file_id = $1),
  scope AS (
    SELECT l.id, l.funder_id AS current_funder FROM loans l, f
     WHERE l.funder_id = f.funder_id
        OR l.id IN (SELECT t.loan_id FROM asset_transfer_loans t
                     WHERE t.status = 'completed' AND f.funder_id IN (t.from_funder_id, t.to_funder_id))
        OR l.order_no IN (SELECT order_no FROM lines)),
  ${OWNERSHIP},
  ours AS (
    SELECT l.id, l.order_no, l.status, p.funder_id AS owner_id, fu.code AS owner,
           (${LOANS_ON_DATE}) AS on_books,
           l.principal - coalesce(sum(i.principal_paid), 0) AS outstanding,
           coalesce(sum(i.principal_due + i.interest_due + i.fee_due + i.penalty_due
                        - i.principal_paid - i.interest_paid - i.fee_paid - i.penalty_paid)
                      FILTER (WHERE i.due_date < d.day), 0) AS overdue
      FROM scope s CROSS JOIN d
      JOIN loans l ON l.id = s.id
      JOIN periods p ON p.loan_id = s.id AND ${ownedOn('p', 'd.day')}
      JOIN funders fu ON fu.id = p.funder_id
      LEFT JOIN installments i ON i.loan_id = l.id AND i.is_current
     GROUP BY l.id, p.funder_id, fu.code, d.day),
  words AS (
    SELECT o.*, CASE WHEN o.status IN ('settled', 'written_off') THEN o.status
                     WHEN o.overdue > 0 THEN 'overdue' ELSE 'current' END AS word
      FROM ours o),
  compared AS (
    SELECT coalesce(x.order_no, o.order_no) AS "orderNo", x.line_no AS "lineNo",
           o.outstanding, o.overdue, o.word, o.owner,
           x.outstanding_principal AS "theirOutstanding", x.overdue_amount AS "theirOverdue",
           x.status AS "theirStatus", x.raw_status AS "rawStatus",
           CASE WHEN x.id IS NULL THEN 'missing_in_file'
                WHEN o.id IS NULL THEN 'unknown_loan'
                WHEN o.owner_id <> f.funder_id THEN 'other_funder'
                WHEN o.outstanding <> x.outstanding_principal OR o.overdue <> x.overdue_amount
                  OR o.word <> x.status THEN 'differs' END AS kind
      FROM lines x FULL JOIN words o ON o.order_no = x.order_no, f
     WHERE x.id IS NOT NULL
        OR (o.owner_id = f.funder_id AND o.status = 'active' AND o.on_books))`;

export function createAssetReconRepo({ sql }: Executor) {
  return {
    /** The checks of a date; see CHECKS. */
    async findBreaks(input: {
      businessDate: string;
      previousDate: string | null;
      today: string;
    }): Promise<BreakFinding[]> {
      const rows = await sql.query<Record<string, unknown>>(CHECKS, [
        input.businessDate,
        input.previousDate,
        input.today,
        COLLECTION_JOURNAL_KINDS,
      ]);
      return rows.map((r) => ({
        loanId: bigintOf(r.loanId),
        orderNo: r.orderNo as string,
        funderId: bigintOf(r.funderId),
        funderCode: r.funderCode as string,
        check: r.check as AssetReconCheck,
        ours: bigintOf(r.ours),
        theirs: bigintOf(r.theirs),
        cutoffs: (r.cutoffs as string | null) ?? null,
        backdated: (r.backdated as string | null) ?? null,
      }));
    },

    async scopeCounts(businessDate: string): Promise<{ loans: number; funders: number }> {
      const [row] = await sql.query<{ loans: number; funders: number }>(SCOPE_COUNTS, [
        businessDate,
      ]);
      return { loans: row?.loans ?? 0, funders: row?.funders ?? 0 };
    },

    /** The latest date before this one that has a run (the previous period's end). */
    async previousRunDate(businessDate: string): Promise<string | null> {
      const [row] = await sql.query<{ day: string | null }>(
        `SELECT max(business_date)::text AS day FROM asset_recon_runs WHERE business_date < $1::date`,
        [businessDate],
      );
      return row?.day ?? null;
    },

    async nextAttempt(businessDate: string): Promise<number> {
      const [row] = await sql.query<{ n: number }>(
        `SELECT coalesce(max(attempt), 0)::int + 1 AS n FROM asset_recon_runs
          WHERE business_date = $1::date`,
        [businessDate],
      );
      return row?.n ?? 1;
    },

    async insertRun(run: {
      businessDate: string;
      attempt: number;
      loans: number;
      funders: number;
      breaks: number;
      actorType: string;
      actorId: string;
    }): Promise<bigint> {
      const [row] = await sql.query<{ id: bigint }>(
        `INSERT INTO asset_recon_runs (business_date, attempt, loans, funders, breaks, actor_type, actor_id)
         VALUES ($1::date, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          run.businessDate,
          run.attempt,
          run.loans,
          run.funders,
          run.breaks,
          run.actorType,
          run.actorId,
        ],
      );
      return bigintOf(row!.id);
    },

    async insertBreaks(
      runId: bigint,
      breaks: {
        funderId: bigint;
        loanId: bigint;
        check: string;
        ours: bigint;
        theirs: bigint;
        reason: string | null;
      }[],
    ) {
      if (breaks.length === 0) return;
      const col = <T>(f: (b: (typeof breaks)[number]) => T) => breaks.map(f);
      await sql.query(
        `INSERT INTO asset_recon_breaks (run_id, funder_id, loan_id, check_kind, ours, theirs, reason)
         SELECT $1::bigint, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::text[])`,
        [
          runId,
          col((b) => b.funderId),
          col((b) => b.loanId),
          col((b) => b.check),
          col((b) => b.ours),
          col((b) => b.theirs),
          col((b) => b.reason),
        ],
      );
    },

    /** Runs newest first (date, then attempt). */
    async runs(f: { from?: string; to?: string; limit: number }): Promise<AssetRunRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${runColumns} FROM asset_recon_runs
          WHERE ($1::date IS NULL OR business_date >= $1::date)
            AND ($2::date IS NULL OR business_date <= $2::date)
          ORDER BY business_date DESC, attempt DESC LIMIT $3`,
        [f.from ?? null, f.to ?? null, f.limit],
      );
      return rows.map(toRun);
    },

    /** A run by id, or a date's latest attempt, or the latest run of all (neither given). */
    async findRun(by: { id?: bigint; businessDate?: string }): Promise<AssetRunRow | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${runColumns} FROM asset_recon_runs
          WHERE ($1::bigint IS NULL OR id = $1) AND ($2::date IS NULL OR business_date = $2::date)
          ORDER BY business_date DESC, attempt DESC LIMIT 1`,
        [by.id ?? null, by.businessDate ?? null],
      );
      return row ? toRun(row) : null;
    },

    /** A run's breaks in the order found (funder, loan, check), after `afterId`. */
    async breaks(f: {
      runId: bigint;
      funderCode?: string;
      check?: string;
      orderNo?: string;
      afterId?: bigint;
      limit: number;
    }): Promise<BreakRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT b.id, fu.code AS "funderCode", fu.name AS "funderName", l.order_no AS "orderNo",
                b.check_kind AS "check", b.ours, b.theirs, b.reason
           FROM asset_recon_breaks b JOIN funders fu ON fu.id = b.funder_id JOIN loans l ON l.id = b.loan_id
          WHERE b.run_id = $1 AND ($2::text IS NULL OR fu.code = $2) AND ($3::text IS NULL OR b.check_kind = $3)
            AND ($4::text IS NULL OR l.order_no = $4) AND ($5::bigint IS NULL OR b.id > $5)
          ORDER BY b.id LIMIT $6`,
        [
          f.runId,
          f.funderCode ?? null,
          f.check ?? null,
          f.orderNo ?? null,
          f.afterId ?? null,
          f.limit,
        ],
      );
      return rows.map((r) => ({
        ...(r as unknown as BreakRow),
        id: bigintOf(r.id),
        ours: bigintOf(r.ours),
        theirs: bigintOf(r.theirs),
      }));
    },

    /** Per funder with breaks in the run: how many, on how many loans, per check. */
    async breaksPerFunder(runId: bigint) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT fu.code AS "funderCode", fu.name AS "funderName", b.check_kind AS "check",
                count(*)::int AS breaks, count(DISTINCT b.loan_id)::int AS loans
           FROM asset_recon_breaks b JOIN funders fu ON fu.id = b.funder_id
          WHERE b.run_id = $1
          GROUP BY fu.code, fu.name, b.check_kind ORDER BY fu.code, b.check_kind`,
        [runId],
      );
      const totals = await sql.query<{ funderCode: string; loans: number }>(
        `SELECT fu.code AS "funderCode", count(DISTINCT b.loan_id)::int AS loans
           FROM asset_recon_breaks b JOIN funders fu ON fu.id = b.funder_id
          WHERE b.run_id = $1 GROUP BY fu.code`,
        [runId],
      );
      return {
        perCheck: rows.map((r) => ({
          funderCode: r.funderCode as string,
          funderName: r.funderName as string,
          check: r.check as AssetReconCheck,
          breaks: r.breaks as number,
        })),
        loans: new Map(totals.map((t) => [t.funderCode, t.loans])),
      };
    },

    async funderByCode(code: string): Promise<{ id: bigint; code: string } | null> {
      const [row] = await sql.query<{ id: bigint; code: string }>(
        `SELECT id, code FROM funders WHERE code = $1`,
        [code],
      );
      return row ? { id: bigintOf(row.id), code: row.code } : null;
    },

    async fileBySha(sha: string): Promise<FunderFileRecord | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${fileColumns} FROM funder_asset_files f JOIN funders fu ON fu.id = f.funder_id
          WHERE f.file_sha256 = $1`,
        [sha],
      );
      return row ? toFile(row) : null;
    },

    async fileOf(funderId: bigint, businessDate: string): Promise<FunderFileRecord | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${fileColumns} FROM funder_asset_files f JOIN funders fu ON fu.id = f.funder_id
          WHERE f.funder_id = $1 AND f.business_date = $2::date`,
        [funderId, businessDate],
      );
      return row ? toFile(row) : null;
    },

    async fileById(id: bigint): Promise<FunderFileRecord | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${fileColumns} FROM funder_asset_files f JOIN funders fu ON fu.id = f.funder_id
          WHERE f.id = $1`,
        [id],
      );
      return row ? toFile(row) : null;
    },

    /** Files newest first (date, then id). */
    async files(f: { funderCode?: string; limit: number }): Promise<FunderFileRecord[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${fileColumns} FROM funder_asset_files f JOIN funders fu ON fu.id = f.funder_id
          WHERE ($1::text IS NULL OR fu.code = $1)
          ORDER BY f.business_date DESC, f.id DESC LIMIT $2`,
        [f.funderCode ?? null, f.limit],
      );
      return rows.map(toFile);
    },

    /** The file's row, its totals still zero (finishFile sets them once its lines are in). */
    async insertFile(file: {
      funderId: bigint;
      businessDate: string;
      formatName: string;
      fileName: string;
      fileSha256: string;
      byteSize: number;
      importedBy: string;
    }): Promise<bigint> {
      const [row] = await sql.query<{ id: bigint }>(
        `INSERT INTO funder_asset_files (funder_id, business_date, format_name, file_name, file_sha256,
           byte_size, line_count, outstanding_principal, overdue_amount, imported_by)
         VALUES ($1, $2::date, $3, $4, $5, $6, 0, 0, 0, $7) RETURNING id`,
        [
          file.funderId,
          file.businessDate,
          file.formatName,
          file.fileName,
          file.fileSha256,
          file.byteSize,
          file.importedBy,
        ],
      );
      return bigintOf(row!.id);
    },

    async insertLines(fileId: bigint, lines: FunderFileLine[]) {
      if (lines.length === 0) return;
      const col = <T>(f: (l: FunderFileLine) => T) => lines.map(f);
      await sql.query(
        `INSERT INTO funder_asset_lines (file_id, line_no, order_no, outstanding_principal, overdue_amount,
           status, raw_status)
         SELECT $1::bigint, * FROM unnest($2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[])`,
        [
          fileId,
          col((l) => l.lineNo),
          col((l) => l.orderNo),
          col((l) => l.outstandingPrincipalFen),
          col((l) => l.overdueAmountFen),
          col((l) => l.status),
          col((l) => l.rawStatus),
        ],
      );
    },

    async finishFile(
      fileId: bigint,
      totals: { lineCount: number; outstandingPrincipal: bigint; overdueAmount: bigint },
    ) {
      await sql.query(
        `UPDATE funder_asset_files SET line_count = $2, outstanding_principal = $3, overdue_amount = $4
          WHERE id = $1`,
        [fileId, totals.lineCount, totals.outstandingPrincipal, totals.overdueAmount],
      );
    },

    /** How many loans of each kind (null kind: the two agree) the comparison of a file finds. */
    async comparisonCounts(fileId: bigint): Promise<Map<string, number>> {
      const rows = await sql.query<{ kind: string | null; n: number }>(
        `${COMPARED} SELECT kind, count(*)::int AS n FROM compared GROUP BY kind`,
        [fileId],
      );
      return new Map(rows.map((r) => [r.kind ?? 'matched', r.n]));
    },

    /** The loans where the file and our books disagree, by kind then order number. */
    async compared(fileId: bigint, limit: number): Promise<ComparedLoan[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `${COMPARED} SELECT * FROM compared WHERE kind IS NOT NULL
          ORDER BY array_position($2::text[], kind), "orderNo" LIMIT $3`,
        [fileId, ['differs', 'other_funder', 'unknown_loan', 'missing_in_file'], limit],
      );
      return rows.map((r) => ({
        orderNo: r.orderNo as string,
        kind: r.kind as ComparedLoan['kind'],
        lineNo: (r.lineNo as number | null) ?? null,
        ours:
          r.word === null || r.word === undefined
            ? null
            : {
                outstandingPrincipal: bigintOf(r.outstanding),
                overdueAmount: bigintOf(r.overdue),
                status: r.word as FunderLoanStatus,
                owner: r.owner as string,
              },
        theirs:
          r.theirStatus === null || r.theirStatus === undefined
            ? null
            : {
                outstandingPrincipal: bigintOf(r.theirOutstanding),
                overdueAmount: bigintOf(r.theirOverdue),
                status: r.theirStatus as FunderLoanStatus,
                rawStatus: r.rawStatus as string,
              },
      }));
    },
  };
}

export type AssetReconRepo = ReturnType<typeof createAssetReconRepo>;
