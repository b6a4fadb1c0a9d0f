// `pnpm sandbox [--port 4100] [--state-file F]`: the channel sandbox on its own.
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
const stateFile = stateSetting === 'memory' ? undefined : (stateSetting ?? defaultStateFile);
const { app, channels } = await buildSandbox({
  instances: defaultInstances(env.SANDBOX_SECRET_PREFIX),
  logger: false,
  stateFile,
});
await app.listen({ port, host: env.SANDBOX_HOST });
console.log(
  `[sandbox] channels ${[...channels.keys()].join(', ')} on http://${env.SANDBOX_HOST}:${port}` +
    (stateFile ? ` (state in ${stateFile})` : ' (state in memory)'),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void app.close().then(() => process.exit(0)));
