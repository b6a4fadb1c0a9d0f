#!/usr/bin/env node
// `pnpm bench <name>`: run one benchmark. Each prints its own figures and ratio.
import { spawnSync } from 'node:child_process';

const BENCHES = {
  rules: ['--filter', '@repay/rules', 'run', 'bench'],
  debits: ['--filter', '@repay/engine', 'run', 'bench'],
};
const name = process.argv[2];
if (!name || !(name in BENCHES)) {
  console.error(`usage: pnpm bench <${Object.keys(BENCHES).join('|')}>`);
  process.exit(2);
}
const r = spawnSync('pnpm', ['--silent', ...BENCHES[name]], { stdio: 'inherit' });
process.exit(r.status ?? 1);
