// A channel's statement file into the database: all its lines or none. The file's SHA-256 is
// unique, so the same bytes are never imported twice (a second import, even a concurrent one,
// answers as a duplicate and changes nothing); a malformed file, or one whose summary disagrees
// with its lines, is refused with the line and column of the first problem. The file is kept
// as received for finance to download, gzipped and then encrypted with the personal data's
// key (a statement names orders and may carry what a channel puts in its cells).
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { fenToYuan, isValidDate, StatementFileError } from '@repay/rules';
import type { StatementSource } from '@repay/rules';
import { pgError } from '@repay/db';
import type { FieldCrypto } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor } from '../events';
import type { ReconRepo } from './recon.repo';
import type { Repos, StatementChannels } from './recon.types';
import type { StatementFormats } from './statement-formats.service';
import { readStatementBatches, type StatementSummary } from './statement-reader';

const gzipAsync = promisify(gzip);

export interface ImportInput {
  channelCode: string;
  businessDate: string;
  /** A format's name; absent: the channel's own. */
  formatName?: string;
  fileName: string;
  bytes: Uint8Array;
  source: StatementSource;
}

export interface ImportAnswer {
  importId: string;
  lines: number;
  /** Yuan: the success lines' amount. */
  amount: string;
  duplicate: boolean;
}

export const importIdText = (id: bigint) => `imp_${id}`;

/** One file per channel and day: a different one for a day already imported is refused. */
const anotherFile = (input: { channelCode: string; businessDate: string }, id: bigint) =>
  new AppError(
    'CONFLICT',
    `channel ${input.channelCode} already has a statement for ${input.businessDate} (${importIdText(id)}, another file)`,
    { field: 'date' },
  );

export function createStatementImports(deps: {
  repo: ReconRepo;
  transaction: Transactor<Repos>;
  channels: StatementChannels;
  formats: StatementFormats;
  crypto: Pick<FieldCrypto, 'encryptBytes'>;
}) {
  const { repo, transaction, channels, formats, crypto } = deps;

  const duplicateOf = (existing: { id: bigint; lineCount: number; successAmount: bigint }) => ({
    importId: importIdText(existing.id),
    lines: existing.lineCount,
    amount: fenToYuan(existing.successAmount),
    duplicate: true,
  });

  async function importStatement(input: ImportInput, actor: Actor): Promise<ImportAnswer> {
    if (!isValidDate(input.businessDate))
      throw new AppError('VALIDATION_FAILED', 'date: a date as YYYY-MM-DD', { field: 'date' });
    if (input.bytes.length === 0)
      throw new AppError('VALIDATION_FAILED', 'file: the file is empty', { field: 'file' });
    const settings = await channels.statementSettings(input.channelCode);
    const sha = createHash('sha256').update(input.bytes).digest('hex');
    const before = await repo.importBySha(sha);
    if (before) return duplicateOf(before);
    const sameDay = await repo.importOf(input.channelCode, input.businessDate);
    if (sameDay) throw anotherFile(input, sameDay.id);
    const { name, version, format } = await formats.resolve(
      input.formatName ?? settings.statementFormat,
    );
    // The stored copy is compressed on libuv's threads while the lines are read and written.
    const fileGzip = gzipAsync(input.bytes);
    fileGzip.catch(() => {}); // awaited below; a refused file never gets there
    try {
      return await transaction(async (repos) => {
        const importId = await repos.recon.insertImport({
          channelCode: input.channelCode,
          businessDate: input.businessDate,
          source: input.source,
          formatName: name,
          formatVersion: version,
          fileName: input.fileName,
          fileSha256: sha,
          fileGzip: new Uint8Array(0),
          byteSize: input.bytes.length,
          importedBy: `${actor.type}:${actor.id}`,
        });
        const reader = readStatementBatches(input.bytes, format, {
          businessDate: input.businessDate,
        });
        const writer = await repos.recon.lineWriter(importId, input.channelCode);
        let lineCount = 0;
        let successCount = 0;
        let summary: StatementSummary;
        try {
          for (;;) {
            const next = await reader.next();
            if (next.done) {
              summary = next.value;
              break;
            }
            lineCount += next.value.length;
            for (const line of next.value) if (line.status === 'success') successCount++;
            await writer.write(next.value);
          }
          await writer.end();
        } catch (error) {
          await writer.abort(error instanceof Error ? error : new Error(String(error)));
          throw error;
        }
        await repos.recon.storeImportFile(importId, crypto.encryptBytes(await fileGzip));
        await repos.recon.finishImport(importId, {
          lineCount,
          successCount,
          successAmount: summary.amountFen,
          feeAmount: summary.feeFen,
          stated: summary.stated
            ? {
                count: summary.stated.count,
                amount:
                  summary.stated.amountFen === null ? null : fenToYuan(summary.stated.amountFen),
                fee: summary.stated.feeFen === null ? null : fenToYuan(summary.stated.feeFen),
              }
            : null,
        });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'statement.import',
          entityType: 'statement_import',
          entityId: importIdText(importId),
          diff: {
            channel: input.channelCode,
            date: input.businessDate,
            format: `${name}@${version}`,
            lines: lineCount,
            amount: fenToYuan(summary.amountFen),
            sha256: sha,
          },
        });
        return {
          importId: importIdText(importId),
          lines: lineCount,
          amount: fenToYuan(summary.amountFen),
          duplicate: false,
        };
      });
    } catch (error) {
      if (error instanceof StatementFileError)
        throw new AppError('VALIDATION_FAILED', `file: ${error.message}`, {
          field: 'file',
          cause: error,
        });
      // Another import of the same bytes committed while this one read them.
      const pg = pgError(error);
      if (pg?.code === '23505') {
        const other = await repo.importBySha(sha);
        if (other) return duplicateOf(other);
        const day = await repo.importOf(input.channelCode, input.businessDate);
        if (day) throw anotherFile(input, day.id);
      }
      throw error;
    }
  }

  return {
    importStatement,

    /** Fetch the channel's file of the day and import it (a file already imported: duplicate). */
    async fetchAndImport(channelCode: string, businessDate: string, actor: Actor) {
      const bytes = await channels.fetchStatement(channelCode, businessDate);
      return importStatement(
        {
          channelCode,
          businessDate,
          fileName: `${channelCode}-${businessDate}.csv`,
          bytes,
          source: 'fetch',
        },
        actor,
      );
    },
  };
}

export type StatementImports = ReturnType<typeof createStatementImports>;
