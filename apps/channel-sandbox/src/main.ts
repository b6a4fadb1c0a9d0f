// `pnpm sandbox [--port 4100]`: the channel sandbox on its own.
import { loadEnv } from './env';
import { defaultInstances } from './instances';
import { buildSandbox } from './server';

const env = loadEnv();
const flag = process.argv.indexOf('--port');
const port = flag > 0 ? Number(process.argv[flag + 1]) : env.SANDBOX_PORT;
const { app, channels } = await buildSandbox({
  instances: defaultInstances(env.SANDBOX_SECRET_PREFIX),
  logger: false,
});
await app.listen({ port, host: env.SANDBOX_HOST });
console.log(
  `[sandbox] channels ${[...channels.keys()].join(', ')} on http://${env.SANDBOX_HOST}:${port}`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void app.close().then(() => process.exit(0)));
