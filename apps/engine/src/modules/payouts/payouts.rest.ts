// docs/api.md "Payouts" over REST: an upstream system asks Repay to pay someone on a funder's
// account, and reads how it went.
import { z } from 'zod';
import type { AppServices } from '../../context';
import { notFound } from '../../lib/errors';
import { defineRoute, type RestRoute } from '../../http/rest/route';
import { payoutDetailView, payoutRequest, payoutView } from './payouts.schema';

const payoutNoParams = z.object({
  payoutNo: z.string().min(1).max(64).describe('the payoutNo the payout was created with'),
});

export function payoutRestRoutes(services: AppServices): RestRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/payouts',
      operationId: 'createPayout',
      tag: 'Payouts',
      scope: 'payouts:write',
      subject: ({ body }) => ({ funder: body.funderCode, field: 'funderCode' }),
      summary:
        'Pay a payee on a funder’s account: queued until a payout account’s position covers it, then sent once (an unknown result is queried, never sent again)',
      body: payoutRequest,
      responses: {
        201: { description: 'queued', schema: payoutView },
        200: { description: 'the same request again: the payout as it stands', schema: payoutView },
        409: { description: 'the payoutNo exists with different content' },
        422: { description: 'unknown or inactive funder' },
      },
      async handler({ body, principal }) {
        const { created, order } = await services.payouts.request(body, {
          type: 'api_key',
          id: principal.keyId,
        });
        // Sent in the background: the answer is the order as committed, before any call.
        if (created)
          void services.payouts.sendQueued(order).catch((error: unknown) => {
            console.error(`[payouts] ${order.payoutNo}: ${(error as Error).message}`);
          });
        return { status: created ? 201 : 200, body: services.payouts.view(order) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/payouts/:payoutNo',
      operationId: 'getPayout',
      tag: 'Payouts',
      scope: 'payouts:write',
      subject: () => null,
      summary: 'A payout and its state, with the channel’s result once known',
      params: payoutNoParams,
      responses: {
        200: { description: 'the payout', schema: payoutDetailView },
        404: { description: 'no such payout (or another funder’s)' },
      },
      async handler({ params, principal }) {
        const order = await services.payouts.get(params.payoutNo);
        // Another funder's payout reads as one that does not exist.
        if (
          !order ||
          order.source !== 'api' ||
          (principal.funderCodes !== null && !principal.funderCodes.includes(order.funderCode))
        )
          throw notFound(`payout ${params.payoutNo}`, 'payoutNo');
        return { status: 200, body: services.payouts.detailView(order) };
      },
    }),
  ];
}
