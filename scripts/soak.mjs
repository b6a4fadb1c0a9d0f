#!/usr/bin/env node
// `pnpm soak [--rounds 100] [--seeds 5] [--first-seed 1] [--kill-percent 25]`: the debit
// reliability test (two engine workers per window against the sandbox over HTTP, randomized
// latency, pending, busy and timeout ratios, duplicate and out-of-order notifications; on
// PostgreSQL, in --kill-percent of the rounds, two more engine processes start the window and
// are killed with SIGKILL mid-window; invariants checked after every round) run for many rounds
// under several seeds, one after the other. On PostgreSQL when DATABASE_URL is set, else on
// PGlite (no kills: one process). Stops at the first failing seed and names it, so that
// `REPAY_RELIABILITY_SEED=<seed>` reproduces it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback, least = 1, most = Infinity) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < least || value > most) {
    console.error(
      `--${name} is a whole number from ${least}${most < Infinity ? ` to ${most}` : ''}`,
    );
    process.exit(2);
  }
  return value;
};
const rounds = arg('rounds', 100);
const seeds = arg('seeds', 5);
const firstSeed = arg('first-seed', 1);
const killPercent = arg('kill-percent', 25, 0, 100);
const engine = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'engine');

const started = Date.now();
for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
  console.log(`[soak] seed ${seed}: ${rounds} rounds, kills in ${killPercent} % of them`);
  const run = spawnSync(
    'pnpm',
    ['exec', 'vitest', 'run', 'src/modules/debits/debits.reliability.integration.test.ts'],
    {
      cwd: engine,
      stdio: 'inherit',
      env: {
        ...process.env,
        REPAY_RELIABILITY_ROUNDS: String(rounds),
        REPAY_RELIABILITY_SEED: String(seed),
        REPAY_RELIABILITY_KILL_SHARE: String(killPercent / 100),
      },
    },
  );
  if (run.status !== 0) {
    console.error(`[soak] seed ${seed} FAILED: rerun with REPAY_RELIABILITY_SEED=${seed}`);
    process.exit(1);
  }
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(`[soak] ${seeds} seeds × ${rounds} rounds passed in ${minutes} min`);
