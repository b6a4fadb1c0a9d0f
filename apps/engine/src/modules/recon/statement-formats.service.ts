// Statement layouts as data: the presets shipped in code are version 0 of their name; a person
// saves a new version (of a preset's name, or a new name) without a deploy, audited. An import
// reads with the latest version of the channel's format and records which one it used.
import {
  STATEMENT_FORMAT_PRESETS,
  statementFormatSchema,
  type StatementFormat,
} from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Actor } from '../events';
import type { ReconRepo } from './recon.repo';
import type { Repos } from './recon.types';
import { previewStatement } from './statement-reader';

export interface ResolvedFormat {
  name: string;
  version: number;
  format: StatementFormat;
}

const presets = STATEMENT_FORMAT_PRESETS as Record<string, StatementFormat>;

/** A format body checked like a rule: every problem named by its JSON path under `body`. */
function parsedFormat(body: unknown): StatementFormat {
  const result = statementFormatSchema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: ['body', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new AppError('VALIDATION_FAILED', `${issues[0]!.field}: ${issues[0]!.message}`, {
    field: issues[0]!.field,
    issues,
  });
}

export function createStatementFormats(deps: { repo: ReconRepo; transaction: Transactor<Repos> }) {
  const { repo, transaction } = deps;

  async function resolve(name: string): Promise<ResolvedFormat> {
    const saved = await repo.latestFormat(name);
    if (saved) return { name, version: saved.version, format: parsedFormat(saved.body) };
    const preset = presets[name];
    if (!preset) throw notFound(`statement format ${name}`, 'format');
    return { name, version: 0, format: preset };
  }

  return {
    resolve,

    /** Every format: the presets and the saved versions, newest last. */
    async list() {
      const saved = await repo.formatVersions();
      const names = new Set([...Object.keys(presets), ...saved.map((s) => s.name)]);
      return [...names].sort().map((name) => {
        const versions = saved.filter((s) => s.name === name);
        const latest = versions.at(-1);
        return {
          name,
          preset: name in presets,
          version: latest?.version ?? 0,
          body: latest?.body ?? presets[name],
          versions: versions.map((v) => ({
            version: v.version,
            note: v.note,
            createdBy: v.createdBy,
            createdAt: v.createdAt,
          })),
        };
      });
    },

    /** Saves the next version of a format (checked first); audited with the note. */
    save: (input: { name: string; body: unknown; note: string }, actor: Actor) => {
      const format = parsedFormat(input.body);
      return transaction(async (repos) => {
        const version = await repos.recon.saveFormat({
          name: input.name,
          body: format,
          note: input.note,
          createdBy: `${actor.type}:${actor.id}`,
        });
        if (version === null)
          throw new AppError('CONFLICT', `format ${input.name} was saved meanwhile: reload it`, {
            field: 'name',
          });
        await repos.audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'statement_format.save',
          entityType: 'statement_format',
          entityId: `${input.name}@${version}`,
          reason: input.note,
          diff: { body: format },
        });
        return { name: input.name, version };
      });
    },

    /** The first rows of a sample file read with a format being edited (nothing is stored). */
    preview: (input: { body: unknown; sample: Uint8Array; businessDate: string }) =>
      previewStatement(input.sample, parsedFormat(input.body), {
        businessDate: input.businessDate,
      }),
  };
}

export type StatementFormats = ReturnType<typeof createStatementFormats>;
