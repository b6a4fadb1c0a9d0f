// HTTP calls to the channels on a thread of their own. A window keeps the main thread busy
// with its batches (statements, allocation, garbage collection) for milliseconds at a time;
// an answer that arrives meanwhile would hold its channel slot until the thread is free, and
// a channel's capacity is its slots (100 ms calls at 200 at once: 2,000/s). On the sender
// thread the gates (concurrency, rate) and the exchanges run on an event loop that does
// nothing else, so a slot is given back as soon as its answer is in. Signing, verifying and
// classifying stay with the adapter on the main thread; only the wire moves.
//
// Requests and answers cross in batches (one message per turn of either event loop). If the
// thread dies, its calls fail as transport errors, which the adapter answers as unknown
// (pending, queried later: never failed), and the next call starts a new thread.
import { Worker } from 'node:worker_threads';
import {
  ChannelTimeoutError,
  responseOf,
  type ChannelRequest,
  type ChannelResponse,
  type WireResponse,
} from './transport';

/** Main → sender: calls to make. */
export type SenderCall = { id: number; req: ChannelRequest };
/** Sender → main: what became of them. */
export type SenderReply =
  { id: number; response: WireResponse } | { id: number; error: { name: string; message: string } };

function errorOf(error: { name: string; message: string }): Error {
  if (error.name === 'TimeoutError') return new ChannelTimeoutError(error.message);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

export interface ThreadedTransport {
  (req: ChannelRequest): Promise<ChannelResponse>;
  close(): Promise<void>;
}

export function createThreadedTransport(): ThreadedTransport {
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<
    number,
    { resolve: (r: ChannelResponse) => void; reject: (e: Error) => void }
  >();
  let outgoing: SenderCall[] = [];

  function failAll(message: string) {
    for (const { reject } of waiting.values()) reject(new Error(message));
    waiting.clear();
  }

  function started(): Worker {
    if (worker) return worker;
    // A JavaScript entry that loads the TypeScript one (worker threads take no loader flags).
    const w = new Worker(new URL('./sender.worker.mjs', import.meta.url));
    w.on('message', (replies: SenderReply[]) => {
      for (const reply of replies) {
        const call = waiting.get(reply.id);
        if (!call) continue;
        waiting.delete(reply.id);
        if ('response' in reply) call.resolve(responseOf(reply.response));
        else call.reject(errorOf(reply.error));
      }
      // An idle sender does not keep the process alive; one with calls out does.
      if (waiting.size === 0) w.unref();
    });
    const lost = (why: string) => {
      if (worker === w) worker = undefined;
      failAll(`the channel sender thread ${why}`);
    };
    w.on('error', (error) => lost(`failed: ${error.message}`));
    w.on('exit', (code) => lost(`exited (${code})`));
    worker = w;
    return w;
  }

  const transport = ((req: ChannelRequest) =>
    new Promise<ChannelResponse>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      if (outgoing.length === 0)
        queueMicrotask(() => {
          const batch = outgoing;
          outgoing = [];
          const w = started();
          w.ref();
          w.postMessage(batch);
        });
      outgoing.push({ id, req });
    })) as ThreadedTransport;

  transport.close = async () => {
    const w = worker;
    worker = undefined;
    if (w) await w.terminate();
    failAll('the channel sender thread was closed');
  };
  return transport;
}
