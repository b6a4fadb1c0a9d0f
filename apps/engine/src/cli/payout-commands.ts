// `repay payouts send | remit | sync | positions`: what the payout jobs do, by hand. Each is
// idempotent: a payout is never sent twice, a funder's day is remitted once.
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

async function withApp<T>(fn: (app: Awaited<ReturnType<typeof openApp>>) => Promise<T>) {
  const app = await openApp({ migrate: true });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

export function registerPayoutCommands(program: Command) {
  const payouts = program.command('payouts').description('payouts (代付) and positions (头寸)');

  payouts
    .command('send')
    .description('query the sent payouts that are due for it, then send what positions cover')
    .option('--json', 'print the counts as one JSON line')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const queried = await app.services.payouts.queryDue();
        const sent = await app.services.payouts.dispatchQueue();
        console.log(
          opts.json
            ? JSON.stringify({ ...sent, queried: queried.queried })
            : `${sent.sent} sent, ${sent.failed} failed, ${sent.waiting} waiting for a position; ${queried.queried} queried`,
        );
      }),
    );

  payouts
    .command('remit')
    .description(
      'make the funders’ remittance batches of a business date (once per funder and day)',
    )
    .requiredOption('--date <date>', 'the business date, YYYY-MM-DD', businessDate)
    .option('--funder <code>', 'one funder only')
    .option('--json', 'print the batches as JSON lines')
    .action((opts: { date: string; funder?: string; json?: boolean }) =>
      withApp(async (app) => {
        const batches = await app.services.remittance.runDay(opts.date, cli, {
          funderCode: opts.funder,
        });
        for (const b of batches)
          console.log(
            opts.json
              ? JSON.stringify(b)
              : `${b.funderCode} ${b.businessDate}: ${b.status}, gross ¥${b.gross}, fee ¥${b.fee}, net ¥${b.amount}, ${b.orders} payouts${b.note ? ` (${b.note})` : ''}`,
          );
      }),
    );

  payouts
    .command('sync')
    .description('take each payout account’s balance from its channel (the difference is drift)')
    .action(() =>
      withApp(async (app) => {
        for (const r of await app.services.positions.syncAll(cli))
          console.log(
            r.synced
              ? `${r.channelCode}: balance ¥${r.account.balance}, usable ¥${r.account.usable}, drift ¥${r.drift}`
              : `${r.channelCode}: not synced: ${r.message}`,
          );
      }),
    );

  payouts
    .command('positions')
    .description('each payout account: balance, reserved, buffer, usable, what waits for it')
    .action(() =>
      withApp(async (app) => {
        const { accounts, unrouted } = await app.services.positions.overview();
        for (const a of accounts)
          console.log(
            `${a.channelCode.padEnd(12)} balance ¥${a.balance}  reserved ¥${a.reserved}  buffer ¥${a.buffer}  usable ¥${a.usable}  waiting ¥${a.waitingAmount}${a.shortfall !== '0.00' ? `  SHORT ¥${a.shortfall}` : ''}`,
          );
        if (unrouted.count > 0)
          console.log(`${unrouted.count} payouts (¥${unrouted.amount}) no channel takes`);
      }),
    );
}
