// A payout worker as its own process, for tests that kill one (payouts.crash.integration.test.ts):
// opens the engine on DATABASE_URL (REPAY_CLOCK as usual) and sends queued payouts from
// `--loops N` dispatch loops at once, so that several payouts are at the channels together.
// Each round prints one JSON line; a loop stops when a round of it moved nothing.
//   node --import tsx src/testing/payout-worker.ts --loops 4
import { openApp } from '../app';

const at = process.argv.indexOf('--loops');
const loops = at === -1 ? 1 : Number(process.argv[at + 1]);
if (!Number.isInteger(loops) || loops < 1) throw new Error('--loops takes a whole number ≥ 1');

const app = await openApp();
try {
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      for (let round = 1; ; round++) {
        const counts = await app.services.payouts.dispatch();
        console.log(JSON.stringify({ loop, round, ...counts }));
        if (counts.sent + counts.failed === 0) return;
      }
    }),
  );
} finally {
  await app.close();
}
