// One error type for every expected failure; transports map `code` to a status once.
import { zodIssueCode, type ZodIssueLike } from '@repay/rules';

export const errorStatus = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldIssue {
  /** Dotted JSON path, e.g. "slots[1].start". */
  field: string;
  message: string;
  /** Stable code of the problem (the console words it), e.g. "too_long", "slots_overlap". */
  code?: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** Every problem found, for inputs with many fields (e.g. a rule body), by JSON path. */
  readonly issues: FieldIssue[] | undefined;
  /**
   * For the console only (tRPC): every problem with its code and params, so it can be worded in
   * the user's language at its field. Never in REST bodies (their shape is a contract).
   */
  readonly details: FieldIssue[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      field?: string;
      cause?: unknown;
      issues?: FieldIssue[];
      details?: FieldIssue[];
      /** The problem's code and params, for an error naming one field. */
      reason?: { code: string; params?: Record<string, string | number> };
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.issues = options.issues;
    this.details =
      options.details ??
      (options.issues?.some((i) => i.code)
        ? options.issues
        : options.reason && options.field !== undefined
          ? [{ field: options.field, message, ...options.reason }]
          : undefined);
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.issues
          ? { issues: this.issues.map(({ field, message }) => ({ field, message })) }
          : {}),
      },
    };
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError('NOT_FOUND', `${what} not found`, { field });

/**
 * Turns the first zod issue into a VALIDATION_FAILED naming the (nested) field; every issue,
 * with its code and params, goes to the console (details). `input` (what was parsed) tells a
 * missing value from a wrong one.
 */
export function fromZodIssues(issues: readonly ZodIssueLike[], input?: unknown): AppError {
  const first = issues[0];
  // A strict object's unknown keys: name the first one itself, not the object holding it.
  const unknownKeys = first?.keys ?? [];
  const field =
    [...(first?.path ?? []), ...unknownKeys.slice(0, 1)].map(String).join('.') || undefined;
  const message = !first
    ? 'invalid input'
    : unknownKeys.length > 0
      ? `${field}: is not a field of this request${unknownKeys.length > 1 ? ` (nor ${unknownKeys.slice(1).join(', ')})` : ''}`
      : `${field ?? 'body'}: ${first.message}`;
  const details = issues.map((issue) => {
    const keys = issue.keys ?? [];
    const path = [...issue.path, ...keys.slice(0, 1)];
    return {
      field: path.map(String).join('.'),
      message: issue.message,
      ...zodIssueCode({ ...issue, path }, input),
    };
  });
  return new AppError('VALIDATION_FAILED', message, {
    field,
    details: details.length > 0 ? details : undefined,
  });
}
