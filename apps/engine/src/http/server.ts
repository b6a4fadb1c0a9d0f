// One Fastify server: REST for upstream systems, tRPC for the console, health for operators.
import { callbackPlugin } from './callbacks';
import cookie from '@fastify/cookie';
import {
  fastifyRequestHandler,
  fastifyTRPCPlugin,
  type FastifyTRPCPluginOptions,
} from '@trpc/server/adapters/fastify';
import { TRPCError } from '@trpc/server';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { App } from '../app';
import { loanRestRoutes } from '../modules/loans/wiring';
import { transferRestRoutes } from '../modules/transfers/wiring';
import { payoutExports, payoutRestRoutes } from '../modules/payouts/wiring';
import { auditExports } from '../modules/audit/wiring';
import { debitExports } from '../modules/debits/wiring';
import { ledgerExports } from '../modules/ledger/wiring';
import { overdueExports } from '../modules/overdue/wiring';
import { waiverExports } from '../modules/loans/wiring';
import { ruleVersionExports } from '../modules/rules/wiring';
import { channelRestRoutes } from '../modules/channels/wiring';
import { reconFileProcedures } from '../modules/recon/wiring';
import { appRouter, type AppRouter } from '../trpc/root';
import type { TrpcContext } from '../trpc/init';
import { fromConsoleOrigin, secureCookie, trustProxyOption } from './console-guard';
import { docsPage } from './rest/docs-page';
import { funderAccess } from './rest/access';
import { restPlugin } from './rest/plugin';
import { exportsPlugin } from './exports/plugin';

export const SESSION_COOKIE = 'repay_session';

/** Fields that may carry personal data never reach the log in clear. */
export const logRedactPaths = [
  'req.headers.cookie',
  'req.headers["x-repay-signature"]',
  'res.headers["set-cookie"]',
  '*.idNo',
  '*.mobile',
  '*.cardNo',
  '*.name',
  '*.password',
];

export async function buildServer(
  app: App,
  opts: {
    logger?: boolean | FastifyBaseLogger;
    logLevel?: string;
    /** Where log lines go (standard output unless given): tests read what production would log. */
    logStream?: { write(line: string): void };
    api?: boolean;
  } = {},
) {
  const server = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: opts.logLevel ?? 'info',
            redact: { paths: logRedactPaths, censor: '[redacted]' },
            // A query string may carry what a person typed (a tRPC query's input): paths only.
            serializers: {
              req: (req) => ({
                method: req.method,
                url: req.url.split('?')[0],
                host: req.host,
                remoteAddress: req.ip,
                remotePort: req.socket?.remotePort,
              }),
            },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    // One line per request only when debugging; errors are logged where they are handled.
    logController: new LogController({
      disableRequestLogging: opts.logLevel !== 'debug' && opts.logLevel !== 'trace',
    }),
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // The console's forwarder (and proxies named in REPAY_TRUST_PROXY) say who the client is and
    // whether it came over HTTPS: sign-in throttling per address, the cookie's Secure flag.
    trustProxy: trustProxyOption(app.env.REPAY_TRUST_PROXY),
  });
  await server.register(cookie);

  server.get('/healthz', async (_req, reply) => {
    const dbUp = await app.ping().then(
      () => true,
      () => false,
    );
    return reply.status(dbUp ? 200 : 503).send({
      status: dbUp ? 'ok' : 'degraded',
      db: dbUp ? 'up' : 'down',
      driver: app.driver,
      time: app.clock.now().toISOString(),
      today: app.clock.today(),
    });
  });
  // Worker and scheduler processes answer health checks only.
  if (opts.api === false) return server;

  server.get('/api/docs', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(docsPage),
  );

  await server.register(
    restPlugin(
      app.services,
      [
        ...loanRestRoutes(app.services),
        ...channelRestRoutes(app.services),
        ...transferRestRoutes(app.services),
        ...payoutRestRoutes(app.services),
      ],
      funderAccess(app.database),
    ),
    {
      prefix: '/api/v1',
    },
  );

  await server.register(callbackPlugin(app.services), { prefix: '/callbacks' });

  // Lists as files for console users (the session cookie, the list's permission).
  await server.register(
    exportsPlugin({
      services: app.services,
      lists: [
        ...auditExports(app.services),
        ...debitExports(app.services),
        ...payoutExports(app.services),
        ...ledgerExports(app.services),
        ...overdueExports(app.services),
        ...waiverExports(app.services),
        ...ruleVersionExports(app.services),
      ],
      sessionUser: (req) => app.services.auth.sessionUser(req.cookies[SESSION_COOKIE] ?? null),
      now: () => app.clock.now(),
    }),
    { prefix: '/exports' },
  );

  const trpcOptions = {
    router: appRouter,
    createContext: async ({ req, res }): Promise<TrpcContext> => {
      // Mutations are POSTs: only the console's own pages may send them with its cookie.
      if (
        req.method !== 'GET' &&
        req.method !== 'HEAD' &&
        !fromConsoleOrigin(req.headers, app.env.REPAY_CONSOLE_ORIGINS)
      )
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: 'cross-site request refused: Origin is not the console (REPAY_CONSOLE_ORIGINS)',
        });
      const secure = secureCookie(app.env, req.protocol);
      const token = req.cookies[SESSION_COOKIE] ?? null;
      return {
        services: app.services,
        user: await app.services.auth.sessionUser(token),
        sessionToken: token,
        clientAddress: req.ip,
        setSessionCookie: (value, expires) =>
          void res.setCookie(SESSION_COOKIE, value, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure,
            expires,
          }),
        clearSessionCookie: () =>
          void res.clearCookie(SESSION_COOKIE, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure,
          }),
      };
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        server.log.error({ err: error, path }, 'tRPC error');
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'];
  await server.register(async (scope) => {
    await scope.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions });
    // A statement file (base64) is far larger than any other input: only the procedures that
    // carry one take a larger body, each on a route of its own (sent unbatched by the console).
    for (const path of reconFileProcedures.paths)
      scope.post(`/trpc/${path}`, { bodyLimit: reconFileProcedures.bodyLimit }, (req, res) =>
        fastifyRequestHandler({ ...trpcOptions, req, res, path }),
      );
  });
  return server;
}
