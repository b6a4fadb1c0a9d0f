import { z } from 'zod';
import { permissionsOf } from './permissions';
import { changePasswordInput } from './users.schema';
import { protectedProcedure, publicProcedure, router, signedInProcedure } from '../../trpc/init';

const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['admin', 'ops', 'finance', 'pm', 'auditor']),
  mustChangePassword: z.boolean(),
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
      const session = await ctx.services.auth.login({
        ...input,
        clientAddress: ctx.clientAddress,
      });
      ctx.setSessionCookie(session.token, session.expiresAt);
      return { user: { ...session.user, permissions: permissionsOf(session.user.role) } };
    }),

  logout: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await ctx.services.auth.logout(ctx.sessionToken);
    ctx.clearSessionCookie();
    return { ok: true as const };
  }),

  /** Ends every session of this user (other browsers, forgotten machines), this one too. */
  logoutEverywhere: signedInProcedure
    .output(z.object({ sessions: z.number().int() }))
    .mutation(async ({ ctx }) => {
      const result = await ctx.services.auth.logoutEverywhere(ctx.user);
      ctx.clearSessionCookie();
      return result;
    }),

  /** One's own password (also the forced change after an administrator set it). */
  changePassword: signedInProcedure
    .input(changePasswordInput)
    .output(z.object({ otherSessionsEnded: z.number().int() }))
    .mutation(({ ctx, input }) =>
      ctx.services.auth.changePassword(ctx.user, ctx.sessionToken!, input, ctx.clientAddress),
    ),

  me: publicProcedure
    .output(userView.nullable())
    .query(({ ctx }) =>
      ctx.user ? { ...ctx.user, permissions: permissionsOf(ctx.user.role) } : null,
    ),

  ping: protectedProcedure.query(() => ({ ok: true })),
});
