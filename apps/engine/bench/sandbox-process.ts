// The channel sandbox in a process of its own for the HTTP benchmarks (a channel is another
// machine): started from a seed file (its agreements), then keeping its state in memory, with
// the benchmarks' profile: 100 ms latency, 200 calls at once, no notifications.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveState } from '@repay/channel-sandbox/persistence';
import type { buildSandbox } from '@repay/channel-sandbox/server';
import { freePort } from '../src/testing/free-port';

type SandboxChannels = Awaited<ReturnType<typeof buildSandbox>>['channels'];

export const HTTP_PROFILE = { latencyMs: 100, maxConcurrency: 200, capacityPerSecond: 2_000 };

/** A sandbox process seeded with these channels' state; `instance` gets the HTTP profile. */
export async function startSandboxProcess(channels: SandboxChannels, instance: string) {
  const dir = mkdtempSync(join(tmpdir(), 'repay-bench-'));
  const stateFile = join(dir, 'sandbox-state.json');
  saveState(stateFile, channels, []);
  const port = await freePort();
  const child = spawn(
    'node',
    ['--import', 'tsx', 'src/main.ts', '--port', String(port), '--seed-file', stateFile],
    { cwd: fileURLToPath(new URL('../../channel-sandbox/', import.meta.url)), stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const healthy = () =>
    fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
  for (let i = 0; !(await healthy()); i++) {
    if (i > 200) throw new Error('the sandbox did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  await fetch(`${url}/admin/instances/${instance}/profile`, {
    method: 'PUT',
    body: JSON.stringify({
      latencyMs: { min: HTTP_PROFILE.latencyMs, max: HTTP_PROFILE.latencyMs },
      maxConcurrency: HTTP_PROFILE.maxConcurrency,
      notify: { enabled: false },
    }),
  });
  return {
    url,
    /** Its process (CPU read off /proc: bench/cpu.ts). */
    pid: child.pid,
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
