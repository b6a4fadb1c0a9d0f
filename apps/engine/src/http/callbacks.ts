// Callbacks from payment channels, outside /api/v1: they carry the channel's signature, not
// an API key. The raw bytes are kept because the signature covers them.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { AppServices } from '../context';
import { AppError } from '../lib/errors';

export function callbackPlugin(services: AppServices) {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async by contract
  return async function register(app: FastifyInstance) {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const known =
        error instanceof AppError
          ? error
          : error.statusCode && error.statusCode < 500
            ? new AppError('MALFORMED_REQUEST', error.message)
            : null;
      if (known) {
        request.log.warn({ code: known.code, url: request.url }, 'channel callback refused');
        return reply.status(known.status).send(known.toBody());
      }
      request.log.error({ err: error }, 'channel callback failed');
      return reply.status(500).send({ code: 'INTERNAL', message: 'internal error' });
    });

    app.post<{ Params: { code: string } }>('/channels/:code/notify', async (request, reply) => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
      );
      const body = typeof request.body === 'string' ? request.body : '';
      const { firstDelivery } = await services.channelNotifications.receive(
        request.params.code,
        headers,
        body,
      );
      return reply.status(200).send({ received: true, firstDelivery });
    });
  };
}
