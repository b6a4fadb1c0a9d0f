// tRPC for the console: context, procedures by role, and the single AppError → tRPC mapping.
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { ZodIssueLike } from '@repay/rules';
import { AppError, fromZodIssues } from '../lib/errors';
import type { AppServices } from '../context';
import type { SessionUser } from '../modules/auth';

export interface TrpcContext {
  services: AppServices;
  user: SessionUser | null;
  sessionToken: string | null;
  /** The client's address (behind trusted proxies, the one they name): sign-in throttling. */
  clientAddress: string;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
}

const trpcCode = {
  VALIDATION_FAILED: 'BAD_REQUEST',
  MALFORMED_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNPROCESSABLE: 'UNPROCESSABLE_CONTENT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const;

/** Input validation failures carry their issues (zod, or tRPC's standard-schema wrapper). */
function issuesOf(cause: unknown): readonly ZodIssueLike[] | null {
  if (cause instanceof ZodError) return cause.issues;
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? (issues as ZodIssueLike[]) : null;
}

function toAppError(error: TRPCError, input: unknown): AppError | null {
  if (error.cause instanceof AppError) return error.cause;
  const issues = error.code === 'BAD_REQUEST' ? issuesOf(error.cause) : null;
  return issues
    ? fromZodIssues(
        issues.map((i) => ({ ...i, path: i.path ?? [] })),
        input,
      )
    : null;
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error, input }) {
    const appError = toAppError(error, input);
    return {
      ...shape,
      message:
        appError?.message ??
        // The JSON parser's message quotes the input around the fault, which may be personal data.
        (error.cause instanceof SyntaxError
          ? 'input is not valid JSON'
          : error.code === 'INTERNAL_SERVER_ERROR'
            ? 'internal error'
            : shape.message),
      data: {
        ...shape.data,
        stack: undefined,
        appCode: appError?.code ?? null,
        field: appError?.field ?? null,
        // Each with its code and params where known: the console words them.
        issues: appError?.details ?? appError?.issues ?? null,
      },
    };
  },
});

/** Services throw AppError; this turns it into the matching TRPCError once, for every procedure. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCode[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

/** Signed in, even while the password must be changed first (changing it, signing out). */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'please log in' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Signed in with a password of one's own: everything else in the console. */
export const protectedProcedure = signedInProcedure.use(({ ctx, next }) => {
  if (ctx.user.mustChangePassword)
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'change your password first',
      cause: new AppError('FORBIDDEN', 'change your password first'),
    });
  return next();
});
