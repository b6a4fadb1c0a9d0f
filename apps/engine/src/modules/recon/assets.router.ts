// 资产对账 from the console (`reconAssets`): runs of the checks and their breaks per funder, a
// run for a date, a funder's file uploaded (base64) and its comparison with our books.
import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import {
  assetBreaksInput,
  assetFundersInput,
  assetRunInput,
  assetRunsInput,
  funderComparisonInput,
  funderFilesInput,
  funderFileUploadInput,
} from './assets.schema';

const read = permittedProcedure('recon.read');
const run = permittedProcedure('recon.run');

export const reconAssetsRouter = router({
  runs: read.input(assetRunsInput).query(({ ctx, input }) => ctx.services.assetRecon.runs(input)),
  /** A run's breaks (a date's latest run, or the latest), filtered by funder, check, loan. */
  breaks: read.input(assetBreaksInput).query(({ ctx, input }) => {
    const { funder, ...filter } = input;
    return ctx.services.assetRecon.breaks({ ...filter, funderCode: funder });
  }),
  /** Breaks per funder in a run (the chart). */
  funders: read
    .input(assetFundersInput)
    .query(({ ctx, input }) => ctx.services.assetRecon.funders(input)),
  run: run
    .input(assetRunInput)
    .mutation(({ ctx, input }) =>
      ctx.services.assetRecon.run({ businessDate: input.date }, ctx.actor),
    ),
  /** A funder's file of its loans (all its lines or none; the same file twice: duplicate). */
  upload: run.input(funderFileUploadInput).mutation(({ ctx, input }) =>
    ctx.services.funderAssetFiles.importFile(
      {
        funderCode: input.funder,
        businessDate: input.date,
        formatName: input.format,
        fileName: input.fileName,
        bytes: input.file,
      },
      ctx.actor,
    ),
  ),
  files: read
    .input(funderFilesInput)
    .query(({ ctx, input }) =>
      ctx.services.funderAssetFiles.files({ funderCode: input.funder, limit: input.limit }),
    ),
  /** Where a funder's file and our books disagree, and the loans one side only has. */
  comparison: read
    .input(funderComparisonInput)
    .query(({ ctx, input }) => ctx.services.funderAssetFiles.comparison(input)),
  fileFormats: read.query(({ ctx }) => ctx.services.funderAssetFiles.formats()),
});
