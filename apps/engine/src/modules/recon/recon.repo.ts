// Reconciliation's tables: formats saved by people, statement files and their lines, runs and
// the cases they open. Matching reads our debit orders (owned by debits) in the same statement
// as the lines, so a million lines are compared without leaving the database; it changes no
// order: a pending order the statement settles is moved through the debits' state machine.
import type { StatementLine } from '@repay/rules';
import { SENT_UNFINISHED_DEBIT_STATUSES } from '@repay/rules';
import { copyText, sqlList } from '@repay/db';
import type { ChannelFeeRule } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import { caseReasons, type CaseReason } from './case-reasons';

export interface StatementImportRecord {
  id: bigint;
  channelCode: string;
  businessDate: string;
  source: string;
  formatName: string;
  formatVersion: number;
  fileName: string;
  fileSha256: string;
  byteSize: number;
  lineCount: number;
  successCount: number;
  successAmount: bigint;
  feeAmount: bigint;
  stated: Record<string, unknown> | null;
  importedBy: string;
  createdAt: Date;
}

/** A line the run could not simply tick off, with our order as it stands. */
export interface LineToSettle {
  lineId: bigint;
  orderId: string;
  channelSerial: string | null;
  lineStatus: 'success' | 'failed' | 'refund';
  lineAmount: bigint;
  lineFee: bigint | null;
  finishedAt: Date | null;
  rawStatus: string | null;
  debitOrderId: bigint | null;
  ourStatus: string | null;
  ourAmount: bigint | null;
  /** The fee the channel's rule expects for the line's amount (null without a rule). */
  expectedFee: bigint | null;
  outcome: 'pending' | 'overage' | 'shortage' | 'mismatch';
  reason: CaseReason;
}

/** Our success the statement does not show (yet). */
export interface UnmatchedSuccess {
  debitOrderId: bigint;
  orderId: string;
  businessDate: string;
  amount: bigint;
  /** Sent close enough to midnight that the channel may book it on the next day. */
  nearMidnight: boolean;
}

export interface NewCase {
  caseKey: string;
  channelCode: string;
  businessDate: string;
  kind: 'overage' | 'shortage' | 'mismatch';
  orderId: string;
  debitOrderId: bigint | null;
  statementLineId: bigint | null;
  ourStatus: string | null;
  ourAmount: bigint | null;
  ourFee: bigint | null;
  theirStatus: string | null;
  theirAmount: bigint | null;
  theirFee: bigint | null;
  reason: CaseReason;
}

const importColumns = `id, channel_code AS "channelCode", business_date::text AS "businessDate", source,
  format_name AS "formatName", format_version AS "formatVersion", file_name AS "fileName",
  file_sha256 AS "fileSha256", byte_size AS "byteSize", line_count AS "lineCount",
  success_count AS "successCount", success_amount AS "successAmount", fee_amount AS "feeAmount",
  stated, imported_by AS "importedBy", created_at AS "createdAt"`;

function toImport(r: Record<string, unknown>): StatementImportRecord {
  return {
    ...(r as unknown as StatementImportRecord),
    id: bigintOf(r.id),
    successAmount: bigintOf(r.successAmount),
    feeAmount: bigintOf(r.feeAmount),
  };
}

/** Orders still waiting for their answer, manual review included: a statement settles them. */
const awaiting = sqlList(SENT_UNFINISHED_DEBIT_STATUSES);

/** A number of the fee rule as a SQL literal: the rule is stored JSON, never spliced raw. */
function literal(value: unknown, what: string): string {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`channel fee rule: ${what} is not a number`);
  return String(n);
}

/**
 * The fee a channel's rule expects for an amount (SQL over `amount`), or NULL without a rule:
 * per mille of the amount rounded down (exact numeric arithmetic), at least the minimum, at
 * most the maximum.
 */
