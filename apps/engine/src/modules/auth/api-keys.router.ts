// The console's API keys page (admin only): list, create (the secret answered once), revoke,
// rotate with a grace; each change audited with its reason.
import { z } from 'zod';
import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import { createApiKeyInput, revokeApiKeyInput, rotateApiKeyInput } from './api-keys.schema';

const manage = permittedProcedure('apiKeys.manage');

export const apiKeysRouter = router({
  list: manage.query(({ ctx }) => ctx.services.apiKeys.list()),

  create: manage
    .input(createApiKeyInput)
    .output(z.object({ key: z.string(), secret: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.apiKeys.createApiKey(input, ctx.actor)),

  revoke: manage
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) =>
      ctx.services.apiKeys.revoke(input.keyId, input.reason, ctx.actor),
    ),

  rotate: manage
    .input(rotateApiKeyInput)
    .mutation(({ ctx, input }) =>
      ctx.services.apiKeys.rotate(input.keyId, input.graceHours, input.reason, ctx.actor),
    ),
});
