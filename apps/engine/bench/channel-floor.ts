// The ceiling of the debits benchmark's HTTP part on this machine: the engine's own client
// (the sandbox adapter signing and verifying on this thread, the sender thread's gate and
// HTTP exchange) against a sandbox process with the same profile, with nothing else running:
// no database, no window. What the window reaches over HTTP is read against it.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox } from '@repay/channel-sandbox/server';
import { createSandboxAdapter, createThreadedTransport } from '../src/modules/channels/wiring';
import { startCpuMeter } from './cpu';
import { HTTP_PROFILE, startSandboxProcess } from './sandbox-process';

const CHANNEL = 'sandbox-a';

export async function measureChannelFloor(calls: number) {
  // The sandbox's state: one active agreement per call, as the debits benchmark hands over.
  const instances = defaultInstances();
  const seed = await buildSandbox({ instances });
  const channel = seed.channels.get(CHANNEL)!;
  for (let i = 0; i < calls; i++)
    channel.agreements.set(`PF${i}`, {
      protocolNo: `PF${i}`,
      cardNo: `62220203${String(i).padStart(7, '0')}0000`,
      bankCode: 'ICBC',
      status: 'active',
      createdAt: Date.now(),
    });
  const sandbox = await startSandboxProcess(seed.channels, CHANNEL);
  await seed.app.close();

  const gate = {
    code: CHANNEL,
    maxConcurrency: HTTP_PROFILE.maxConcurrency,
    ratePerSecond: HTTP_PROFILE.capacityPerSecond,
  };
  const threaded = createThreadedTransport();
  const adapter = createSandboxAdapter(
    { ...instances.find((i) => i.code === CHANNEL)!, baseUrl: sandbox.url, timeoutMs: 10_000 },
    Date.now,
    (req) => threaded({ ...req, gate }),
  );
  // Twice the channel's concurrency signed and waiting, as the engine keeps it.
  let next = 0;
  let succeeded = 0;
  let latencySum = 0;
  const started = performance.now();
  const cpu = startCpuMeter(sandbox.pid);
  async function lane() {
    while (next < calls) {
      const i = next++;
      const answer = await adapter.debit({
        orderId: `FLOOR-${i}`,
        protocolNo: `PF${i}`,
        amountFen: 1000n,
      });
      if (answer.resultClass === 'success') succeeded++;
      latencySum += answer.latencyMs ?? 0;
    }
  }
  await Promise.all(Array.from({ length: 2 * gate.maxConcurrency }, lane));
  const ms = performance.now() - started;
  const cpuSplit = cpu();
  await threaded.close();
  sandbox.stop();
  const perSecond = (calls / ms) * 1000;
  return {
    calls,
    succeeded,
    ms,
    perSecond,
    share: perSecond / HTTP_PROFILE.capacityPerSecond,
    roundTripMs: latencySum / calls,
    cpu: cpuSplit,
  };
}
