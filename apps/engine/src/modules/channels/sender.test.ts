import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedAheadLimits } from './gates';
import { createThreadedTransport } from './sender';
import { ChannelTimeoutError } from './transport';

/** A channel that holds each call for `?ms=` and counts how many it holds at once. */
let server: Server;
let base = '';
let holding = 0;
let mostAtOnce = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      holding++;
      mostAtOnce = Math.max(mostAtOnce, holding);
      setTimeout(() => {
        holding--;
        res.writeHead(200, { 'content-type': 'application/json', 'x-echo': 'yes' });
        res.end(JSON.stringify({ got: body }));
      }, ms);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const gate = { code: 'ch-test', maxConcurrency: 4, ratePerSecond: 1000 };

describe('the channel sender thread', () => {
  it('makes the calls through its gates: never more at once than the channel allows', async () => {
    const transport = createThreadedTransport();
    try {
      mostAtOnce = 0;
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          transport({
            method: 'POST',
            url: `${base}/debit?ms=40`,
            headers: { 'content-type': 'application/json' },
            body: `{"n":${i}}`,
            timeoutMs: 5000,
            gate,
          }),
        ),
      );
      expect(mostAtOnce).toBe(4);
      expect(answers.map((a) => a.status)).toEqual(Array(24).fill(200));
      expect(answers.map((a) => JSON.parse(a.text) as unknown)).toEqual(
        Array.from({ length: 24 }, (_, i) => ({ got: `{"n":${i}}` })),
      );
      expect(answers[0]!.header('x-echo')).toBe('yes');
      expect(answers[0]!.header('x-absent')).toBeNull();
      // The exchange's own time: at least the channel's hold, not the wait for a slot
      // (24 calls through 4 slots of 40 ms wait up to 200 ms).
      for (const a of answers) {
        expect(a.latencyMs).toBeGreaterThanOrEqual(39);
        expect(a.latencyMs).toBeLessThan(190);
      }
    } finally {
      await transport.close();
    }
  });

  it('keeps the limits set from the main thread, reporting its calls out under them', async () => {
    const transport = createThreadedTransport();
    try {
      mostAtOnce = 0;
      const code = 'ch-limited';
      expect(transport.setLimits(code, { concurrency: 0, ratePerSecond: 1000 })).toBe(1);
      const calls = Array.from({ length: 6 }, () =>
        transport({
          method: 'POST',
          url: `${base}/debit?ms=30`,
          headers: {},
          body: '{}',
          timeoutMs: 5000,
          gate: { ...gate, code },
        }),
      );
      // The thread reports the limits applied (it starts in a moment)…
      await expect
        .poll(() => transport.gateState(code), { timeout: 5_000 })
        .toEqual({ inFlight: 0, version: 1 });
      // …and holds the calls at its gate, whatever their own configuration says (4 at once).
      await new Promise((r) => setTimeout(r, 100));
      expect(mostAtOnce).toBe(0);
      expect(transport.setLimits(code, { concurrency: 2, ratePerSecond: 1000 })).toBe(2);
      await Promise.all(calls);
      expect(mostAtOnce).toBe(2);
      await expect.poll(() => transport.gateState(code)).toEqual({ inFlight: 0, version: 2 });
    } finally {
      await transport.close();
    }
  });

  it('a channel that does not answer in time is a timeout (unknown), not another error', async () => {
    const transport = createThreadedTransport();
    try {
      const late = transport({
        method: 'POST',
        url: `${base}/debit?ms=400`,
        headers: {},
        body: '{}',
        timeoutMs: 100,
        gate,
      });
      await expect(late).rejects.toBeInstanceOf(ChannelTimeoutError);
      await expect(late).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      await transport.close();
    }
  });

  it('calls out when the thread is closed fail; a call made meanwhile goes to a new thread', async () => {
    const transport = createThreadedTransport();
    const out = transport({
      method: 'POST',
      url: `${base}/x?ms=300`,
      headers: {},
      timeoutMs: 5000,
    });
    await new Promise((r) => setTimeout(r, 50));
    const closing = transport.close();
    const meanwhile = transport({ method: 'GET', url: `${base}/x`, headers: {}, timeoutMs: 5000 });
    await closing;
    await expect(out).rejects.toThrow(/sender thread/);
    expect((await meanwhile).status).toBe(200);
    const again = await transport({
      method: 'GET',
      url: `${base}/x`,
      headers: {},
      timeoutMs: 5000,
    });
    expect(again.status).toBe(200);
    await transport.close();
  });

  it('signs at most twice a channel’s concurrency ahead of its gate', async () => {
    const signedAheadOf = createSignedAheadLimits();
    const limit = signedAheadOf(gate);
    let signed = 0;
    const release: (() => void)[] = [];
    const calls = Array.from({ length: 20 }, () =>
      limit(async () => {
        signed++;
        await new Promise<void>((r) => release.push(r));
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(signed).toBe(8);
    release.splice(0).forEach((r) => r());
    await new Promise((r) => setTimeout(r, 10));
    expect(signed).toBe(16);
    expect(signedAheadOf(gate)).toBe(limit);
    expect(signedAheadOf({ ...gate, maxConcurrency: 5 })).not.toBe(limit);
    for (;;) {
      release.splice(0).forEach((r) => r());
      if (signed === 20 && release.length === 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(calls);
  });
});
