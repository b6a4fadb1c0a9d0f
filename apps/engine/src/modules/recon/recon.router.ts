import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import { importIdOf } from './recon-console.service';
import {
  actOnCaseInput,
  assignCaseInput,
  caseIdInput,
  casesInput,
  dayRangeInput,
  decideCaseInput,
  importIdInput,
  previewFormatInput,
  runInput,
  saveFormatInput,
  uploadInput,
} from './recon.schema';

const read = permittedProcedure('recon.read');
const run = permittedProcedure('recon.run');
const handle = permittedProcedure('recon.handle');

const range = (input: { channel?: string; from?: string; to?: string; limit: number }) => ({
  channelCode: input.channel,
  from: input.from,
  to: input.to,
  limit: input.limit,
});

/**
 * Procedures whose input carries a file (base64): the HTTP server lets these, and only these,
 * bring a body of up to `bodyLimit` bytes (base64 is 4/3 of the file, plus the JSON around it).
 */
export const reconFileProcedures = {
  paths: ['recon.upload', 'recon.previewFormat', 'reconAssets.upload'],
  bodyLimit: 28 * 1024 * 1024,
} as const;

export const reconRouter = router({
  /** Per channel per business date: the statement, the latest run's counts, the cases. */
  days: read
    .input(dayRangeInput)
    .query(({ ctx, input }) => ctx.services.reconConsole.days(range(input))),
  runs: read
    .input(dayRangeInput)
    .query(({ ctx, input }) => ctx.services.reconConsole.runs(range(input))),
  imports: read
    .input(dayRangeInput)
    .query(({ ctx, input }) => ctx.services.reconConsole.imports(range(input))),
  /** The original file, for download (base64 of the bytes as received). */
  importFile: read
    .input(importIdInput)
    .query(({ ctx, input }) => ctx.services.reconConsole.importFile(importIdOf(input.importId))),
  upload: run.input(uploadInput).mutation(({ ctx, input }) =>
    ctx.services.statementImports.importStatement(
      {
        channelCode: input.channel,
        businessDate: input.date,
        formatName: input.format,
        fileName: input.fileName,
        bytes: input.file,
        source: 'upload',
      },
      ctx.actor,
    ),
  ),
  run: run
    .input(runInput)
    .mutation(({ ctx, input }) =>
      ctx.services.reconRuns.run(
        { channelCode: input.channel, businessDate: input.date },
        ctx.actor,
      ),
    ),
  formats: read.query(({ ctx }) => ctx.services.reconConsole.formats()),
  saveFormat: permittedProcedure('recon.formats')
    .input(saveFormatInput)
    .mutation(({ ctx, input }) => ctx.services.statementFormats.save(input, ctx.actor)),
  /** A format being edited over a sample file's first rows; nothing is stored. */
  previewFormat: read
    .input(previewFormatInput)
    .mutation(({ ctx, input }) => ctx.services.reconConsole.preview(input)),

  /** The differences runs found (差错), newest first, 50 at a time. */
  cases: read.input(casesInput).query(({ ctx, input }) => {
    const { channel, date, ...filter } = input;
    return ctx.services.reconCases.list({ ...filter, channelCode: channel, businessDate: date });
  }),
  /** One case with its history. */
  case: read
    .input(caseIdInput)
    .query(({ ctx, input }) => ctx.services.reconCases.get(input.caseId)),
  /** Take a case: investigating, owned by the user. */
  assignCase: handle
    .input(assignCaseInput)
    .mutation(({ ctx, input }) => ctx.services.reconCases.assign(input, ctx.actor)),
  /** 补单, 退款, 核销 or 关闭; above the approval limit it waits for a second person. */
  actOnCase: handle
    .input(actOnCaseInput)
    .mutation(({ ctx, input }) => ctx.services.reconCases.act(input, ctx.actor)),
  /** Another person approves (the action runs) or rejects an action waiting for approval. */
  decideCase: handle
    .input(decideCaseInput)
    .mutation(({ ctx, input }) => ctx.services.reconCases.decide(input, ctx.actor)),
});