const expectedFee = (rule: ChannelFeeRule | null, amount: string) => {
  if (rule === null) return 'NULL::bigint';
  const max =
    rule.maxFen === null || rule.maxFen === undefined ? 'NULL' : literal(rule.maxFen, 'maxFen');
  return `LEAST(${max}::bigint, GREATEST(${literal(rule.minFen, 'minFen')}::bigint, floor(${amount} * ${literal(rule.perMille, 'perMille')}::numeric / 1000)::bigint))`;
};

export function createReconRepo({ sql }: Executor) {
  return {
    async latestFormat(name: string) {
      const [row] = await sql.query<{ version: number; body: Record<string, unknown> }>(
        `SELECT version, body FROM statement_formats WHERE name = $1 ORDER BY version DESC LIMIT 1`,
        [name],
      );
      return row ?? null;
    },

    async formatVersions() {
      return sql.query<{
        name: string;
        version: number;
        body: Record<string, unknown>;
        note: string;
        createdBy: string;
        createdAt: Date;
      }>(
        `SELECT name, version, body, note, created_by AS "createdBy", created_at AS "createdAt"
           FROM statement_formats ORDER BY name, version`,
      );
    },

    /** Saves the next version of a format; null when another save took that version first. */
    async saveFormat(input: {
      name: string;
      body: object;
      note: string;
      createdBy: string;
    }): Promise<number | null> {
      const [row] = await sql.query<{ version: number }>(
        `INSERT INTO statement_formats (name, version, body, note, created_by)
         SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3, $4 FROM statement_formats WHERE name = $1
         ON CONFLICT (name, version) DO NOTHING
         RETURNING version`,
        [input.name, JSON.stringify(input.body), input.note, input.createdBy],
      );
      return row?.version ?? null;
    },

    async importBySha(sha: string): Promise<StatementImportRecord | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${importColumns} FROM statement_imports WHERE file_sha256 = $1`,
        [sha],
      );
      return row ? toImport(row) : null;
    },

    async importOf(
      channelCode: string,
      businessDate: string,
    ): Promise<StatementImportRecord | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${importColumns} FROM statement_imports WHERE channel_code = $1 AND business_date = $2::date`,
        [channelCode, businessDate],
      );
      return row ? toImport(row) : null;
    },

    async importById(id: bigint): Promise<StatementImportRecord | null> {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT ${importColumns} FROM statement_imports WHERE id = $1`,
        [id],
      );
      return row ? toImport(row) : null;
    },

    async importFile(id: bigint): Promise<{ fileName: string; fileGzip: Uint8Array } | null> {
      const [row] = await sql.query<{ fileName: string; fileGzip: Uint8Array }>(
        `SELECT file_name AS "fileName", file_gzip AS "fileGzip" FROM statement_imports WHERE id = $1`,
        [id],
      );
      return row ?? null;
    },

    /** The days from..to that have a statement, per channel, and whether any run used it. */
    async importedDays(from: string, to: string) {
      return sql.query<{ channelCode: string; businessDate: string; run: boolean }>(
        `SELECT i.channel_code AS "channelCode", i.business_date::text AS "businessDate",
                EXISTS (SELECT 1 FROM recon_runs r
                         WHERE r.channel_code = i.channel_code AND r.business_date = i.business_date) AS run
           FROM statement_imports i
          WHERE i.business_date BETWEEN $1::date AND $2::date`,
        [from, to],
      );
    },

    async listImports(f: { channelCode?: string; from?: string; to?: string; limit: number }) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${importColumns} FROM statement_imports
          WHERE ($1::text IS NULL OR channel_code = $1)
            AND ($2::date IS NULL OR business_date >= $2::date)
            AND ($3::date IS NULL OR business_date <= $3::date)
          ORDER BY business_date DESC, channel_code LIMIT $4`,
        [f.channelCode ?? null, f.from ?? null, f.to ?? null, f.limit],
      );
      return rows.map(toImport);
    },

    /**
     * The file's row, claimed first: a second import of the same bytes (or of the same channel
     * and day) waits here for the first to commit, then fails on the unique key.
     */
    async insertImport(values: {
      channelCode: string;
      businessDate: string;
      source: string;
      formatName: string;
      formatVersion: number;
      fileName: string;
      fileSha256: string;
      fileGzip: Uint8Array;
      byteSize: number;
      importedBy: string;
    }): Promise<bigint> {
      const [row] = await sql.query<{ id: bigint }>(
        `INSERT INTO statement_imports (channel_code, business_date, source, format_name, format_version,
           file_name, file_sha256, file_gzip, byte_size, line_count, success_count, success_amount,
           fee_amount, imported_by)
         VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, 0, 0, 0, 0, $10)
         RETURNING id`,
        [
          values.channelCode,
          values.businessDate,
          values.source,
          values.formatName,
          values.formatVersion,
          values.fileName,
          values.fileSha256,
          values.fileGzip,
          values.byteSize,
          values.importedBy,
        ],
      );
      return bigintOf(row!.id);
    },

    /** A batch of lines, one statement. */
    async insertLines(importId: bigint, channelCode: string, lines: StatementLine[]) {
      if (lines.length === 0) return;
      const col = <T>(f: (l: StatementLine) => T) => lines.map(f);
      await sql.query(
        `INSERT INTO statement_lines (import_id, channel_code, line_no, order_id, channel_serial, kind,
           amount, fee, status, finished_at, raw_status)
         SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[],
           $8::bigint[], $9::text[], $10::timestamptz[], $11::text[])`,
        [
          importId,
          channelCode,
          col((l) => l.lineNo),
          col((l) => l.orderId),
          col((l) => l.channelSerial),
          col((l) => l.kind),
          col((l) => l.amountFen),
          col((l) => l.feeFen),
          col((l) => l.status),
          col((l) => l.finishedAt),
          col((l) => l.rawStatus),
        ],
      );
    },

    async finishImport(
      id: bigint,
      totals: {
        lineCount: number;
        successCount: number;
        successAmount: bigint;
        feeAmount: bigint;
        stated: Record<string, unknown> | null;
      },
    ) {
      await sql.query(
        `UPDATE statement_imports SET line_count = $2, success_count = $3, success_amount = $4,
           fee_amount = $5, stated = $6::jsonb WHERE id = $1`,
        [
          id,
          totals.lineCount,
          totals.successCount,
          totals.successAmount,
          totals.feeAmount,
          totals.stated === null ? null : JSON.stringify(totals.stated),
        ],
      );
    },

    async nextAttempt(channelCode: string, businessDate: string): Promise<number> {
      const [row] = await sql.query<{ n: number }>(
        `SELECT coalesce(max(attempt), 0)::int + 1 AS n FROM recon_runs
          WHERE channel_code = $1 AND business_date = $2::date`,
        [channelCode, businessDate],
      );
      return row?.n ?? 1;
    },

    async insertRun(values: {
      channelCode: string;
      businessDate: string;
      attempt: number;
      importId: bigint;
      counts: Record<
        'matched' | 'overage' | 'shortage' | 'mismatch' | 'pendingResolved' | 'carried',
        number
      >;
      actorType: string;
      actorId: string;
    }): Promise<bigint> {
      const c = values.counts;
      const [row] = await sql.query<{ id: bigint }>(
        `INSERT INTO recon_runs (channel_code, business_date, attempt, import_id, matched, overage,
           shortage, mismatch, pending_resolved, carried, actor_type, actor_id)
         VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          values.channelCode,
          values.businessDate,
          values.attempt,
          values.importId,
          c.matched,
          c.overage,
          c.shortage,
          c.mismatch,
          c.pendingResolved,
          c.carried,
          values.actorType,
          values.actorId,
        ],
      );
      return bigintOf(row!.id);
    },

    /** Opens the cases not opened before (by key); returns the ids of the new ones. */
    async openCases(cases: NewCase[], actor: { type: string; id: string }): Promise<bigint[]> {
      if (cases.length === 0) return [];
      const col = <T>(f: (c: NewCase) => T) => cases.map(f);
      const rows = await sql.query<{ id: bigint }>(
        `WITH opened AS (
           INSERT INTO recon_cases (case_key, channel_code, business_date, kind, order_id, debit_order_id,
             statement_line_id, our_status, our_amount, their_status, their_amount, their_fee, reason, our_fee,
             reason_code, reason_params)
           SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::bigint[],
             $7::bigint[], $8::text[], $9::bigint[], $10::text[], $11::bigint[], $12::bigint[], $13::text[],
             $16::bigint[], $17::text[], $18::jsonb[])
           ON CONFLICT (case_key) DO NOTHING
           RETURNING id, reason)
         INSERT INTO recon_case_actions (case_id, action, actor_type, actor_id, note)
         SELECT id, 'opened', $14, $15, reason FROM opened
         RETURNING case_id AS id`,
        [
          col((c) => c.caseKey),
          col((c) => c.channelCode),
          col((c) => c.businessDate),
          col((c) => c.kind),
          col((c) => c.orderId),
          col((c) => c.debitOrderId),
          col((c) => c.statementLineId),
          col((c) => c.ourStatus),
          col((c) => c.ourAmount),
          col((c) => c.theirStatus),
          col((c) => c.theirAmount),
          col((c) => c.theirFee),
          col((c) => c.reason.text),
          actor.type,
          actor.id,
          col((c) => c.ourFee),
          col((c) => c.reason.code),
          col((c) => JSON.stringify(c.reason.params)),
        ],
      );
      return rows.map((r) => bigintOf(r.id));
    },

    async runs(channelCode: string | null, from: string | null, to: string | null, limit: number) {
      return sql.query<Record<string, unknown>>(
        `SELECT id, channel_code AS "channelCode", business_date::text AS "businessDate", attempt,
                import_id AS "importId", matched, overage, shortage, mismatch,
                pending_resolved AS "pendingResolved", carried, actor_type AS "actorType",
                actor_id AS "actorId", created_at AS "createdAt"
           FROM recon_runs
          WHERE ($1::text IS NULL OR channel_code = $1)
            AND ($2::date IS NULL OR business_date >= $2::date)
            AND ($3::date IS NULL OR business_date <= $3::date)
          ORDER BY business_date DESC, channel_code, attempt DESC LIMIT $4`,
        [channelCode, from, to, limit],
      );
    },

    /**
     * Each channel's days that have a statement, newest first: the file, the day's latest run
     * (none yet: null) and its cases by status.
     */
    async days(f: { channelCode?: string; from?: string; to?: string; limit: number }) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT i.*, r.id AS "runId", r.attempt, r.matched, r.overage, r.shortage, r.mismatch,
                r.pending_resolved AS "pendingResolved", r.carried, r.actor_type AS "runActorType",
                r.actor_id AS "runActorId", r.created_at AS "ranAt",
                c.open, c.investigating, c.resolved
           FROM (SELECT ${importColumns} FROM statement_imports
                  WHERE ($1::text IS NULL OR channel_code = $1)
                    AND ($2::date IS NULL OR business_date >= $2::date)
                    AND ($3::date IS NULL OR business_date <= $3::date)
                  ORDER BY business_date DESC, channel_code LIMIT $4) i
           LEFT JOIN LATERAL (
             SELECT * FROM recon_runs r
              WHERE r.channel_code = i."channelCode" AND r.business_date = i."businessDate"::date
              ORDER BY r.attempt DESC LIMIT 1) r ON true
           CROSS JOIN LATERAL (
             SELECT count(*) FILTER (WHERE status = 'open')::int AS open,
                    count(*) FILTER (WHERE status = 'investigating')::int AS investigating,
                    count(*) FILTER (WHERE status = 'resolved')::int AS resolved
               FROM recon_cases c
              WHERE c.channel_code = i."channelCode" AND c.business_date = i."businessDate"::date) c
          ORDER BY i."businessDate" DESC, i."channelCode"`,
        [f.channelCode ?? null, f.from ?? null, f.to ?? null, f.limit],
      );
      return rows.map((r) => ({
        statement: toImport(r),
        run:
          r.runId === null || r.runId === undefined
            ? null
            : {
                id: bigintOf(r.runId),
                attempt: r.attempt as number,
                counts: {
                  matched: r.matched as number,
                  overage: r.overage as number,
                  shortage: r.shortage as number,
                  mismatch: r.mismatch as number,
                  pendingResolved: r.pendingResolved as number,
                  carried: r.carried as number,
                },
                actor: `${String(r.runActorType)}:${String(r.runActorId)}`,
                createdAt: r.ranAt as Date,
              },
        cases: {
          open: r.open as number,
          investigating: r.investigating as number,
          resolved: r.resolved as number,
        },
      }));
    },

    /**
     * Our successes at the channel, of the day and of the day before, that no statement line of
     * the channel (any file) names; `carryMinutes`: how close to midnight an order was sent for
     * the channel to book it on the next day. Planned the same way whatever the statistics say:
     * each of our successes probes statement_lines' (channel_code, order_id) index once. Right after a
     * large import the table's statistics still describe it without the file (the engine's
     * role cannot ANALYZE a table it does not own), and the NOT EXISTS form was then planned
     * as a scan of every line per order: 28 s for 20,000 lines, against milliseconds here.
     */
    async successesNotOnStatements(
      channelCode: string,
      businessDate: string,
      carryMinutes: number,
    ): Promise<UnmatchedSuccess[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT d.id AS "debitOrderId", d.idempotency_key AS "orderId", d.business_date::text AS "businessDate",
                d.amount,
                coalesce(d.submitted_at, d.created_at) BETWEEN
                  ((d.business_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') - make_interval(mins => $3)
                  AND ((d.business_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
                  AS "nearMidnight"
           FROM debit_orders d
           LEFT JOIN LATERAL (
             SELECT true AS seen FROM statement_lines l
              WHERE l.channel_code = d.channel_code AND l.order_id = d.idempotency_key
                AND l.kind = 'debit'
              LIMIT 1) s ON true
          WHERE d.channel_code = $1 AND d.status = 'succeeded'
            AND d.business_date BETWEEN $2::date - 1 AND $2::date
            AND s.seen IS NULL
          ORDER BY d.id`,
        [channelCode, businessDate, carryMinutes],
      );
      return rows.map((r) => ({
        debitOrderId: bigintOf(r.debitOrderId),
        orderId: r.orderId as string,
        businessDate: r.businessDate as string,
        amount: bigintOf(r.amount),
        nearMidnight: r.nearMidnight === true,
      }));
    },

    /**
     * The file's payout lines against our payout orders (channel order id `PO<id>`): counts of
     * the lines that agree, and each other line with our side. A payout line for an order that
     * is not ours is an overage only when the channel shows it paid.
     */
    async comparePayoutLines(importId: bigint) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT l.id AS "lineId", l.order_id AS "orderId", l.channel_serial AS "channelSerial",
                l.status AS "lineStatus", l.amount AS "lineAmount", l.fee AS "lineFee",
                o.id AS "payoutOrderId", o.status AS "ourStatus", o.amount AS "ourAmount"
           FROM statement_lines l
           LEFT JOIN payout_orders o
             ON l.order_id ~ '^PO[0-9]{1,18}$' AND o.id = substr(l.order_id, 3)::bigint
            AND o.channel_code = l.channel_code
          WHERE l.import_id = $1 AND l.kind = 'payout' AND l.status <> 'refund'
          ORDER BY l.id`,
        [importId],
      );
      return rows.map((r) => ({
        lineId: bigintOf(r.lineId),
        orderId: r.orderId as string,
        channelSerial: (r.channelSerial as string | null) ?? null,
        lineStatus: r.lineStatus as 'success' | 'failed',
        lineAmount: bigintOf(r.lineAmount),
        lineFee: r.lineFee === null ? null : bigintOf(r.lineFee),
        payoutOrderId: r.payoutOrderId === null ? null : bigintOf(r.payoutOrderId),
        ourStatus: (r.ourStatus as string | null) ?? null,
        ourAmount: r.ourAmount === null ? null : bigintOf(r.ourAmount),
      }));
    },

    /** Our payouts paid at the channel on the day (business time) that no statement line shows. */
    async payoutSuccessesNotOnStatements(channelCode: string, businessDate: string) {
      const rows = await sql.query<{ orderId: string; amount: unknown }>(
        `SELECT 'PO' || o.id AS "orderId", o.amount
           FROM payout_orders o
          WHERE o.channel_code = $1 AND o.status = 'succeeded'
            AND o.finished_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
            AND o.finished_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
            AND NOT EXISTS (SELECT 1 FROM statement_lines l
                             WHERE l.channel_code = o.channel_code AND l.order_id = 'PO' || o.id
                               AND l.kind = 'payout')
          ORDER BY o.id`,
        [channelCode, businessDate],
      );
      return rows.map((r) => ({ orderId: r.orderId, amount: bigintOf(r.amount) }));
    },

    /**
     * Writes a file's lines as the reader gives them, batch after batch. On PostgreSQL one
     * COPY for the whole file: the server stores a batch while the next is read, and parses
     * no array literals (the unnest batches' cost). On PGlite, which has no COPY from a
     * client, one `insertLines` statement per batch.
     */
    async lineWriter(importId: bigint, channelCode: string): Promise<LineWriter> {
      if (!sql.copyIn)
        return {
          write: (lines) => this.insertLines(importId, channelCode, lines),
          end: async () => {},
          abort: async () => {},
        };
      const copy = await sql.copyIn(
        `COPY statement_lines (import_id, channel_code, line_no, order_id, channel_serial, kind,
           amount, fee, status, finished_at, raw_status) FROM STDIN`,
      );
      const head = `${importId}\t${copyText(channelCode)}\t`;
      const optional = (v: string | null) => (v === null ? '\\N' : copyText(v));
      return {
        write(lines) {
          let rows = '';
          for (const l of lines)
            rows += `${head}${l.lineNo}\t${copyText(l.orderId)}\t${optional(l.channelSerial)}\t${l.kind}\t${l.amountFen}\t${l.feeFen ?? '\\N'}\t${l.status}\t${l.finishedAt ?? '\\N'}\t${optional(l.rawStatus)}\n`;
          return copy.write(rows);
        },
        end: () => copy.end(),
        abort: (reason) => copy.abort(reason),
      };
    },

    /**
     * Every debit line of the file against our order of the same id at that channel, in one
     * pass: counts of lines that tick off (matched) or say nothing to compare (ignored), and as
     * one JSON array the lines that do not tick off (few), amounts as text to stay exact.
     * Each line finds our order through debit_orders' unique idempotency_key index.
     */
    async compareImport(importId: bigint, feeRule: ChannelFeeRule | null) {
      const fee = expectedFee(feeRule, 'l.amount');
      const [row] = await sql.query<{
        matched: number;
        ignored: number;
        differences: Record<string, string | null>[];
      }>(
        `WITH c AS (
           SELECT l.id, l.order_id, l.channel_serial, l.status, l.amount, l.fee, l.finished_at,
                  l.raw_status, d.id AS debit_order_id, d.status AS our_status, d.amount AS our_amount,
                  ${fee} AS expected_fee,
                  CASE
                    WHEN l.kind <> 'debit' OR l.status = 'refund' THEN 'ignored'
                    WHEN d.id IS NULL THEN CASE WHEN l.status = 'success' THEN 'overage' ELSE 'ignored' END
                    WHEN d.status IN ${awaiting} THEN 'pending'
                    WHEN l.status = 'success' AND d.status = 'succeeded' THEN
                      CASE WHEN l.amount <> d.amount THEN 'mismatch'
                           ${feeRule === null ? '' : `WHEN l.fee IS NOT NULL AND l.fee <> ${fee} THEN 'mismatch'`}
                           ELSE 'matched' END
                    WHEN l.status = 'success' THEN 'overage'
                    WHEN d.status = 'succeeded' THEN 'shortage'
                    ELSE 'matched'
                  END AS outcome
             FROM statement_lines l
             LEFT JOIN debit_orders d ON d.idempotency_key = l.order_id AND d.channel_code = l.channel_code
            WHERE l.import_id = $1)
         SELECT count(*) FILTER (WHERE outcome = 'matched')::int AS matched,
                count(*) FILTER (WHERE outcome = 'ignored')::int AS ignored,
                coalesce(jsonb_agg(jsonb_build_object(
                  'lineId', id::text, 'orderId', order_id, 'channelSerial', channel_serial,
                  'lineStatus', status, 'lineAmount', amount::text, 'lineFee', fee::text,
                  'finishedAt', finished_at, 'rawStatus', raw_status,
                  'debitOrderId', debit_order_id::text, 'ourStatus', our_status,
                  'ourAmount', our_amount::text, 'expectedFee', expected_fee::text, 'outcome', outcome)
                  ORDER BY id) FILTER (WHERE outcome NOT IN ('matched', 'ignored')), '[]') AS differences
           FROM c`,
        [importId],
      );
      return {
        matched: row?.matched ?? 0,
        ignored: row?.ignored ?? 0,
        lines: (row?.differences ?? []).map(lineToSettle),
      };
    },

    /** The file's compressed bytes, stored once its lines are in (the import's row is first). */
    async storeImportFile(id: bigint, fileGzip: Uint8Array) {
      await sql.query(`UPDATE statement_imports SET file_gzip = $2 WHERE id = $1`, [id, fileGzip]);
    },
  };
}

export type ReconRepo = ReturnType<typeof createReconRepo>;

/** A statement's lines on their way into statement_lines (`lineWriter`): all of them or none. */
export interface LineWriter {
  write(lines: StatementLine[]): Promise<void>;
  /** Every line is stored (the transaction may commit). */
  end(): Promise<void>;
  /** The file is refused: nothing written stays (the transaction must roll back). */
  abort(reason: Error): Promise<void>;
}

const bigintOfText = (v: string | null) => (v === null ? null : BigInt(v));

/** A line of compareImport's differences (JSON, amounts as text) as the run settles it. */
function lineToSettle(r: Record<string, string | null>): LineToSettle {
  const outcome = r.outcome as LineToSettle['outcome'];
  const ourStatus = r.ourStatus ?? null;
  const lineStatus = r.lineStatus as LineToSettle['lineStatus'];
  const lineAmount = BigInt(r.lineAmount!);
  const ourAmount = bigintOfText(r.ourAmount ?? null);
  const lineFee = bigintOfText(r.lineFee ?? null);
  const expected = bigintOfText(r.expectedFee ?? null);
  const reasons = {
    overage: () =>
      ourStatus === null ? caseReasons.overageNoOrder() : caseReasons.overageOurStatus(ourStatus),
    shortage: () => caseReasons.shortageFailed(),
    mismatch: () =>
      lineAmount !== ourAmount
        ? caseReasons.mismatchAmount(lineAmount, ourAmount ?? 0n)
        : caseReasons.mismatchFee(lineFee ?? 0n, expected ?? 0n),
    // Not a case unless the state machine refuses the answer (recon-run.service.ts says why).
    pending: () => caseReasons.mismatchPending(lineStatus, lineAmount, ourAmount ?? 0n),
  };
  return {
    lineId: BigInt(r.lineId!),
    orderId: r.orderId!,
    channelSerial: r.channelSerial ?? null,
    lineStatus,
    lineAmount,
    lineFee,
    finishedAt: r.finishedAt ? new Date(r.finishedAt) : null,
    rawStatus: r.rawStatus ?? null,
    debitOrderId: bigintOfText(r.debitOrderId ?? null),
    ourStatus,
    ourAmount,
    expectedFee: expected,
    outcome,
    reason: reasons[outcome](),
  };
}
