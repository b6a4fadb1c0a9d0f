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
import type { GateControl, GateLimits, GateState } from './gates';
import {
  ChannelTimeoutError,
  responseOf,
  type ChannelRequest,
  type ChannelResponse,
  type WireResponse,
} from './transport';

/** Main → sender: calls to make. */
export type SenderCall = { id: number; req: ChannelRequest };
/** Main → sender: a channel's limits from now on (its gate's, in place of the configuration). */
export type SenderLimits = { code: string; limits: GateLimits; version: number };
export type SenderMessage = { calls?: SenderCall[]; limits?: SenderLimits[] };
/** Sender → main: what became of them. */
export type SenderReply =
  { id: number; response: WireResponse } | { id: number; error: { name: string; message: string } };
/** Sender → main: answers, and every gate's calls out under which limits. */
export type SenderReport = { replies: SenderReply[]; gates: [string, GateState][] };

function errorOf(error: { name: string; message: string }): Error {
  if (error.name === 'TimeoutError') return new ChannelTimeoutError(error.message);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

export interface ThreadedTransport extends GateControl {
  (req: ChannelRequest): Promise<ChannelResponse>;
  close(): Promise<void>;
}

type Waiting = { resolve: (r: ChannelResponse) => void; reject: (e: Error) => void };

/** A sender thread and the calls it has out. */
function startSender(onLost: () => void, onGates: (gates: [string, GateState][]) => void) {
  const calls = new Map<number, Waiting>();
  // A JavaScript entry that loads the TypeScript one (worker threads take no loader flags).
  const worker = new Worker(new URL('./sender.worker.mjs', import.meta.url));
  worker.on('message', ({ replies, gates }: SenderReport) => {
    onGates(gates);
    for (const reply of replies) {
      const call = calls.get(reply.id);
      if (!call) continue;
      calls.delete(reply.id);
      if ('response' in reply) call.resolve(responseOf(reply.response));
      else call.reject(errorOf(reply.error));
    }
    // An idle sender does not keep the process alive; one with calls out does.
    if (calls.size === 0) worker.unref();
  });
  /** Its calls out fail (the adapter answers them as unknown); later calls go to a new one. */
  const fail = (message: string) => {
    for (const { reject } of calls.values()) reject(new Error(message));
    calls.clear();
  };
  worker.on('error', (error) => {
    onLost();
    fail(`the channel sender thread failed: ${error.message}`);
  });
  worker.on('exit', (code) => {
    onLost();
    fail(`the channel sender thread exited (${code})`);
  });
  return {
    send(batch: (SenderCall & Waiting)[]) {
      for (const { id, resolve, reject } of batch) calls.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ calls: batch.map(({ id, req }) => ({ id, req })) });
    },
    setLimits(limits: SenderLimits[]) {
      worker.postMessage({ limits });
      // Its answer (the gates' state) keeps no one waiting.
      if (calls.size === 0) worker.unref();
    },
    async close() {
      await worker.terminate();
      fail('the channel sender thread was closed');
    },
  };
}

export function createThreadedTransport(): ThreadedTransport {
  let sender: ReturnType<typeof startSender> | undefined;
  let nextId = 1;
  let outgoing: (SenderCall & Waiting)[] = [];
  // The limits set for each channel, given again to a new thread; the gates' last report.
  const limits = new Map<string, SenderLimits>();
  let version = 0;
  const reported = new Map<string, GateState>();

  const current = () => {
    if (sender) return sender;
    const started = startSender(
      () => {
        if (sender === started) sender = undefined;
        // A new thread has no call out: its gates start from the limits set.
        for (const [code, state] of reported) reported.set(code, { ...state, inFlight: 0 });
      },
      (gates) => {
        for (const [code, state] of gates) reported.set(code, state);
      },
    );
    sender = started;
    if (limits.size > 0) started.setLimits([...limits.values()]);
    return started;
  };

  const transport = ((req: ChannelRequest) =>
    new Promise<ChannelResponse>((resolve, reject) => {
      if (outgoing.length === 0)
        queueMicrotask(() => {
          const batch = outgoing;
          outgoing = [];
          current().send(batch);
        });
      outgoing.push({ id: nextId++, req, resolve, reject });
    })) as ThreadedTransport;

  transport.setLimits = (code: string, next: GateLimits) => {
    const change = { code, limits: next, version: ++version };
    limits.set(code, change);
    // Before any call handed over after it (messages keep their order).
    current().setLimits([change]);
    return change.version;
  };
  transport.gateState = (code: string) => reported.get(code);

  transport.close = async () => {
    const closing = sender;
    sender = undefined;
    await closing?.close();
  };
  return transport;
}
