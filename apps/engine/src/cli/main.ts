#!/usr/bin/env tsx
// `pnpm repay <command>`: serve, migrate, seed, keys and users, on the same data as the server.
import { Command, InvalidArgumentError, Option } from 'commander';
import { roles, type Role } from '../modules/auth';
import { openApp } from '../app';
import { seedDemoAgreements, seedDemoLoans, seedReference } from '../seed/demo-seed';
import { registerApiKeyCommands } from './api-key-commands';
import { registerReconCommands } from './recon-commands';
import { registerAssetReconCommands } from './asset-recon-commands';
import { registerPayoutCommands } from './payout-commands';
import { serve } from './serve';
import { fenToYuan, isValidDate } from '@repay/rules';

const program = new Command('repay').description('Repay engine command line').showHelpAfterError();

const positiveInt = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
};

program
  .command('serve')
  .description('start the engine (HTTP API, tRPC, and the roles chosen)')
  .option('--port <n>', 'HTTP port', positiveInt)
  .addOption(
    new Option('--role <role>', 'what this process does')
      .choices(['all', 'api', 'worker', 'scheduler'])
      .default('all'),
  )
  .option('--migrate', 'apply migrations before starting')
  .option(
    '--seed-demo-if-empty',
    'seed the demo (reference data and loans) when the database has no users',
  )
  .option('--loans <n>', 'loans for --seed-demo-if-empty', positiveInt, 2000)
  .action(
    async (opts: {
      port?: number;
      role: 'all' | 'api' | 'worker' | 'scheduler';
      migrate?: boolean;
      seedDemoIfEmpty?: boolean;
      loans: number;
    }) => {
      await serve(opts);
    },
  );

const db = program.command('db').description('database');
db.command('migrate')
  .description('apply the committed migrations')
  .action(async () => {
    const app = await openApp({ migrate: true });
    console.log(`migrations applied (${app.driver})`);
    await app.close();
  });

const seed = program.command('seed').description('seed data');
seed
  .command('demo')
  .description('reference data, demo users and N demo loans')
  .option('--loans <n>', 'number of demo loans (0: reference data only)', positiveInt, 2000)
  .action(async (opts: { loans: number }) => {
    const app = await openApp({ migrate: true });
    const reference = await seedReference(app);
    console.log(
      `reference data: ${reference.created.length ? reference.created.join(', ') : 'already present'}`,
    );
    if (opts.loans > 0) {
      const started = Date.now();
      const result = await seedDemoLoans(app, opts.loans, (done) =>
        console.log(`  loans ${done}/${opts.loans}`),
      );
      console.log(
        `demo loans: ${result.created} created (${opts.loans - result.created} already present), ${result.overdueInstallments} installments overdue, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      const bound = await seedDemoAgreements(app, 2000);
      console.log(
        bound === null
          ? `demo cards: not bound (no channel sandbox at ${app.env.REPAY_SANDBOX_URL}; \`pnpm sandbox\`, then seed again)`
          : `demo cards: ${bound} loans bound at the sandbox channels`,
      );
    }
    await app.close();
  });

registerApiKeyCommands(program);
registerReconCommands(program);
registerAssetReconCommands(program);
registerPayoutCommands(program);

program
  .command('user')
  .description('console users')
  .command('create')
  .requiredOption('--username <username>')
  .addOption(
    new Option('--role <role>').choices(roles as unknown as string[]).makeOptionMandatory(),
  )
  .option(
    '--password <password>',
    'password (when omitted, a random one is printed and must be changed at the first sign-in)',
  )
  .option('--display-name <name>')
  .action(
    async (opts: { username: string; role: Role; password?: string; displayName?: string }) => {
      const app = await openApp({ migrate: true });
      const { user, temporaryPassword } = await app.services.users.createUser({
        username: opts.username,
        role: opts.role,
        password: opts.password,
        displayName: opts.displayName,
      });
      console.log(
        `user ${user.username} (${user.role}) created${temporaryPassword ? `; password: ${temporaryPassword} (to be changed at the first sign-in)` : ''}`,
      );
      await app.close();
    },
  );

const run = program.command('run').description('run a job by hand');
run
  .command('debit-window')
  .description('start (or resume) one deduction window run and work it to the end')
  .requiredOption('--date <date>', 'business date, YYYY-MM-DD')
  .requiredOption('--window <HH:MM>', 'the window slot start, e.g. 10:00')
  .option('--funder <code>', 'only this funder’s loans')
  .option('--business-line <line>', 'only this business line')
  .action(
    async (opts: { date: string; window: string; funder?: string; businessLine?: string }) => {
      const app = await openApp({ migrate: true });
      const runs = app.services.debitRuns;
      const started = await runs.startRun(
        {
          date: opts.date,
          window: opts.window,
          funderCode: opts.funder,
          businessLine: opts.businessLine,
        },
        'cli',
      );
      // The shard total grows while the run's selection goes on (page by page).
      let progress = await runs.progress(started.runId);
      const total = () => `${Number(progress.shards?.total ?? 0)}${progress.selecting ? '+' : ''}`;
      console.log(
        `run ${started.runId} ${started.created ? 'started' : 'resumed'}: ${total()} shards`,
      );
      const refresh = setInterval(() => {
        runs.progress(started.runId).then(
          (p) => (progress = p),
          () => undefined, // the last figures stand until the next read
        );
      }, 1000);
      const t0 = Date.now();
      try {
        await runs.work(started.runId, (done) => console.log(`  shards ${done}/${total()}`));
      } finally {
        clearInterval(refresh);
      }
      progress = await runs.progress(started.runId);
      for (const o of progress.orders)
        console.log(
          `  ${o.status.padEnd(14)} ${String(o.n).padStart(8)}  ¥${fenToYuan(BigInt(o.amount))}`,
        );
      console.log(
        `shards done ${String(progress.shards?.done)}/${total()}, failed ${String(progress.shards?.failed)}; ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      await app.close();
    },
  );
run
  .command('compensation')
  .description('query the channels about pending debit orders that are due for it')
  .action(async () => {
    const app = await openApp({ migrate: true });
    console.log(`${await app.services.debitCompensation.sweep()} pending orders queried`);
    await app.close();
  });

run
  .command('accrual')
  .description('accrue overdue charges for a business date, or catch up every missed date')
  .option('--date <date>', 'business date, YYYY-MM-DD (default: catch up through today)')
  .action(async (opts: { date?: string }) => {
    const app = await openApp({ migrate: true });
    if (
      opts.date !== undefined &&
      !(/^\d{4}-\d{2}-\d{2}$/.test(opts.date) && isValidDate(opts.date))
    ) {
      console.error('--date is a calendar date as YYYY-MM-DD');
      await app.close();
      process.exit(2);
    }
    const accrual = app.services.overdueAccrual;
    const t0 = Date.now();
    const days = opts.date
      ? [await accrual.accrueDate(opts.date, 'cli', (n) => console.log(`  ${n} installments`))]
      : await accrual.catchUp('cli');
    for (const d of days)
      console.log(
        d.created
          ? `${d.businessDate}: ${d.installments} overdue installments, ¥${fenToYuan(d.accruedFen)} accrued, ${d.bucketChanges} bucket changes`
          : `${d.businessDate}: accrued already`,
      );
    console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await app.close();
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
