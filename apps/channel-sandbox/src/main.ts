// `pnpm sandbox [--port 4100] [--state-file F | --seed-file F]`: the channel sandbox on its own.
import { fileURLToPath } from 'node:url';
import { loadEnv } from './env';
import { defaultInstances } from './instances';
import { buildSandbox } from './server';

const env = loadEnv();
const flag = process.argv.indexOf('--port');
const port = flag > 0 ? Number(process.argv[flag + 1]) : env.SANDBOX_PORT;
const defaultStateFile = fileURLToPath(
  new URL('../../../.data/sandbox-state.json', import.meta.url),
);
const stateFlag = process.argv.indexOf('--state-file');
const stateSetting = stateFlag > 0 ? process.argv[stateFlag + 1] : env.SANDBOX_STATE_FILE;
// `--seed-file F`: start from F, keep the state in memory (nothing is written back).
const seedFlag = process.argv.indexOf('--seed-file');
const seedFile = seedFlag > 0 ? process.argv[seedFlag + 1] : undefined;
const stateFile =
  seedFile !== undefined || stateSetting === 'memory'
    ? undefined
    : (stateSetting ?? defaultStateFile);
const { app, channels } = await buildSandbox({
  instances: defaultInstances(env.SANDBOX_SECRET_PREFIX),
  logger: false,
  stateFile,
  seedFile,
});
await app.listen({ port, host: env.SANDBOX_HOST });
console.log(
  `[sandbox] channels ${[...channels.keys()].join(', ')} on http://${env.SANDBOX_HOST}:${port}` +
    (stateFile
      ? ` (state in ${stateFile})`
      : seedFile
        ? ` (state from ${seedFile}, then in memory)`
        : ' (state in memory)'),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void app.close().then(() => process.exit(0)));
