// Database errors look different per driver (postgres.js: `constraint_name`; PGlite:
// `constraint`) and drizzle wraps query errors in DrizzleQueryError (driver error in
// `cause`). Callers that turn a constraint into a domain answer (e.g. a replayed orderNo →
// idempotent 200 or 409) read them through here.

export interface PgErrorInfo {
  /** SQLSTATE, e.g. '23505' unique_violation, '23514' check_violation. */
  code: string;
  /** Constraint (or index) name when the server reports one. */
  constraint: string | undefined;
  message: string;
  detail: string | undefined;
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_CHECK_VIOLATION = '23514';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
/** Raised by the ledger's append-only triggers. */
export const PG_RESTRICT_VIOLATION = '23001';

/** The PostgreSQL error behind `error` (following `cause`), or undefined if there is none. */
export function pgError(error: unknown): PgErrorInfo | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const fields = e as Error & {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
      detail?: unknown;
    };
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) {
      const constraint = fields.constraint_name ?? fields.constraint;
      return {
        code: fields.code,
        constraint: typeof constraint === 'string' ? constraint : undefined,
        message: e.message,
        detail: typeof fields.detail === 'string' ? fields.detail : undefined,
      };
    }
  }
  return undefined;
}

/** True when `error` is a unique violation (of `constraint`, when given). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const info = pgError(error);
  return (
    info?.code === PG_UNIQUE_VIOLATION &&
    (constraint === undefined || info.constraint === constraint)
  );
}
