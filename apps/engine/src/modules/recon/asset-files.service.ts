// A funder's own file of its loans (outstanding principal, overdue amount, status as of a date)
// into the database, all its lines or none, then compared with our books. The file's SHA-256 is
// unique: the same bytes again answer as a duplicate and change nothing; one file per funder and
// date. A malformed file is refused with the line and column of its first problem. Bytes are
// read by the statements' reader (iconv-lite, csv-parse) with the funder file's layout.
import { createHash } from 'node:crypto';
import {
  createFunderFileMapper,
  DEFAULT_FUNDER_FILE_FORMAT,
  fenToYuan,
  FUNDER_FILE_PRESETS,
  isFunderFileLine,
  isValidDate,
  StatementFileError,
  type FunderFileFormat,
  type FunderFileLine,
} from '@repay/rules';
import { pgError } from '@repay/db';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor } from '../events';
import type { AssetReconRepo, ComparedLoan, FunderFileRecord } from './assets.repo';
import type { AssetRepos } from './assets.service';
import { records, type StatementBytes } from './statement-reader';

/** The largest funder file the console uploads (base64 in JSON). */
export const FUNDER_FILE_MAX_BYTES = 20 * 1024 * 1024;
/** Lines written per statement. */
const BATCH = 5000;

export const fileIdText = (id: bigint) => `faf_${id}`;

/** A funder file's loans one at a time; at the end, how many there were. */
export async function* readFunderFile(
  source: StatementBytes,
  format: FunderFileFormat,
): AsyncGenerator<FunderFileLine, { lines: number }, undefined> {
  const mapper = createFunderFileMapper(format);
  yield* records(source, format, (record, lineNo) => {
    const mapped = mapper.map(typeof record === 'string' ? [record] : record, lineNo);
    return isFunderFileLine(mapped) ? mapped : undefined;
  });
  return mapper.finish();
}

const presets = FUNDER_FILE_PRESETS as Record<string, FunderFileFormat>;

function formatOf(name: string): FunderFileFormat {
  const format = presets[name];
  if (!format) throw notFound(`funder file format ${name}`, 'format');
  return format;
}

const fileView = (f: FunderFileRecord) => ({
  fileId: fileIdText(f.id),
  funderCode: f.funderCode,
  date: f.businessDate,
  format: f.formatName,
  fileName: f.fileName,
  byteSize: f.byteSize,
  lines: f.lineCount,
  outstandingPrincipal: fenToYuan(f.outstandingPrincipal),
  overdueAmount: fenToYuan(f.overdueAmount),
  importedBy: f.importedBy,
  importedAt: f.createdAt.toISOString(),
});

const figures = (side: ComparedLoan['ours'] | ComparedLoan['theirs']) =>
  side && {
    outstandingPrincipal: fenToYuan(side.outstandingPrincipal),
    overdueAmount: fenToYuan(side.overdueAmount),
    status: side.status,
  };

/** Which of the figures differ, for a loan on both sides. */
function differences(c: ComparedLoan) {
  if (!c.ours || !c.theirs) return [];
  return [
    c.ours.outstandingPrincipal !== c.theirs.outstandingPrincipal ? 'outstandingPrincipal' : null,
    c.ours.overdueAmount !== c.theirs.overdueAmount ? 'overdueAmount' : null,
    c.ours.status !== c.theirs.status ? 'status' : null,
  ].filter((d): d is 'outstandingPrincipal' | 'overdueAmount' | 'status' => d !== null);
}

export interface FunderFileInput {
  funderCode: string;
  businessDate: string;
  /** A layout's name; absent: funder-standard. */
  formatName?: string;
  fileName: string;
  bytes: Uint8Array;
}

