// A problem found in a rule, located by JSON path so the console can show it at the field.
export interface RuleIssue {
  path: (string | number)[];
  message: string;
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
