// One Fastify server: REST for upstream systems, tRPC for the console, health for operators.
import { callbackPlugin } from './callbacks';
import cookie from '@fastify/cookie';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { App } from '../app';
import { loanRestRoutes } from '../modules/loans/wiring';
import { transferRestRoutes } from '../modules/transfers/wiring';
import { channelRestRoutes } from '../modules/channels/wiring';
import { appRouter, type AppRouter } from '../trpc/root';
import type { TrpcContext } from '../trpc/init';
import { docsPage } from './rest/docs-page';
import { restPlugin } from './rest/plugin';

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
  opts: { logger?: boolean | FastifyBaseLogger; logLevel?: string; api?: boolean } = {},
) {
  const server = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: opts.logLevel ?? 'info',
            redact: { paths: logRedactPaths, censor: '[redacted]' },
          },
    // One line per request only when debugging; errors are logged where they are handled.
    disableRequestLogging: opts.logLevel !== 'debug' && opts.logLevel !== 'trace',
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
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
    restPlugin(app.services, [
      ...loanRestRoutes(app.services),
      ...channelRestRoutes(app.services),
      ...transferRestRoutes(app.services),
    ]),
    {
      prefix: '/api/v1',
    },
  );

  await server.register(callbackPlugin(app.services), { prefix: '/callbacks' });

  const secure = app.env.REPAY_COOKIE_SECURE === 'true';
  await server.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req, res }): Promise<TrpcContext> => {
        const token = req.cookies[SESSION_COOKIE] ?? null;
        return {
          services: app.services,
          user: await app.services.auth.sessionUser(token),
          sessionToken: token,
          setSessionCookie: (value, expires) =>
            void res.setCookie(SESSION_COOKIE, value, {
              path: '/',
              httpOnly: true,
              sameSite: 'lax',
              secure,
              expires,
            }),
          clearSessionCookie: () => void res.clearCookie(SESSION_COOKIE, { path: '/' }),
        };
      },
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          server.log.error({ err: error, path }, 'tRPC error');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  return server;
}