export function createFunderAssetFiles(deps: {
  repo: AssetReconRepo;
  transaction: Transactor<AssetRepos>;
}) {
  const { repo, transaction } = deps;

  const answer = (f: FunderFileRecord, duplicate: boolean) => ({
    fileId: fileIdText(f.id),
    funderCode: f.funderCode,
    date: f.businessDate,
    lines: f.lineCount,
    outstandingPrincipal: fenToYuan(f.outstandingPrincipal),
    overdueAmount: fenToYuan(f.overdueAmount),
    duplicate,
  });

  const anotherFile = (input: FunderFileInput, f: FunderFileRecord) =>
    new AppError(
      'CONFLICT',
      `funder ${input.funderCode} already has a file for ${input.businessDate} (${fileIdText(f.id)}, another file)`,
      { field: 'date' },
    );

  async function importFile(input: FunderFileInput, actor: Actor) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.businessDate) || !isValidDate(input.businessDate))
      throw new AppError('VALIDATION_FAILED', 'date: a date as YYYY-MM-DD', { field: 'date' });
    if (input.bytes.length === 0)
      throw new AppError('VALIDATION_FAILED', 'file: the file is empty', { field: 'file' });
    const funder = await repo.funderByCode(input.funderCode);
    if (!funder) throw notFound(`funder ${input.funderCode}`, 'funder');
    const formatName = input.formatName ?? DEFAULT_FUNDER_FILE_FORMAT;
    const format = formatOf(formatName);
    const sha = createHash('sha256').update(input.bytes).digest('hex');
    const before = await repo.fileBySha(sha);
    if (before) return answer(before, true);
    const sameDay = await repo.fileOf(funder.id, input.businessDate);
    if (sameDay) throw anotherFile(input, sameDay);
    try {
      const fileId = await transaction(async (repos) => {
        const id = await repos.assetRecon.insertFile({
          funderId: funder.id,
          businessDate: input.businessDate,
          formatName,
          fileName: input.fileName,
          fileSha256: sha,
          byteSize: input.bytes.length,
          importedBy: `${actor.type}:${actor.id}`,
        });
        const reader = readFunderFile(input.bytes, format);
        let batch: FunderFileLine[] = [];
        let outstanding = 0n;
        let overdue = 0n;
        for (;;) {
          const next = await reader.next();
          if (next.done) {
            await repos.assetRecon.insertLines(id, batch);
            await repos.assetRecon.finishFile(id, {
              lineCount: next.value.lines,
              outstandingPrincipal: outstanding,
              overdueAmount: overdue,
            });
            await repos.audit.record({
              actorType: actor.type,
              actorId: actor.id,
              action: 'funder_asset_file.import',
              entityType: 'funder_asset_file',
              entityId: fileIdText(id),
              diff: {
                funder: input.funderCode,
                date: input.businessDate,
                format: formatName,
                lines: next.value.lines,
                outstandingPrincipal: fenToYuan(outstanding),
                overdueAmount: fenToYuan(overdue),
                sha256: sha,
              },
            });
            return id;
          }
          outstanding += next.value.outstandingPrincipalFen;
          overdue += next.value.overdueAmountFen;
          batch.push(next.value);
          if (batch.length === BATCH) {
            await repos.assetRecon.insertLines(id, batch);
            batch = [];
          }
        }
      });
      return answer((await repo.fileById(fileId))!, false);
    } catch (error) {
      if (error instanceof StatementFileError)
        throw new AppError('VALIDATION_FAILED', `file: ${error.message}`, {
          field: 'file',
          cause: error,
        });
      // Another import of the same bytes (or of the funder's day) committed meanwhile.
      if (pgError(error)?.code === '23505') {
        const other = await repo.fileBySha(sha);
        if (other) return answer(other, true);
        const day = await repo.fileOf(funder.id, input.businessDate);
        if (day) throw anotherFile(input, day);
      }
      throw error;
    }
  }

  return {
    importFile,

    /** Files newest first. */
    async files(filter: { funderCode?: string; limit: number }) {
      return (await repo.files(filter)).map(fileView);
    },

    /**
     * The loans where a file and our books disagree, with both sides' figures (at most `limit`,
     * differing loans first), and how many loans of each kind there are, matched included.
     */
    async comparison(input: { fileId: string; limit: number }) {
      const id = BigInt(input.fileId.slice('faf_'.length));
      const file = await repo.fileById(id);
      if (!file) throw notFound(`funder file ${input.fileId}`, 'fileId');
      const counts = await repo.comparisonCounts(id);
      const rows = await repo.compared(id, input.limit);
      const count = (kind: string) => counts.get(kind) ?? 0;
      return {
        file: fileView(file),
        counts: {
          matched: count('matched'),
          differs: count('differs'),
          missingInFile: count('missing_in_file'),
          unknownLoan: count('unknown_loan'),
          otherFunder: count('other_funder'),
        },
        rows: rows.map((c) => ({
          orderNo: c.orderNo,
          kind: c.kind,
          lineNo: c.lineNo,
          owner: c.ours?.owner ?? null,
          differences: differences(c),
          ours: figures(c.ours),
          theirs: c.theirs && { ...figures(c.theirs)!, rawStatus: c.theirs.rawStatus },
        })),
      };
    },

    /** The layouts a file may be read with (the first is the default). */
    formats() {
      const names = Object.keys(presets).sort((a, b) =>
        a === DEFAULT_FUNDER_FILE_FORMAT ? -1 : b === DEFAULT_FUNDER_FILE_FORMAT ? 1 : 0,
      );
      return names.map((name) => ({
        name,
        description: presets[name]!.description ?? null,
        encoding: presets[name]!.encoding,
        columns: presets[name]!.columns,
      }));
    },
  };
}

export type FunderAssetFiles = ReturnType<typeof createFunderAssetFiles>;
