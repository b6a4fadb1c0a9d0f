#!/usr/bin/env node
// `npm start` / `npm test` entry: make sure pnpm 10.34.9 and the locked dependencies are
// present (installing only what is missing), then hand over to the real script.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM_VERSION = '10.34.9';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const localPnpm = join(toolsDir, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

function globalPnpmVersion() {
  try {
    return execFileSync('pnpm', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function pnpmCommand() {
  if (globalPnpmVersion() === PNPM_VERSION) return ['pnpm'];
  if (!existsSync(localPnpm)) {
    console.log(`[repay] installing pnpm ${PNPM_VERSION} into .tools/`);
    run('npm', [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefix',
      toolsDir,
      `pnpm@${PNPM_VERSION}`,
    ]);
  }
  return [process.execPath, localPnpm];
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function dependenciesStale() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  if (!existsSync(marker)) return true;
  const lock = join(root, 'pnpm-lock.yaml');
  return existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs;
}

const task = process.argv[2];
if (!['start', 'test'].includes(task)) {
  console.error('usage: bootstrap.mjs start|test');
  process.exit(2);
}
const [pnpm, ...pre] = pnpmCommand();
if (dependenciesStale()) {
  console.log('[repay] installing dependencies from the lockfile');
  run(pnpm, [...pre, 'install', '--frozen-lockfile', '--prefer-offline', '--reporter=default']);
}
// Put the chosen pnpm first on PATH for child scripts.
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
if (pnpm === process.execPath) env.PATH = `${join(root, 'scripts', 'bin')}:${env.PATH}`;
run(pnpm, [...pre, 'run', task === 'start' ? 'start:all' : 'test:all'], { env });
