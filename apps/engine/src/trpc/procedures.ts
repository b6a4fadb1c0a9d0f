// Procedures gated by a permission of the role table (modules/auth/permissions.ts).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { hasPermission, type Permission } from '../modules/auth';
import { protectedProcedure } from './init';
import type { Actor } from '../modules/events';

export function permittedProcedure(permission: Permission) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!hasPermission(ctx.user.role, permission)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `role ${ctx.user.role} lacks ${permission}`,
      });
    }
    const actor: Actor = { type: 'user', id: ctx.user.id };
    return next({ ctx: { ...ctx, actor } });
  });
}

/** A keyset page cursor: the database id of the last row of the previous page. */
export const pageCursor = z.string().regex(/^\d{1,18}$/);
