// How adapters reach a channel: one request, its status, headers and body as text. Over
// HTTP it is undici's `request` on a keep-alive pool (several times cheaper per call than
// `fetch`, which matters at thousands of debits a second); benchmarks and tests may hand in
// a transport that calls the sandbox in-process. A request may name the channel's gate
// (concurrency and rate): the transport that carries it then waits for a slot (gates.ts),
// on this thread or on the sender thread (sender.ts).
import { Agent, request } from 'undici';
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

/** One HTTP exchange, its answer as plain data; a channel that does not answer in time throws. */
export async function httpExchange(req: ChannelRequest): Promise<WireResponse> {
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: agent,
      // Not undici's headersTimeout: its timers tick in half seconds, so 400 ms waited ~900.
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const text = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? (value[0] ?? '') : value;
    return { status: res.statusCode, headers, text };
  } catch (error) {
    if (isTimeout(error)) throw new ChannelTimeoutError((error as Error).message);
    throw error;
  }
}

export const httpTransport: ChannelTransport = async (req) => responseOf(await httpExchange(req));
