// The sandbox HTTP server: signed JSON endpoints per instance (/ch/<code>/...), the
// statement file, and an unsigned admin surface for its page and for tests.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { maskCard } from './cards';
import { SandboxChannel, type Answer } from './channel';
import { createNotifier } from './notify';
import { sandboxPage } from './page';
import {
  HEADER_MERCHANT,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  sign,
  timestampFresh,
  verify,
} from './protocol';
import { loadState, saveState } from './persistence';
import { statementCsv } from './statement';
import type { InstanceConfig, Profile, SmsRecord } from './state';
import { VOCABULARIES } from './vocabularies';

const IN_PROCESS_PATH = /^[a-z]+:\/\/[^/]+\/ch\/([^/?#]+)\/([^?#]+)/i;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const digits = (min: number, max: number) => z.string().regex(new RegExp(`^\\d{${min},${max}}$`));
const amount = z.number().int().positive().max(100_000_000_00);
const orderId = z.string().regex(/^[A-Za-z0-9_\-:.]{1,64}$/);
const notifyUrl = z.url().optional();

const SCHEMAS = {
  'bind/pre': z.object({
    cardNo: digits(12, 19),
    name: z.string().min(1).max(40),
    idNo: z.string().min(15).max(18),
    mobile: digits(11, 11),
    bankCode: z.string().min(2).max(10),
  }),
  'bind/confirm': z.object({ bindToken: z.string().min(1), smsCode: z.string().min(4).max(8) }),
  unbind: z.object({ protocolNo: z.string().min(1) }),
  debit: z.object({ orderId, protocolNo: z.string().min(1), amount, notifyUrl }),
  payout: z.object({
    orderId,
    accountNo: digits(8, 30),
    accountName: z.string().min(1).max(60),
    bankCode: z.string().min(2).max(10),
    amount,
    notifyUrl,
  }),
  query: z.object({ orderId }),
} as const;
type Operation = keyof typeof SCHEMAS;
/** The admin balance: whole fen, never negative. */
const BALANCE = z.object({ balance: z.number().int().min(0) });

export interface SandboxOptions {
  instances: InstanceConfig[];
  /** The channel's clock: when its orders are made and finished (its statements' dates). */
  now?: () => number;
  /**
   * The clock a request's signed timestamp must be close to (default: `now`). A sandbox on a
   * test's business clock takes an engine's requests, which are signed at the wall clock.
   */
  signatureNow?: () => number;
  logger?: boolean;
  /** Keep state in this JSON file across restarts (memory only without it). */
  stateFile?: string;
  /**
   * Start from this state file but keep the state in memory only (benchmarks hand over
   * agreements this way: writing 100,000 orders back every second stalls the channel).
   */
  seedFile?: string;
}

export interface Sandbox {
  app: FastifyInstance;
  channels: Map<string, SandboxChannel>;
  /** The signed channel endpoints in-process (benchmarks). */
  transport: (req: InProcessRequest) => Promise<InProcessResponse>;
}

export interface InProcessRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface InProcessResponse {
  status: number;
  header(name: string): string | null;
  text: string;
}

interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function buildSandbox(options: SandboxOptions): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const signatureNow = options.signatureNow ?? now;
  const sms: SmsRecord[] = [];
  const notifier = createNotifier(now);
  const channels = new Map<string, SandboxChannel>();
  for (const config of options.instances) {
    const channel: SandboxChannel = new SandboxChannel(config, now, sms, (order) =>
      notifier.send(
        order,
        channel.profile,
        VOCABULARIES[config.vocabulary],
        config.merchant,
        config.secret,
      ),
    );
    channels.set(config.code, channel);
  }

  const app = Fastify({ logger: options.logger ?? false });
  // Keep the raw body: signatures are over the exact bytes.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  const { stateFile, seedFile } = options;
  if (stateFile) loadState(stateFile, channels, sms);
  else if (seedFile) loadState(seedFile, channels, sms);
  let dirty = false;
  const tick = setInterval(() => {
    for (const c of channels.values()) c.settleDue();
  }, 250);
  tick.unref();
  const saver = stateFile
    ? setInterval(() => {
        if (!dirty) return;
        dirty = false;
        saveState(stateFile, channels, sms);
      }, 1000)
    : null;
  saver?.unref();
  if (stateFile)
    app.addHook('onResponse', (req, _res, done) => {
      if (req.method !== 'GET') dirty = true;
      done();
    });
  app.addHook('onClose', (_instance, done) => {
    clearInterval(tick);
    if (saver) clearInterval(saver);
    if (stateFile) saveState(stateFile, channels, sms);
    done();
  });

  function reply(res: FastifyReply, channel: SandboxChannel, answer: Answer) {
    const exchange = signed(channel, answer, res.statusCode);
    return res.headers(exchange.headers).send(exchange.body);
  }

  /** Signature, merchant and freshness first; nothing else happens for a forged request. */
  function authentic(
    channel: SandboxChannel,
    header: (name: string) => string,
    raw: string,
  ): boolean {
    return (
      header(HEADER_MERCHANT) === channel.config.merchant &&
      timestampFresh(header(HEADER_TIMESTAMP), signatureNow()) &&
      verify(channel.config.secret, header(HEADER_TIMESTAMP), raw, header(HEADER_SIGNATURE))
    );
  }

  const authenticate = (req: FastifyRequest, channel: SandboxChannel, raw: string) =>
    authentic(channel, (name) => String(req.headers[name] ?? ''), raw);

  const channelOf = (req: FastifyRequest) =>
    channels.get((req.params as { instance: string }).instance);

  /** A signed answer as status, headers and body (the HTTP route and in-process callers). */
  function signed(channel: SandboxChannel, answer: Answer, status = 200): Exchange {
    const { code, msg } = VOCABULARIES[channel.config.vocabulary][answer.outcome];
    const body = JSON.stringify({ code, msg, ...answer.data });
    const timestamp = String(Math.floor(now() / 1000));
    return {
      status,
      headers: {
        [HEADER_TIMESTAMP]: timestamp,
        [HEADER_SIGNATURE]: sign(channel.config.secret, timestamp, body),
        'content-type': 'application/json',
      },
      body,
    };
  }

  /** One signed operation of an instance, whatever carried it. */
  async function handle(
    instance: string,
    operation: Operation,
    headers: Record<string, string | undefined>,
    raw: string,
  ): Promise<Exchange> {
    const channel = channels.get(instance);
    if (!channel)
      return {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: 'no such channel instance' }),
      };
    if (!authentic(channel, (name) => headers[name] ?? '', raw))
      return signed(channel, { outcome: 'SIGNATURE_ERROR' }, 401);
    if (channel.profile.outage) return signed(channel, { outcome: 'MAINTENANCE' });
    if (
      channel.inFlight >= channel.profile.maxConcurrency ||
      ((operation === 'debit' || operation === 'payout') && channel.turnsAway())
    ) {
      channel.busyAnswers++;
      return signed(channel, { outcome: 'BUSY' });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return signed(channel, { outcome: 'PARAM_ERROR', data: { reason: 'body is not JSON' } });
    }
    const input = SCHEMAS[operation].safeParse(parsed);
    if (!input.success) {
      const issue = input.error.issues[0]!;
      return signed(channel, {
        outcome: 'PARAM_ERROR',
        data: { reason: `${issue.path.join('.')}: ${issue.message}` },
      });
    }
    channel.inFlight++;
    channel.peakInFlight = Math.max(channel.peakInFlight, channel.inFlight);
    try {
      const latency = channel.latency();
      if (latency > 0) await sleep(latency);
      const answer = run(channel, operation, input.data);
      if (answer.holdMs) await sleep(answer.holdMs);
      return signed(channel, answer);
    } finally {
      channel.inFlight--;
    }
  }

  for (const operation of Object.keys(SCHEMAS) as Operation[]) {
    app.post(`/ch/:instance/${operation}`, async (req, res) => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
      );
      const raw = typeof req.body === 'string' ? req.body : '';
      const exchange = await handle(
        (req.params as { instance: string }).instance,
        operation,
        headers,
        raw,
      );
      return res.code(exchange.status).headers(exchange.headers).send(exchange.body);
    });
  }

  /**
   * The same signed endpoints without a socket (benchmarks of the engine path: the adapter's
   * signing, parsing and classification run; the network does not). The shape of the
   * engine's channel transport: one request in, status, headers and body out.
   */
  const transport = async (req: InProcessRequest): Promise<InProcessResponse> => {
    // The path read off the URL as it comes (scheme://host/ch/<instance>/<operation>): a URL
    // object per call costs more than the rest of the routing.
    const match = IN_PROCESS_PATH.exec(req.url);
    const operation = match?.[2] as Operation | undefined;
    if (!match || !operation || !(operation in SCHEMAS) || req.method !== 'POST')
      throw new Error(`${req.method} ${req.url} is not served in-process`);
    const exchange = await handle(match[1]!, operation, req.headers, req.body ?? '');
    if (stateFile) dirty = true;
    return {
      status: exchange.status,
      header: (name) => exchange.headers[name] ?? null,
      text: exchange.body,
    };
  };

  app.get('/ch/:instance/balance', async (req, res) => {
    const channel = channelOf(req);
    if (!channel) return res.code(404).send({ error: 'no such channel instance' });
    if (!authenticate(req, channel, ''))
      return reply(res.code(401), channel, { outcome: 'SIGNATURE_ERROR' });
    return reply(res, channel, {
      outcome: 'SUCCESS',
      data: { balance: channel.accountBalanceFen },
    });
  });

  app.get('/ch/:instance/statement', async (req, res) => {
    const channel = channelOf(req);
    if (!channel) return res.code(404).send({ error: 'no such channel instance' });
    if (!authenticate(req, channel, ''))
      return reply(res.code(401), channel, { outcome: 'SIGNATURE_ERROR' });
    const date = (req.query as { date?: string }).date ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      return reply(res, channel, { outcome: 'PARAM_ERROR', data: { reason: 'date: YYYY-MM-DD' } });
    return res
      .type('text/csv; charset=utf-8')
      .send(statementCsv(channel.config.code, date, channel.orders.values()));
  });

  // Admin surface (no signature: the sandbox's own page and tests). Never card numbers in clear.
  app.get('/admin/state', () => ({
    instances: [...channels.values()].map((c) => ({
      code: c.config.code,
      merchant: c.config.merchant,
      vocabulary: c.config.vocabulary,
      banks: c.config.banks,
      profile: c.profile,
      peakInFlight: c.peakInFlight,
      busyAnswers: c.busyAnswers,
      accountBalance: c.accountBalanceFen,
      agreements: [...c.agreements.values()].map((a) => ({ ...a, cardNo: maskCard(a.cardNo) })),
      orders: [...c.orders.values()]
        .slice(-200)
        .map((o) => ({ ...o, cardNo: maskCard(o.cardNo), paramsKey: undefined })),
    })),
    sms: sms
      .slice(-100)
      .map((s) => ({ ...s, mobile: `${s.mobile.slice(0, 3)}****${s.mobile.slice(-4)}` })),
    notifications: notifier.log.slice(-100),
  }));
  app.put('/admin/instances/:instance/profile', async (req, res) => {
    const channel = channelOf(req);
    if (!channel) return res.code(404).send({ error: 'no such channel instance' });
    let patch: Partial<Profile>;
    try {
      patch = JSON.parse(typeof req.body === 'string' ? req.body : '{}') as Partial<Profile>;
    } catch {
      return res.code(400).send({ error: 'body is not JSON' });
    }
    channel.profile = {
      ...channel.profile,
      ...patch,
      notify: { ...channel.profile.notify, ...patch.notify },
    };
    return channel.profile;
  });
  // The merchant account's balance at the channel, set outright (a payout test starts from a
  // known balance; the page's form). It persists with the rest of the state.
  app.put('/admin/instances/:instance/balance', async (req, res) => {
    const channel = channelOf(req);
    if (!channel) return res.code(404).send({ error: 'no such channel instance' });
    let body: unknown;
    try {
      body = JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch {
      return res.code(400).send({ error: 'body is not JSON' });
    }
    const input = BALANCE.safeParse(body);
    if (!input.success) {
      const issue = input.error.issues[0]!;
      return res.code(400).send({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` });
    }
    channel.accountBalanceFen = input.data.balance;
    return { balance: channel.accountBalanceFen };
  });
  app.get('/', async (_req, res) => res.type('text/html; charset=utf-8').send(sandboxPage()));
  app.get('/healthz', () => ({ status: 'ok', instances: [...channels.keys()] }));

  await app.ready();
  return { app, channels, transport };
}

function run(channel: SandboxChannel, operation: Operation, input: unknown): Answer {
  switch (operation) {
    case 'bind/pre':
      return channel.preBind(input as z.infer<(typeof SCHEMAS)['bind/pre']>);
    case 'bind/confirm':
      return channel.confirmBind(input as z.infer<(typeof SCHEMAS)['bind/confirm']>);
    case 'unbind':
      return channel.unbind(input as z.infer<(typeof SCHEMAS)['unbind']>);
    case 'debit':
      return channel.debit(input as z.infer<(typeof SCHEMAS)['debit']>);
    case 'payout':
      return channel.payout(input as z.infer<(typeof SCHEMAS)['payout']>);
    case 'query':
      return channel.query(input as z.infer<(typeof SCHEMAS)['query']>);
  }
}
