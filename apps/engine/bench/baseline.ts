// The benchmarks' baseline: the rows a run wrote, copied server-side (INSERT … SELECT, like
// COPY without the client) into an empty table of the same shape as theirs: columns,
// defaults, checks, indexes, and the same foreign keys, which a COPY into the table itself
// would check row by row. `CREATE TABLE … (LIKE … INCLUDING ALL)` leaves foreign keys out,
// so they are added from the catalogue.
type Query = <T extends object>(text: string, params?: unknown[]) => Promise<T[]>;

export async function createShapedLike(q: Query, source: string, target: string) {
  await q(`create table ${target} (like ${source} including all)`);
  const keys = await q<{ def: string }>(
    `select pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = $1::regclass and contype = 'f' order by conname`,
    [source],
  );
  for (const { def } of keys) await q(`alter table ${target} add ${def}`);
  return keys.length;
}

/** Copy `select` into a new table shaped like `source`; the milliseconds and rows copied. */
export async function timedCopy(q: Query, source: string, target: string, select: string) {
  await createShapedLike(q, source, target);
  const t0 = performance.now();
  await q(`insert into ${target} ${select}`);
  const ms = performance.now() - t0;
  const [copied] = await q<{ n: number }>(`select count(*)::int as n from ${target}`);
  return { ms, rows: copied!.n };
}
