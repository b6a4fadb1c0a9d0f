import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';

export const statsRouter = router({
  summary: permittedProcedure('dashboard.read').query(({ ctx }) =>
    ctx.services.stats.dashboardSummary(),
  ),
});
