import { router } from '../../trpc/init';
import { pageCursor, permittedProcedure } from '../../trpc/procedures';
import { z } from 'zod';
import { auditFilter } from './audit.schema';

export const auditRouter = router({
  list: permittedProcedure('audit.read')
    .input(
      auditFilter.extend({
        cursor: pageCursor.nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => ctx.services.auditTrail.list(input)),
  /** The entity types written so far (the search form's choices). */
  entityTypes: permittedProcedure('audit.read').query(({ ctx }) =>
    ctx.services.auditTrail.entityTypes(),
  ),
});
