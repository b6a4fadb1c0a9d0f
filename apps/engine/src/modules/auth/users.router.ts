// 用户管理: admins (users.manage) list, create, disable and enable users, reset passwords and
// change roles; each change is audited with its reason.
import { z } from 'zod';
import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import {
  changeRoleInput,
  createUserInput,
  resetPasswordInput,
  setUserStatusInput,
  userView,
} from './users.schema';

const temporaryPassword = z.object({ temporaryPassword: z.string() });

export const usersRouter = router({
  list: permittedProcedure('users.manage')
    .output(z.array(userView))
    .query(({ ctx }) => ctx.services.users.list()),

  create: permittedProcedure('users.manage')
    .input(createUserInput)
    .output(temporaryPassword.extend({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { user, temporaryPassword } = await ctx.services.users.createUser(input, ctx.actor);
      return { id: user.id, temporaryPassword: temporaryPassword! };
    }),

  setStatus: permittedProcedure('users.manage')
    .input(setUserStatusInput)
    .output(z.object({ sessionsEnded: z.number().int() }))
    .mutation(({ ctx, input }) => ctx.services.users.setStatus(input, ctx.actor)),

  resetPassword: permittedProcedure('users.manage')
    .input(resetPasswordInput)
    .output(temporaryPassword.extend({ sessionsEnded: z.number().int() }))
    .mutation(({ ctx, input }) => ctx.services.users.resetPassword(input, ctx.actor)),

  changeRole: permittedProcedure('users.manage')
    .input(changeRoleInput)
    .output(z.object({ role: userView.shape.role }))
    .mutation(({ ctx, input }) => ctx.services.users.changeRole(input, ctx.actor)),
});
