#!/usr/bin/env node
// `npm start`: build the console if needed, start the engine (migrating and seeding the demo on
// first run), the channel sandbox and the console, print where to go. Ctrl-C stops them all.
// Always the sandbox: demo users and key, development keys. Production is `pnpm repay serve`
// with REPAY_ENV=production, which refuses all of that.
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const enginePort = Number(process.env.REPAY_ENGINE_PORT ?? 4000);
const adminPort = Number(process.env.REPAY_ADMIN_PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4100);
if (process.env.REPAY_ENV === 'production') {
  console.error(
    '[repay] npm start is the sandbox (demo users, demo API key, development keys): unset REPAY_ENV, or run `pnpm repay serve` for production',
  );
  process.exit(1);
}
const env = {
  ...process.env,
  REPAY_ENV: 'sandbox',
  TURBO_TELEMETRY_DISABLED: '1',
  REPAY_ENGINE_URL: `http://127.0.0.1:${enginePort}`,
  REPAY_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
  // The console's origins: the engine refuses tRPC mutations sent from any other.
  REPAY_CONSOLE_ORIGINS:
    process.env.REPAY_CONSOLE_ORIGINS ??
    `http://localhost:${adminPort},http://127.0.0.1:${adminPort}`,
  // The sandbox remembers its agreements and orders next to the engine's embedded database,
  // so that deleting .data resets both together.
  SANDBOX_STATE_FILE:
    process.env.SANDBOX_STATE_FILE ??
    join(process.env.REPAY_DATA_DIR ?? join(root, '.data'), 'sandbox-state.json'),
};

console.log('[repay] building the console (cached after the first time)…');
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@repay/admin', '--output-logs=errors-only'],
  { cwd: root, env, stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const children = [];
function start(name, cmd, args, cwd) {
  const child = spawn(cmd, args, { cwd, env, stdio: 'inherit' });
  child.on('exit', (code) => {
    console.log(`[repay] ${name} exited (${code}); stopping`);
    for (const c of children) if (c !== child) c.kill('SIGTERM');
    process.exit(code ?? 1);
  });
  children.push(child);
  return child;
}

async function waitForEngine() {
  for (let i = 0; i < 900; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${enginePort}/healthz`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('engine did not become healthy');
}

// The channel sandbox stands in for the payment channels (apps/channel-sandbox).
start('sandbox', 'pnpm', ['sandbox', '--port', String(sandboxPort)], root);
start(
  'engine',
  'pnpm',
  ['repay', 'serve', '--migrate', '--seed-demo-if-empty', '--port', String(enginePort)],
  root,
);
await waitForEngine();
start(
  'console',
  'pnpm',
  ['exec', 'next', 'start', '-p', String(adminPort)],
  join(root, 'apps/admin'),
);
console.log(`
  Repay is running in sandbox mode: demo users and API key, development encryption keys.
  For trying it out only; production runs \`pnpm repay serve\` with REPAY_ENV=production.
    console   http://localhost:${adminPort}     (demo users: admin, ops, finance, pm, auditor; password repay123)
    engine    http://localhost:${enginePort}/healthz
    REST API  http://localhost:${enginePort}/api/docs   (demo API key rk_demo / secret demo-secret)
    sandbox   http://localhost:${sandboxPort}/          (channel sandbox: cards, SMS codes, transactions, knobs)
    data      ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : (process.env.REPAY_DATA_DIR ?? join(root, '.data'))}
  Ctrl-C stops them all.
`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const c of children) c.kill('SIGTERM');
  });
}
