// /api/v1: raw-body capture, HMAC authentication, the key's scope and funders, zod validation,
// and the error format of docs/api.md.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, fromZodIssues } from '../../lib/errors';
import type { AppServices } from '../../context';
import { requireScope, type ApiPrincipal } from '../../modules/auth';
import type { FunderAccess } from './access';
import { buildOpenApiDocument } from './openapi';
import type { RestRoute } from './route';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parse<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: string,
): z.infer<S> {
  if (!schema) return undefined as z.infer<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const error = fromZodIssues(result.error.issues);
  throw error.field
    ? error
    : new AppError('VALIDATION_FAILED', `${where}: ${error.message}`, { field: where });
}

/** A route without query parameters refuses any, as a body refuses unknown fields. */
const noQueryParameters = z.strictObject({});

function parseJsonBody(raw: Buffer | undefined): unknown {
  if (!raw || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new AppError('MALFORMED_REQUEST', 'request body is not valid JSON', { field: 'body' });
  }
}

function sendError(reply: FastifyReply, error: AppError) {
  return reply.status(error.status).type('application/json').send(error.toBody());
}

export function restPlugin(services: AppServices, routes: RestRoute[], funderAccess: FunderAccess) {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async by contract
  return async function register(app: FastifyInstance) {
    // Keep the exact bytes: the signature covers them, and JSON is parsed only after authentication.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
      request.rawBody = body as Buffer;
      done(null, undefined);
    });

    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) return sendError(reply, error);
      if (error.statusCode && error.statusCode < 500) {
        return sendError(reply, new AppError('MALFORMED_REQUEST', error.message));
      }
      request.log.error({ err: error }, 'unhandled REST error');
      return sendError(reply, new AppError('INTERNAL', 'internal error'));
    });
    app.setNotFoundHandler((request, reply) =>
      sendError(
        reply,
        new AppError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`),
      ),
    );

    const document = buildOpenApiDocument(routes, '1.0.0');
    app.get('/openapi.json', (_request, reply) => reply.send(document));

    async function authenticate(request: FastifyRequest): Promise<ApiPrincipal> {
      return services.apiKeys.verifyApiRequest({
        keyId: header(request, 'x-repay-key'),
        timestamp: header(request, 'x-repay-timestamp'),
        nonce: header(request, 'x-repay-nonce'),
        signature: header(request, 'x-repay-signature'),
        method: request.method,
        pathWithQuery: request.url,
        body: request.rawBody ?? Buffer.alloc(0),
      });
    }

    for (const route of routes) {
      app.route({
        method: route.method,
        url: route.path,
        handler: async (request, reply) => {
          const principal = await authenticate(request);
          // A key without the scope learns nothing more, not even whether its input is valid.
          requireScope(principal, route.scope);
          const params = parse(route.params, request.params, 'path');
          const query = parse(route.query ?? noQueryParameters, request.query, 'query');
          const body = route.body
            ? parse(route.body, parseJsonBody(request.rawBody) ?? {}, 'body')
            : undefined;
          await funderAccess(principal, route.subject({ params, query, body }));
          const result = await route.handler({ params, query, body, principal, request, reply });
          return reply.status(result.status).send(result.body);
        },
      });
    }
  };
}
