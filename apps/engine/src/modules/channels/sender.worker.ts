// The channel sender thread (sender.ts): calls in, each through its channel's gate and over
// HTTP, answers out in batches.
import { parentPort } from 'node:worker_threads';
import { createChannelGates, gated } from './gates';
import type { SenderMessage, SenderReply } from './sender';
import { httpExchange } from './transport';

const port = parentPort!;
const gates = createChannelGates();
const exchange = gated(httpExchange, gates);
let replies: SenderReply[] = [];
let reporting = false;

/** Answers go back in batches, one message per turn, with every gate's state. */
function report() {
  if (reporting) return;
  reporting = true;
  setImmediate(() => {
    reporting = false;
    const batch = replies;
    replies = [];
    port.postMessage({ replies: batch, gates: gates.states() });
  });
}

function reply(r: SenderReply) {
  replies.push(r);
  report();
}

port.on('message', ({ calls = [], limits = [] }: SenderMessage) => {
  for (const { code, limits: next, version } of limits) gates.setLimits(code, next, version);
  // The main thread learns the limits took effect, and how many calls they found out.
  if (limits.length > 0) report();
  for (const { id, req } of calls)
    exchange(req).then(
      (response) => reply({ id, response }),
      (error: Error) => reply({ id, error: { name: error.name, message: error.message } }),
    );
});
