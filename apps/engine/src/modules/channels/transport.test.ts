import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelTimeoutError, httpExchange, httpTransport } from './transport';

let server: Server;
let base = '';
let received: { method?: string; url?: string; body: string; signature?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({
        method: req.method,
        url: req.url,
        body,
        signature: req.headers['x-signature'] as string | undefined,
      });
      const wait = req.url?.startsWith('/slow') ? 500 : 0;
      setTimeout(() => {
        res.writeHead(201, { 'content-type': 'application/json', 'x-answer': 'signed' });
        // Two writes: the answer comes in more than one chunk.
        res.write('{"msg":"成功",');
        res.end('"code":"0000"}');
      }, wait);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the HTTP exchange', () => {
  it('sends method, path, headers and body; answers status, headers and the whole text', async () => {
    received = [];
    const answer = await httpExchange({
      method: 'POST',
      url: `${base}/ch/a/debit?x=1`,
      headers: { 'content-type': 'application/json', 'x-signature': 'abc' },
      body: '{"amount":101000}',
      timeoutMs: 2000,
    });
    expect(received).toEqual([
      { method: 'POST', url: '/ch/a/debit?x=1', body: '{"amount":101000}', signature: 'abc' },
    ]);
    expect(answer.status).toBe(201);
    expect(answer.headers['x-answer']).toBe('signed');
    expect(JSON.parse(answer.text)).toEqual({ msg: '成功', code: '0000' });
    const viaTransport = await httpTransport({
      method: 'GET',
      url: base,
      headers: {},
      timeoutMs: 2000,
    });
    expect(viaTransport.header('content-type')).toBe('application/json');
    expect(viaTransport.header('x-none')).toBeNull();
  });

  it('an answer later than the time limit is a timeout (the answer itself would succeed)', async () => {
    const late = httpExchange({
      method: 'POST',
      url: `${base}/slow`,
      headers: {},
      body: '{}',
      timeoutMs: 150,
    });
    await expect(late).rejects.toBeInstanceOf(ChannelTimeoutError);
  });

  it('a refused connection is an error, not a timeout; a bad address is refused before sending', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const port = typeof address === 'object' && address ? address.port : 0;
    const refused = httpExchange({
      method: 'GET',
      url: `http://127.0.0.1:${port}/x`,
      headers: {},
      timeoutMs: 2000,
    });
    await expect(refused).rejects.toThrow();
    await expect(refused).rejects.not.toBeInstanceOf(ChannelTimeoutError);
    await expect(
      httpExchange({ method: 'GET', url: 'ftp://example/x', headers: {}, timeoutMs: 2000 }),
    ).rejects.toThrow(/not an HTTP address/);
  });
});
