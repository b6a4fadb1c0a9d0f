/**
 * A parenthesised list of constant text values for an `IN` of raw SQL: `status IN ${sqlList(S)}`.
 * For the vocabulary's fixed lists only (quotes doubled); values a caller sends are parameters.
 */
export const sqlList = (values: readonly string[]): string =>
  `(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
