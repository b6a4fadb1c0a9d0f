#!/usr/bin/env node
// `npm test`: typecheck, every package's vitest suite, the console build and the Playwright
// end-to-end suite; then one line `N passed, N failed` summing every runner.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.test-results');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const env = {
  ...process.env,
  TEST_RESULTS_DIR: outDir,
  TURBO_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'test',
};
const failures = [];

function step(label, cmd, args, opts = {}) {
  console.log(`\n[test] ${label}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env, ...opts });
  console.log(
    `[test] ${label}: ${r.status === 0 ? 'ok' : `exit ${r.status}`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) failures.push(label);
  return r.status === 0;
}

step('typecheck', 'pnpm', ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']);
step('lint', 'pnpm', ['exec', 'turbo', 'run', 'lint', '--output-logs=errors-only']);
step('unit + integration', 'pnpm', [
  'exec',
  'turbo',
  'run',
  'test',
  '--filter=!@repay/e2e',
  '--concurrency=1',
  '--continue',
]);
if (
  step('console build', 'pnpm', [
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=@repay/admin',
    '--output-logs=errors-only',
  ])
) {
  step('end-to-end', 'pnpm', ['--filter', '@repay/e2e', 'test']);
}

let passed = 0;
let failed = 0;
for (const file of readdirSync(outDir).filter((f) => f.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(outDir, file), 'utf8'));
  if (file.startsWith('vitest-')) {
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  } else if (file === 'playwright.json') {
    passed += (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
    failed += report.stats?.unexpected ?? 0;
  }
}
if (!existsSync(join(outDir, 'playwright.json')) && !failures.includes('end-to-end'))
  failures.push('end-to-end (no report)');
if (failures.length) console.log(`\n[test] failed steps: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures.length || failed ? 1 : 0);
