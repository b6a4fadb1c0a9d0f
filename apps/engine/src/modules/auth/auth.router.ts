import { z } from 'zod';
import { permissionsOf } from './permissions';
import { protectedProcedure, publicProcedure, router } from '../../trpc/init';

const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['admin', 'ops', 'finance', 'pm', 'auditor']),
  permissions: z.array(z.string()),
});

export const authRouter = router({
  login: publicProcedure
    .input(
      z.object({
        username: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(200),
      }),
    )
    .output(z.object({ user: userView }))
    .mutation(async ({ ctx, input }) => {
      const session = await ctx.services.auth.login(input.username, input.password);
      ctx.setSessionCookie(session.token, session.expiresAt);
      return { user: { ...session.user, permissions: permissionsOf(session.user.role) } };
    }),

  logout: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await ctx.services.auth.logout(ctx.sessionToken);
    ctx.clearSessionCookie();
    return { ok: true as const };
  }),

  me: publicProcedure
    .output(userView.nullable())
    .query(({ ctx }) =>
      ctx.user ? { ...ctx.user, permissions: permissionsOf(ctx.user.role) } : null,
    ),

  ping: protectedProcedure.query(() => ({ ok: true })),
});
