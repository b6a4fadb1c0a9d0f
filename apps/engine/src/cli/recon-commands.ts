// `repay recon import | fetch | run`: a channel's statement file into the database (given, or
// fetched from the channel), and the day's funds reconciliation against it. Errors name the
// option or the file's line and column; exit 1.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { isValidDate } from '@repay/rules';
import { openApp } from '../app';
import { systemActor } from '../modules/events';
import type { ChannelDay } from '../modules/recon';

const cli = systemActor('cli');

const businessDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isValidDate(value))
    throw new InvalidArgumentError('a calendar date as YYYY-MM-DD');
  return value;
};

export function registerReconCommands(program: Command) {
  const recon = program.command('recon').description('reconciliation against channel statements');

  recon
    .command('import')
    .description('import a channel statement file (all its lines or none; a file once)')
    .requiredOption('--channel <code>', 'the channel the file comes from')
    .requiredOption('--date <date>', 'its business date, YYYY-MM-DD', businessDate)
    .option('--format <name>', 'its layout (default: the channel’s statement format)')
    .option('--json', 'print {"importId", "lines", "amount", "duplicate"} on one line')
    .argument('<file>', 'the statement file')
    .action(
      async (
        file: string,
        opts: { channel: string; date: string; format?: string; json?: boolean },
      ) => {
        const bytes = await readFile(file);
        const app = await openApp({ migrate: true });
        try {
          const answer = await app.services.statementImports.importStatement(
            {
              channelCode: opts.channel,
              businessDate: opts.date,
              formatName: opts.format,
              fileName: basename(file),
              bytes,
              source: 'cli',
            },
            cli,
          );
          console.log(
            opts.json
              ? JSON.stringify(answer)
              : answer.duplicate
                ? `${file}: imported before as ${answer.importId} (${answer.lines} lines, ¥${answer.amount}); nothing changed`
                : `${file}: ${answer.importId}, ${answer.lines} lines, ¥${answer.amount} in successful lines`,
          );
        } finally {
          await app.close();
        }
      },
    );

  recon
    .command('fetch')
    .description(
      'fetch channels’ statement files of a business date, import them and reconcile the day',
    )
    .requiredOption('--channel <code>', 'a channel, or all (up or not)')
    .requiredOption('--date <date>', 'the business date, YYYY-MM-DD', businessDate)
    .option('--json', 'print one JSON line per channel: its import, run and error')
    .action(async (opts: { channel: string; date: string; json?: boolean }) => {
      const app = await openApp({ migrate: true });
      try {
        const days = await app.services.reconDaily.fetchAndReconcile(
          { channel: opts.channel, businessDate: opts.date },
          cli,
        );
        for (const day of days) console.log(opts.json ? JSON.stringify(day) : fetchedLine(day));
        // One channel that could not be done is a failure of the command (the others are done).
        if (days.some((d) => d.error !== null)) process.exitCode = 1;
      } finally {
        await app.close();
      }
    });

  recon
    .command('run')
    .description('reconcile a channel’s business date against its imported statement')
    .requiredOption('--channel <code>', 'the channel')
    .requiredOption('--date <date>', 'the business date, YYYY-MM-DD', businessDate)
    .option('--json', 'print the outcome counts on one line')
    .action(async (opts: { channel: string; date: string; json?: boolean }) => {
      const app = await openApp({ migrate: true });
      try {
        const result = await app.services.reconRuns.run(
          { channelCode: opts.channel, businessDate: opts.date },
          cli,
        );
        const c = result.counts;
        console.log(
          opts.json
            ? JSON.stringify(c)
            : `${opts.channel} ${opts.date} (${result.runId}, attempt ${result.attempt}): ` +
                `${c.matched} matched, ${c.overage} overage, ${c.shortage} shortage, ` +
                `${c.mismatch} mismatch, ${c.pendingResolved} pending resolved, ${c.carried} carried; ` +
                `${result.casesOpened} new cases`,
        );
      } finally {
        await app.close();
      }
    });
}

/** A channel's fetched day as a person reads it. */
function fetchedLine(day: ChannelDay): string {
  const head = `${day.channel} ${day.businessDate}`;
  if (day.error) return `${head}: not done: ${day.error.code}: ${day.error.message}`;
  const i = day.import!;
  const r = day.run!;
  const c = r.counts;
  return (
    `${head}: ${i.importId}, ${i.lines} lines, ¥${i.amount} in successful lines` +
    `${i.duplicate ? ' (imported before)' : ''}; ${r.runId} (attempt ${r.attempt}${r.before ? ', run before' : ''}): ` +
    `${c.matched} matched, ${c.overage} overage, ${c.shortage} shortage, ${c.mismatch} mismatch, ` +
    `${c.pendingResolved} pending resolved, ${c.carried} carried; ${r.casesOpened} new cases`
  );
}
