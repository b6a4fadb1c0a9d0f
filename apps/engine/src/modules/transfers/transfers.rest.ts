// docs/api.md "Asset transfer" over REST.
import { TRANSFER_STATUSES } from '@repay/rules';
import { z } from 'zod';
import type { AppServices } from '../../context';
import { defineRoute, nameSchemas, type RestRoute } from '../../http/rest/route';
import { dateView, instantView } from '../../lib/wire';

export const transferInput = z.object({
  orderNos: z
    .array(z.string().trim().min(1).max(64))
    .min(1, 'at least one orderNo')
    .max(1000, 'at most 1,000 loans per transfer')
    .refine((xs) => new Set(xs).size === xs.length, 'an orderNo is listed twice'),
  toFunderCode: z.string().trim().min(1).max(64),
  cutoffDate: z.iso.date('a date as YYYY-MM-DD'),
  priceRatio: z
    .string()
    .regex(/^\d{1,4}(\.\d{1,6})?$/, 'a decimal such as "1.00"')
    .refine((v) => Number(v) > 0, 'must be above zero'),
});

/** The console shares transferInput; REST refuses unknown fields. */
const transferRequest = transferInput.strict();

const transferView = z.object({
  transferId: z.string(),
  status: z
    .enum(TRANSFER_STATUSES)
    .describe(
      'pending_approval: a cut-off more than 7 days back waits for approval in the console (send the same request again to learn the outcome); scheduled; completed; rejected',
    ),
  orderNos: z.array(z.string()),
  toFunderCode: z.string(),
  cutoffDate: dateView,
  priceRatio: z.string(),
  createdAt: instantView,
  completedAt: instantView.nullable(),
});

nameSchemas({ CreateAssetTransferRequest: transferRequest, AssetTransfer: transferView });

export function transferRestRoutes(services: AppServices): RestRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/asset-transfers',
      operationId: 'createAssetTransfer',
      tag: 'Asset transfer',
      scope: 'transfers:write',
      subject: ({ body }) => ({ loans: body.orderNos, field: 'orderNos' }),
      summary:
        'From the cut-off date, collections of these loans belong to the new funder (a cut-off today or earlier completes at once)',
      body: transferRequest,
      responses: {
        201: { description: 'scheduled or completed', schema: transferView },
        202: {
          description:
            'a cut-off more than 7 days back: recorded as pending_approval until approved or rejected in the console (the same request again answers as it stands)',
          schema: transferView,
        },
        200: { description: 'the same request again: the transfer it made', schema: transferView },
        404: { description: 'an unknown orderNo' },
        409: {
          description: 'a loan already has a transfer waiting for its cut-off or an approval',
        },
        422: {
          description:
            'unknown or inactive funder, a loan not active or already the funder’s, or a cut-off not after the loan’s last one',
        },
      },
      async handler({ body, principal }) {
        const result = await services.transfers.request(body, {
          type: 'api_key',
          id: principal.keyId,
        });
        const status =
          result.transfer.status === 'pending_approval' ? 202 : result.created ? 201 : 200;
        return { status, body: result.transfer };
      },
    }),
  ];
}
