#!/usr/bin/env node
// Runs vitest in the current package and records its counts for scripts/test-all.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const name = process.argv[2] ?? 'package';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.env.TEST_RESULTS_DIR ?? join(root, '.test-results');
mkdirSync(outDir, { recursive: true });
const result = spawnSync(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(outDir, `vitest-${name}.json`)}`,
    ...process.argv.slice(3),
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
