import { z } from 'zod';
import { router } from '../../trpc/init';
import { pageCursor, permittedProcedure } from '../../trpc/procedures';
import { saveViewInput, viewPage } from './views.schema';

// Every console user has pages to filter: saved views are gated like the home page.
const signedIn = permittedProcedure('dashboard.read');

export const viewsRouter = router({
  /** The caller's views of a page, then the shared ones. */
  list: signedIn
    .input(z.object({ page: viewPage }).strict())
    .query(({ ctx, input }) => ctx.services.savedViews.list(input.page, ctx.user)),
  /** Saves (or, by the same name, replaces) one of the caller's views. */
  save: signedIn
    .input(saveViewInput)
    .mutation(({ ctx, input }) => ctx.services.savedViews.save(input, ctx.user)),
  remove: signedIn
    .input(z.object({ id: pageCursor }).strict())
    .mutation(({ ctx, input }) => ctx.services.savedViews.remove(BigInt(input.id), ctx.user)),
});
