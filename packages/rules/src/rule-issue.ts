// A problem found in a rule, located by JSON path so the console can show it at the field.
// `code` and `params` say what is wrong in words any language can render (the console words
// them in zh-CN and English); `message` is the same in English, for logs and the REST API.

export type IssueParams = Record<string, string | number>;

export interface RuleIssue {
  path: (string | number)[];
  message: string;
  /** Stable code of the problem, e.g. "slot_end_before_start" or "too_long". */
  code?: string;
  params?: IssueParams;
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}

/** Thrown when a rule body fails validation; nothing is stored. */
export class RuleValidationError extends Error {
  constructor(readonly issues: RuleIssue[]) {
    super(
      issues
        .slice(0, 5)
        .map((i) => `${formatPath(i.path) || '(rule)'}: ${i.message}`)
        .join('; '),
    );
    this.name = 'RuleValidationError';
  }
}

// Patterns with a name the console can say ("a time of day as HH:mm"), keyed by the pattern's
// text as zod reports it.
const FORMAT_NAMES = new Map<string, string>();

/** Gives a regular expression a format name that validation issues carry (params.format). */
export function namedFormat(pattern: RegExp, name: string): RegExp {
  FORMAT_NAMES.set(String(pattern), name);
  return pattern;
}

/** The part of a zod issue the wording needs (zod 4 issue fields). */
export interface ZodIssueLike {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: unknown;
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: unknown;
  values?: readonly unknown[];
  format?: unknown;
  pattern?: unknown;
  divisor?: unknown;
  keys?: readonly string[];
  input?: unknown;
}

const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/**
 * A zod issue's code and params in the console's vocabulary: required, invalid_type, too_short /
 * too_long (text), too_few / too_many (lists), too_small / too_big (numbers), invalid_enum,
 * invalid_format (with the format's name), not_multiple_of, unknown_field; a refinement's is
 * custom (its message is the text); else invalid.
 * `root` is the parsed input, to tell a missing value from one of the wrong type.
 */
export function zodIssueCode(
  issue: ZodIssueLike,
  root?: unknown,
): { code: string; params: IssueParams } {
  const origin = typeof issue.origin === 'string' ? issue.origin : '';
  switch (issue.code) {
    case 'invalid_type': {
      const missing =
        root !== undefined
          ? valueAt(root, issue.path) === undefined
          : /received undefined$/.test(issue.message);
      return missing
        ? { code: 'required', params: {} }
        : {
            code: 'invalid_type',
            params: { expected: typeof issue.expected === 'string' ? issue.expected : '' },
          };
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = num(small ? issue.minimum : issue.maximum);
      if (origin === 'string')
        return small
          ? { code: 'too_short', params: { minimum: limit } }
          : { code: 'too_long', params: { maximum: limit } };
      if (origin === 'array' || origin === 'set')
        return small
          ? { code: 'too_few', params: { minimum: limit } }
          : { code: 'too_many', params: { maximum: limit } };
      return small
        ? {
            code: issue.inclusive === false ? 'not_above' : 'too_small',
            params: { minimum: limit },
          }
        : { code: issue.inclusive === false ? 'not_below' : 'too_big', params: { maximum: limit } };
    }
    case 'invalid_value':
      return {
        code: 'invalid_enum',
        params: { options: (issue.values ?? []).map((v) => String(v)).join(', ') },
      };
    case 'invalid_format': {
      const named = typeof issue.pattern === 'string' ? FORMAT_NAMES.get(issue.pattern) : undefined;
      const format = named ?? (typeof issue.format === 'string' ? issue.format : 'regex');
      return { code: 'invalid_format', params: { format } };
    }
    case 'not_multiple_of':
      return { code: 'not_multiple_of', params: { divisor: num(issue.divisor) } };
    case 'unrecognized_keys':
      return { code: 'unknown_field', params: { name: (issue.keys ?? []).join(', ') } };
    case 'invalid_union':
      return { code: 'invalid', params: {} };
    case 'custom':
      // A refinement's own message says more than "not valid": the console shows it as written.
      return { code: 'custom', params: {} };
    default:
      return { code: 'invalid', params: {} };
  }
}
