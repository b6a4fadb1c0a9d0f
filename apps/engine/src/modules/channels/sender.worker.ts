// The channel sender thread (sender.ts): calls in, each through its channel's gate and over
// HTTP, answers out in batches.
import { parentPort } from 'node:worker_threads';
import { gated } from './gates';
import type { SenderCall, SenderReply } from './sender';
import { httpExchange } from './transport';

const port = parentPort!;
const exchange = gated(httpExchange);
let replies: SenderReply[] = [];

function reply(r: SenderReply) {
  if (replies.length === 0)
    setImmediate(() => {
      const batch = replies;
      replies = [];
      port.postMessage(batch);
    });
  replies.push(r);
}

port.on('message', (calls: SenderCall[]) => {
  for (const { id, req } of calls)
    exchange(req).then(
      (response) => reply({ id, response }),
      (error: Error) => reply({ id, error: { name: error.name, message: error.message } }),
    );
});
