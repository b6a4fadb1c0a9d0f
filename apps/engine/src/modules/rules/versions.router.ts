import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import { ruleVersionListInput } from './versions.schema';

/** 规则版本: every version of every rule, apart from the rules editor's own procedures. */
export const ruleVersionsRouter = router({
  list: permittedProcedure('rules.read')
    .input(ruleVersionListInput)
    .query(({ ctx, input }) => ctx.services.ruleVersions.list(input)),
});
