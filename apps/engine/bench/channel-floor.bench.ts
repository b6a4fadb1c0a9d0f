// `pnpm bench channel-floor [-- --calls N]`: the ceiling of `pnpm bench debits`' HTTP part on
// this machine (channel-floor.ts): the engine's client against the same sandbox process and
// profile (100 ms, 200 at once, capacity 2,000/s) with no database and no window.
import { availableParallelism } from 'node:os';
import { measureChannelFloor } from './channel-floor';
import { perCall } from './cpu';

const flag = process.argv.indexOf('--calls');
const floor = await measureChannelFloor(flag > 0 ? Number(process.argv[flag + 1]) : 100_000);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `channel floor (100 ms, capacity 2,000/s, no database): ${fmt(floor.calls)} debits (${fmt(floor.succeeded)} succeeded) in ${(floor.ms / 1000).toFixed(1)} s = ${fmt(floor.perSecond)}/s, ${(floor.share * 100).toFixed(1)} % of capacity; mean round trip ${Math.round(floor.roundTripMs)} ms`,
);
console.log(`CPU per call: ${perCall(floor.cpu, floor.calls, availableParallelism()).text}`);
