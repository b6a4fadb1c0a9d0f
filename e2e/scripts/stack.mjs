#!/usr/bin/env node
// Starts a throw-away stack for the end-to-end suite: a fresh database (a new PostgreSQL
// database when DATABASE_URL is set, a temporary PGlite folder otherwise), the engine with a
// small demo seed and a pinned clock, and the built console.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const enginePort = process.env.E2E_ENGINE_PORT ?? '4410';
const adminPort = process.env.E2E_ADMIN_PORT ?? '3310';
const sandboxPort = process.env.E2E_SANDBOX_PORT ?? '4510';
const env = {
  ...process.env,
  REPAY_CLOCK: process.env.E2E_CLOCK ?? '2026-03-15T10:00:00+08:00',
  REPAY_ENGINE_URL: `http://127.0.0.1:${enginePort}`,
  REPAY_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
  // The console's origin here: the engine refuses tRPC mutations sent from any other.
  REPAY_CONSOLE_ORIGINS: `http://127.0.0.1:${adminPort}`,
  SANDBOX_STATE_FILE: 'memory',
  REPAY_LOG_LEVEL: 'warn',
};

if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  if (!['127.0.0.1', 'localhost', '::1', ''].includes(url.hostname))
    throw new Error('e2e refuses a non-local database');
  const name = `repay_e2e_${Date.now()}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
} else {
  env.REPAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'repay-e2e-'));
}

const children = [];
const run = (cmd, args, cwd) => {
  const child = spawn(cmd, args, { cwd, env, stdio: 'inherit' });
  child.on('exit', (code) => {
    for (const c of children) if (c !== child) c.kill('SIGTERM');
    process.exit(code ?? 1);
  });
  children.push(child);
};

// The channel sandbox first: the demo seed binds the demo cards there.
run('pnpm', ['sandbox', '--port', sandboxPort], root);
run(
  'pnpm',
  ['repay', 'serve', '--migrate', '--seed-demo-if-empty', '--loans', '90', '--port', enginePort],
  root,
);
for (let i = 0; i < 300; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${enginePort}/healthz`)).ok) break;
  } catch {
    // starting
  }
  await new Promise((r) => setTimeout(r, 500));
}
run('pnpm', ['exec', 'next', 'start', '-p', adminPort], join(root, 'apps/admin'));
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => children.forEach((c) => c.kill('SIGTERM')));
