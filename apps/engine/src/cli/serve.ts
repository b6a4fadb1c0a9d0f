// `repay serve`: the HTTP server (role api/all) and the job engine (roles worker, scheduler, all).
import { openApp, type App } from '../app';
import { loadEnv, type Env } from '../env';
import { buildServer } from '../http/server';
import { startJobs } from '../jobs';
import { seedDemoAgreements, seedDemoLoans, seedReference } from '../seed/demo-seed';
import { dataProblems, refusal, settingProblems } from './production-check';

export async function serve(opts: {
  port?: number;
  role: 'all' | 'api' | 'worker' | 'scheduler';
  migrate?: boolean;
  seedDemoIfEmpty?: boolean;
  loans: number;
}) {
  const env = loadEnv();
  const port = opts.port ?? env.REPAY_ENGINE_PORT;
  // The callback address channels are given is this port's, not the default one.
  const app =
    env.REPAY_ENV === 'production'
      ? await openProduction(env, opts, port)
      : await openApp({ env, migrate: opts.migrate ?? false, listenPort: port });
  if (opts.seedDemoIfEmpty && !(await app.services.users.userExists('admin'))) {
    console.log(`[repay] empty database: seeding the demo (${opts.loans} loans)…`);
    await seedReference(app);
    const result = await seedDemoLoans(app, opts.loans, (done) =>
      console.log(`[repay]   loans ${done}/${opts.loans}`),
    );
    console.log(
      `[repay] demo seeded: ${result.created} loans, ${result.overdueInstallments} overdue installments`,
    );
    const bound = await seedDemoAgreements(app);
    console.log(
      bound === null
        ? `[repay] channel sandbox not reachable at ${app.env.REPAY_SANDBOX_URL}: demo cards left unbound`
        : `[repay] demo cards bound at the sandbox channels: ${bound} loans`,
    );
  }
  const api = opts.role === 'all' || opts.role === 'api';
  // The job engine (pg-boss) for the debit windows: schedules on `scheduler`, work on `worker`.
  const jobs =
    opts.role === 'api'
      ? null
      : await startJobs(app, {
          schedule: opts.role === 'all' || opts.role === 'scheduler',
          work: opts.role === 'all' || opts.role === 'worker',
        });
  const server = await buildServer(app, { logLevel: app.env.REPAY_LOG_LEVEL, api });
  await server.listen({ port, host: app.env.REPAY_ENGINE_HOST });
  console.log(
    `[repay] engine on http://127.0.0.1:${port} (${app.env.REPAY_ENV} mode, ${app.driver}${app.clock.pinned ? `, clock pinned at ${app.clock.now().toISOString()}` : ''})`,
  );
  console.log(`[repay] channels notify ${app.callbackBaseUrl}`);
  // Housekeeping: replay-protection nonces are only needed for the signature window; ended
  // sessions and spent sign-in counts are not needed at all.
  const housekeeping = setInterval(
    () => {
      app.services.apiKeys
        .pruneNonces()
        .catch((error: unknown) => server.log.warn({ err: error }, 'nonce pruning failed'));
      app.services.auth
        .prune()
        .catch((error: unknown) => server.log.warn({ err: error }, 'session pruning failed'));
    },
    10 * 60 * 1000,
  );
  housekeeping.unref();
  // The sandbox's business clock may be moved by another engine process (the console's API):
  // every process follows it within seconds (a scheduled run reads it first anyway).
  const clockFollow = setInterval(() => {
    app.services.businessClock
      .refresh()
      .catch((error: unknown) => server.log.warn({ err: error }, 'business clock not read'));
  }, 5_000);
  clockFollow.unref();
  const stop = async () => {
    clearInterval(housekeeping);
    clearInterval(clockFollow);
    await jobs?.stop({ graceful: true, wait: true, timeout: 10_000 });
    await server.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/**
 * Production checks the app before it serves: every problem found (settings, then the data) is
 * named, and the process exits non-zero before anything listens.
 */
async function openProduction(
  env: Env,
  opts: { migrate?: boolean; seedDemoIfEmpty?: boolean },
  port: number,
): Promise<App> {
  const problems = settingProblems(env, opts);
  let app: App | null = null;
  try {
    app = await openApp({ env, migrate: opts.migrate ?? false, listenPort: port });
    problems.push(...(await dataProblems(app.services)));
  } catch (error) {
    problems.push(`the database could not be checked: ${(error as Error).message}`);
  }
  if (app && problems.length === 0) return app;
  console.error(refusal(problems));
  await app?.close();
  process.exit(1);
}
