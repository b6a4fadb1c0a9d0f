// One error type for every expected failure; transports map `code` to a status once.
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
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** Every problem found, for inputs with many fields (e.g. a rule body), by JSON path. */
  readonly issues: FieldIssue[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; cause?: unknown; issues?: FieldIssue[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.issues = options.issues;
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
        ...(this.issues ? { issues: this.issues } : {}),
      },
    };
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError('NOT_FOUND', `${what} not found`, { field });

/** Turns the first zod issue into a VALIDATION_FAILED naming the (nested) field. */
export function fromZodIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string; keys?: readonly string[] }[],
): AppError {
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
  return new AppError('VALIDATION_FAILED', message, { field });
}
