// How adapters reach a channel: one request, its status, headers and body as text. Over
// HTTP it is undici's `dispatch` on a keep-alive pool (several times cheaper per call than
// `fetch`, which matters at thousands of debits a second); benchmarks and tests may hand in
// a transport that calls the sandbox in-process. A request may name the channel's gate
// (concurrency and rate): the transport that carries it then waits for a slot (gates.ts),
// on this thread or on the sender thread (sender.ts).
import { Agent, type Dispatcher } from 'undici';
import type { GateConfig } from './gates';

export interface ChannelRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The channel's limits this call counts against; none: sent at once. */
  gate?: GateConfig;
}

export interface ChannelResponse {
  status: number;
  /** A header by its lower-case name; null when absent. */
  header(name: string): string | null;
  text: string;
  /** How long the exchange itself took, without the wait for a slot (gated calls only). */
  latencyMs?: number;
}

/** A response as plain data (it crosses from the sender thread); headers by lower-case name. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  latencyMs?: number;
}

export const responseOf = (wire: WireResponse): ChannelResponse => ({
  status: wire.status,
  header: (name) => wire.headers[name] ?? null,
  text: wire.text,
  latencyMs: wire.latencyMs,
});

export type ChannelTransport = (req: ChannelRequest) => Promise<ChannelResponse>;

/** The error a transport throws when the channel did not answer in time. */
export class ChannelTimeoutError extends Error {
  override name = 'TimeoutError';
}

const agent = new Agent({ keepAliveTimeout: 10_000, connections: 256 });

function isTimeout(error: unknown): boolean {
  const e = error as { name?: string; code?: string };
  return (
    e.name === 'TimeoutError' ||
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_BODY_TIMEOUT'
  );
}

const ORIGIN_AND_PATH = /^(https?:\/\/[^/]+)(\/.*)?$/;

/**
 * One HTTP exchange, its answer as plain data; a channel that does not answer in time throws.
 * undici's `dispatch` with a plain handler: the answer's chunks are collected as they come,
 * without the body stream and the AbortSignal that `request` makes for every call.
 */
export function httpExchange(req: ChannelRequest): Promise<WireResponse> {
  const address = ORIGIN_AND_PATH.exec(req.url);
  if (!address) return Promise.reject(new Error(`not an HTTP address: ${req.url}`));
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let controller: Dispatcher.DispatchController | undefined;
    let done = false;
    const finish = (error: Error | undefined, response?: WireResponse) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) reject(isTimeout(error) ? new ChannelTimeoutError(error.message) : error);
      else resolve(response!);
    };
    // The channel's time limit runs from the moment the call is handed to the pool.
    const timer = setTimeout(() => {
      const timeout = new ChannelTimeoutError(`no answer within ${req.timeoutMs} ms`);
      controller?.abort(timeout);
      finish(timeout);
    }, req.timeoutMs);
    try {
      agent.dispatch(
        {
          origin: address[1]!,
          path: address[2] ?? '/',
          method: req.method,
          headers: req.headers,
          body: req.body ?? null,
        },
        {
          onRequestStart(c) {
            controller = c;
            // Out of time while it waited for a connection: it is not sent at all.
            if (done) c.abort(new ChannelTimeoutError('out of time before it was sent'));
          },
          onResponseStart(_c, statusCode, responseHeaders) {
            status = statusCode;
            headers = {};
            for (const [name, value] of Object.entries(responseHeaders))
              if (value !== undefined)
                headers[name] = Array.isArray(value) ? (value[0] ?? '') : value;
          },
          onResponseData(_c, chunk) {
            chunks.push(chunk);
          },
          onResponseEnd() {
            finish(undefined, { status, headers, text: Buffer.concat(chunks).toString('utf8') });
          },
          onResponseError(_c, error) {
            finish(error);
          },
        },
      );
    } catch (error) {
      // Refused before anything was sent (a malformed request).
      finish(error as Error);
    }
  });
}

export const httpTransport: ChannelTransport = async (req) => responseOf(await httpExchange(req));
