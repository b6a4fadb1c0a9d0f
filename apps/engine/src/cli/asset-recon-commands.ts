// `repay recon assets | funder-import`: the asset reconciliation checks of a business date, and
// a funder's own file of its loans into the database, compared with our books. Errors name the
// option or the file's line and column; exit 1.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { isValidDate } from '@repay/rules';
import { openApp } from '../app';
import { systemActor } from '../modules/events';

const cli = systemActor('cli');

const businessDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isValidDate(value))
    throw new InvalidArgumentError('a calendar date as YYYY-MM-DD');
  return value;
};

/** Under `repay recon` (registered by recon-commands.ts), or a `recon` of its own. */
export function registerAssetReconCommands(program: Command) {
  const recon =
    program.commands.find((c) => c.name() === 'recon') ??
    program.command('recon').description('reconciliation');

  recon
    .command('assets')
    .description('check the loans’ books against the ledger as of a date (资产对账)')
    .requiredOption('--date <date>', 'the business date, YYYY-MM-DD', businessDate)
    .option('--json', 'print {"loans", "breaks", "funders"} on one line')
    .action(async (opts: { date: string; json?: boolean }) => {
      const app = await openApp({ migrate: true });
      try {
        const run = await app.services.assetRecon.run({ businessDate: opts.date }, cli);
        if (opts.json) {
          console.log(
            JSON.stringify({ loans: run.loans, breaks: run.breaks, funders: run.funders }),
          );
          return;
        }
        console.log(
          `${opts.date} (${run.runId}, attempt ${run.attempt}): ${run.loans} loans of ${run.funders} funders, ${run.breaks} breaks`,
        );
        for (const f of run.breaksPerFunder) console.log(`  ${f.funderCode}: ${f.breaks} breaks`);
      } finally {
        await app.close();
      }
    });

  recon
    .command('funder-import')
    .description('import a funder’s file of its loans (all its lines or none; a file once)')
    .requiredOption('--funder <code>', 'the funder the file comes from')
    .requiredOption('--date <date>', 'the date its figures are as of, YYYY-MM-DD', businessDate)
    .option('--format <name>', 'its layout (default: funder-standard)')
    .option('--json', 'print the import and the comparison counts on one line')
    .argument('<file>', 'the funder’s file')
    .action(
      async (
        file: string,
        opts: { funder: string; date: string; format?: string; json?: boolean },
      ) => {
        const bytes = await readFile(file);
        const app = await openApp({ migrate: true });
        try {
          const imported = await app.services.funderAssetFiles.importFile(
            {
              funderCode: opts.funder,
              businessDate: opts.date,
              formatName: opts.format,
              fileName: basename(file),
              bytes,
            },
            cli,
          );
          const { counts } = await app.services.funderAssetFiles.comparison({
            fileId: imported.fileId,
            limit: 1,
          });
          if (opts.json) {
            console.log(JSON.stringify({ ...imported, comparison: counts }));
            return;
          }
          console.log(
            imported.duplicate
              ? `${file}: imported before as ${imported.fileId}; nothing changed`
              : `${file}: ${imported.fileId}, ${imported.lines} loans, outstanding principal ¥${imported.outstandingPrincipal}, overdue ¥${imported.overdueAmount}`,
          );
          console.log(
            `  ${counts.matched} agree, ${counts.differs} differ, ${counts.missingInFile} missing from the file, ` +
              `${counts.unknownLoan} unknown, ${counts.otherFunder} another funder’s`,
          );
        } finally {
          await app.close();
        }
      },
    );
}
