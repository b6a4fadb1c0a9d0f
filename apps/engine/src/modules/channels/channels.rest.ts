// docs/api.md "Cards" over REST.
import { defineRoute, nameSchemas, type RestRoute } from '../../http/rest/route';
import type { AppServices } from '../../context';
import {
  bindCardInput,
  bindingIdParams,
  bindingView,
  channelAgreementView,
  confirmBindingInput,
  unbindAgreementView,
  unbindCardInput,
  unbindView,
} from './channels.schema';

nameSchemas({
  BindCardRequest: bindCardInput,
  CardBinding: bindingView,
  ChannelAgreement: channelAgreementView,
  ConfirmCardBindingRequest: confirmBindingInput,
  UnbindCardRequest: unbindCardInput,
  CardUnbinding: unbindView,
  UnbindAgreement: unbindAgreementView,
});

export function channelRestRoutes(services: AppServices): RestRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/cards/bind',
      operationId: 'bindCard',
      tag: 'Cards',
      scope: 'cards:write',
      subject: ({ body }) => ({ loan: body.orderNo }),
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
          body: await services.cards.bindCard(body, { type: 'api_key', id: principal.keyId }),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/cards/bind/:bindingId/confirm',
      operationId: 'confirmCardBinding',
      tag: 'Cards',
      scope: 'cards:write',
      subject: ({ params }) => ({ binding: params.bindingId }),
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
          body: await services.cards.confirmBinding(params.bindingId, body.smsCode, {
            type: 'api_key',
            id: principal.keyId,
          }),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/cards/unbind',
      operationId: 'unbindCard',
      tag: 'Cards',
      scope: 'cards:write',
      subject: ({ body }) => ({ loan: body.orderNo }),
      summary:
        "Unbind a borrower's card at every channel holding an agreement (not the card the loan debits)",
      body: unbindCardInput,
      responses: {
        200: { description: 'unbound (idempotent)', schema: unbindView },
        404: { description: 'unknown orderNo, or a card the borrower never bound' },
        409: { description: 'the loan debits this card, or a debit of it is in flight' },
      },
      async handler({ body, principal }) {
        return {
          status: 200,
          body: await services.cards.unbindCard(body, { type: 'api_key', id: principal.keyId }),
        };
      },
    }),
  ];
}
