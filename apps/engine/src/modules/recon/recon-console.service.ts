// What the console reads of reconciliation: each channel's days (the statement, the latest run,
// the cases), runs, imports, the original file for download, the formats, and a format's
// preview over a sample. Money leaves as yuan strings, ids prefixed, instants as ISO text.
import { gunzipSync } from 'node:zlib';
import { fenToYuan, type StatementLine, type StatementTotals } from '@repay/rules';
import { isSealedBytes, type FieldCrypto } from '../../lib/crypto';
import { AppError, notFound } from '../../lib/errors';
import { bigintOf } from '../../lib/rows';
import type { ReconRepo, StatementImportRecord } from './recon.repo';
import type { StatementFormats } from './statement-formats.service';
import { importIdText } from './statement-import.service';
import type { PreviewRow } from './statement-reader';

/** The largest statement file the console uploads or downloads (base64 in JSON both ways). */
export const STATEMENT_FILE_MAX_BYTES = 20 * 1024 * 1024;
/** The largest sample file a format's preview reads (it shows the first rows only). */
export const SAMPLE_FILE_MAX_BYTES = 2 * 1024 * 1024;

const yuan = (fen: bigint | null) => (fen === null ? null : fenToYuan(fen));
const iso = (d: Date | string) => new Date(d).toISOString();
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const runIdText = (id: bigint) => `rcr_${id}`;

/** An import id as the console sends it back ("imp_12"). */
export function importIdOf(text: string): bigint {
  return BigInt(text.slice('imp_'.length));
}

function statementView(s: StatementImportRecord) {
  return {
    importId: importIdText(s.id),
    channelCode: s.channelCode,
    businessDate: s.businessDate,
    source: s.source,
    format: `${s.formatName}@${s.formatVersion}`,
    fileName: s.fileName,
    byteSize: s.byteSize,
    lines: s.lineCount,
    successCount: s.successCount,
    successAmount: fenToYuan(s.successAmount),
    feeAmount: fenToYuan(s.feeAmount),
    importedBy: s.importedBy,
    importedAt: iso(s.createdAt),
  };
}

function lineView(l: StatementLine) {
  return {
    orderId: l.orderId,
    channelSerial: l.channelSerial,
    kind: l.kind,
    amount: fenToYuan(l.amountFen),
    fee: yuan(l.feeFen),
    status: l.status,
    finishedAt: l.finishedAt,
    rawStatus: l.rawStatus,
  };
}

const totalsView = (t: StatementTotals) => ({
  count: t.count,
  amount: yuan(t.amountFen),
  fee: yuan(t.feeFen),
});

function previewRowView(row: PreviewRow) {
  const r = row.result;
  return {
    lineNo: row.lineNo,
    cells: row.cells,
    result:
      r.kind === 'line'
        ? { kind: r.kind, line: lineView(r.line) }
        : r.kind === 'totals'
          ? { kind: r.kind, totals: totalsView(r.totals) }
          : r.kind === 'skip'
            ? { kind: r.kind, reason: r.reason }
            : { kind: r.kind, message: r.message, column: r.column },
  };
}

/**
 * A stored statement file's bytes as received: encrypted gzip (SEALED_BYTES_MAGIC first), or
 * plain gzip as files imported before encryption were kept (a gzip starts 1f 8b, never "RPE").
 */
export function storedFileBytes(stored: Uint8Array, crypto: Pick<FieldCrypto, 'decryptBytes'>) {
  return gunzipSync(isSealedBytes(stored) ? crypto.decryptBytes(stored) : stored);
}

export function createReconConsole(deps: {
  repo: ReconRepo;
  formats: StatementFormats;
  crypto: Pick<FieldCrypto, 'decryptBytes'>;
}) {
  const { repo, formats, crypto } = deps;

  return {
    /** Per channel per business date with a statement: the file, the latest run, the cases. */
    async days(filter: { channelCode?: string; from?: string; to?: string; limit: number }) {
      const rows = await repo.days(filter);
      return rows.map((d) => ({
        channelCode: d.statement.channelCode,
        businessDate: d.statement.businessDate,
        statement: statementView(d.statement),
        run: d.run && {
          runId: runIdText(d.run.id),
          attempt: d.run.attempt,
          counts: d.run.counts,
          actor: d.run.actor,
          ranAt: iso(d.run.createdAt),
        },
        cases: d.cases,
      }));
    },

    async runs(filter: { channelCode?: string; from?: string; to?: string; limit: number }) {
      const rows = await repo.runs(
        filter.channelCode ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.limit,
      );
      return rows.map((r) => ({
        runId: runIdText(bigintOf(r.id)),
        channelCode: r.channelCode as string,
        businessDate: r.businessDate as string,
        attempt: r.attempt as number,
        importId: importIdText(bigintOf(r.importId)),
        counts: {
          matched: r.matched as number,
          overage: r.overage as number,
          shortage: r.shortage as number,
          mismatch: r.mismatch as number,
          pendingResolved: r.pendingResolved as number,
          carried: r.carried as number,
        },
        actor: `${String(r.actorType)}:${String(r.actorId)}`,
        ranAt: iso(r.createdAt as Date),
      }));
    },

    async imports(filter: { channelCode?: string; from?: string; to?: string; limit: number }) {
      return (await repo.listImports(filter)).map(statementView);
    },

    /** The file as it was received, for download (base64); one too large for JSON is refused. */
    async importFile(id: bigint) {
      const found = await repo.importById(id);
      if (!found) throw notFound(`statement ${importIdText(id)}`, 'importId');
      if (found.byteSize > STATEMENT_FILE_MAX_BYTES)
        throw new AppError(
          'UNPROCESSABLE',
          `${importIdText(id)} is ${megabytes(found.byteSize)}: the console downloads files up to ${megabytes(STATEMENT_FILE_MAX_BYTES)}`,
          { field: 'importId' },
        );
      const file = await repo.importFile(id);
      if (!file) throw notFound(`statement ${importIdText(id)}`, 'importId');
      return {
        importId: importIdText(id),
        fileName: file.fileName,
        byteSize: found.byteSize,
        base64: storedFileBytes(file.fileGzip, crypto).toString('base64'),
      };
    },

    /** The presets and saved versions (instants as ISO text). */
    async formats() {
      return (await formats.list()).map((f) => ({
        ...f,
        versions: f.versions.map((v) => ({ ...v, createdAt: iso(v.createdAt) })),
      }));
    },

    /** The first rows of a sample read with a format being edited, amounts in yuan. */
    async preview(input: { body: unknown; sample: Uint8Array; businessDate: string }) {
      const preview = await formats.preview(input);
      return {
        header: preview.header,
        rows: preview.rows.map(previewRowView),
        error: preview.error,
      };
    },
  };
}

export type ReconConsole = ReturnType<typeof createReconConsole>;
