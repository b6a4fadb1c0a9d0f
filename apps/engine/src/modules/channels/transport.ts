// How adapters reach a channel: one request, its status, headers and body as text. Over
// HTTP it is undici's `request` on a keep-alive pool (several times cheaper per call than
// `fetch`, which matters at thousands of debits a second); benchmarks and tests may hand in
// a transport that calls the sandbox in-process.
import { Agent, request } from 'undici';

export interface ChannelRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface ChannelResponse {
  status: number;
  /** A header by its lower-case name; null when absent. */
  header(name: string): string | null;
  text: string;
}

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

export const httpTransport: ChannelTransport = async (req) => {
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
    return {
      status: res.statusCode,
      header: (name) => {
        const value = res.headers[name];
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      },
      text,
    };
  } catch (error) {
    if (isTimeout(error)) throw new ChannelTimeoutError((error as Error).message);
    throw error;
  }
};
