#!/usr/bin/env node
// `pnpm bench <name>`: run one benchmark. Each prints its own figures and ratio.
import { spawnSync } from 'node:child_process';

const BENCHES = {
  rules: ['--filter', '@repay/rules', 'run', 'bench'],
  debits: ['--filter', '@repay/engine', 'run', 'bench'],
  accrual: ['--filter', '@repay/engine', 'run', 'bench:accrual'],
  'channel-floor': ['--filter', '@repay/engine', 'run', 'bench:channel-floor'],
  recon: ['--filter', '@repay/engine', 'run', 'bench:recon'],
  payouts: ['--filter', '@repay/engine', 'run', 'bench:payouts'],
  dashboard: ['--filter', '@repay/engine', 'run', 'bench:dashboard'],
};
const name = process.argv[2];
if (!name || !(name in BENCHES)) {
  console.error(`usage: pnpm bench <${Object.keys(BENCHES).join('|')}>`);
  process.exit(2);
}
// Everything after the name goes to the benchmark (`pnpm bench debits -- --installments 5000`).
const extra = process.argv.slice(3).filter((a) => a !== '--');
const r = spawnSync('pnpm', ['--silent', ...BENCHES[name], '--', ...extra], { stdio: 'inherit' });
process.exit(r.status ?? 1);
