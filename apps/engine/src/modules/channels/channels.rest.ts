// API.md "Cards" over REST.
import { defineRoute, type RestRoute } from '../../http/rest/route';
import type { AppServices } from '../../app';
import {
  bindCardInput,
  bindingIdParams,
  bindingView,
  confirmBindingInput,
} from './channels.schema';

export function channelRestRoutes(services: AppServices): RestRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/cards/bind',
      tag: 'Cards',
      summary: "Start binding a card at the loan's channels: each texts a code to the cardholder",
      body: bindCardInput,
      responses: {
        200: { description: 'codes sent', schema: bindingView },
        404: { description: 'unknown orderNo' },
        422: { description: 'no channel supports the bank, or none accepted the card' },
      },
      async handler({ body, principal }) {
        return {
          status: 200,
          body: await services.channels.bindCard(body, { type: 'api_key', id: principal.keyId }),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/cards/bind/:bindingId/confirm',
      tag: 'Cards',
      summary: 'Confirm with the SMS code: agreements per channel (idempotent once bound)',
      params: bindingIdParams,
      body: confirmBindingInput,
      responses: {
        200: { description: 'bound', schema: bindingView },
        404: { description: 'unknown binding' },
        409: { description: 'the binding failed' },
        422: { description: 'the code was not accepted (the binding stays open)' },
      },
      async handler({ params, body, principal }) {
        return {
          status: 200,
          body: await services.channels.confirmBinding(params.bindingId, body.smsCode, {
            type: 'api_key',
            id: principal.keyId,
          }),
        };
      },
    }),
  ];
}
