// Raw-SQL rows carry int8 columns and bigint expressions as bigint, string or number, depending
// on the driver and the expression's type: a repository turns each into a bigint here.
export const bigintOf = (value: unknown): bigint => BigInt(value as string | number | bigint);

export const bigintOrNull = (value: unknown): bigint | null =>
  value === null || value === undefined ? null : bigintOf(value);
