// The benchmarks' baselines: the rows a run wrote, copied into an empty table of the same
// shape as theirs: columns, defaults, checks, indexes, and the same foreign keys, which a
// COPY into the table itself would check row by row. `CREATE TABLE … (LIKE … INCLUDING ALL)`
// leaves foreign keys out, so they are added from the catalogue. Two ways: a real COPY …
// FROM STDIN from the client, or INSERT … SELECT inside the server (stricter: no text to
// parse, nothing on the wire). Each reports its milliseconds, rows, and the CPU seconds the
// machine spent on it (this process and PostgreSQL; null without /proc).
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { startCpuMeter, type CpuSplit } from './cpu';

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

/** The CPU seconds a copy cost: this process (streaming the rows) and the rest (PostgreSQL). */
const cpuSecondsOf = (split: CpuSplit) => (split.rest === null ? null : split.engine + split.rest);

/** Copy `select` into a new table shaped like `source`; the milliseconds and rows copied. */
export async function timedCopy(q: Query, source: string, target: string, select: string) {
  await createShapedLike(q, source, target);
  const t0 = performance.now();
  const cpu = startCpuMeter();
  await q(`insert into ${target} ${select}`);
  const ms = performance.now() - t0;
  const cpuSeconds = cpuSecondsOf(cpu());
  const [copied] = await q<{ n: number }>(`select count(*)::int as n from ${target}`);
  return { ms, rows: copied!.n, cpuSeconds };
}

/**
 * A real COPY: the rows of `select` exported to a file first (not timed), then streamed from
 * this process into a new table shaped like `source` with `COPY … FROM STDIN` (text format, as
 * psql's \copy sends it): the milliseconds and rows copied. Unlike INSERT … SELECT, the server
 * parses every value from text, and the rows cross the connection.
 */
export async function timedStreamCopy(
  url: string,
  q: Query,
  source: string,
  target: string,
  select: string,
  dir: string,
) {
  const file = join(dir, `${source}.copy`);
  // The export on a connection of its own, ended at once: postgres.js leaves a connection
  // that streamed a large COPY TO unable to run the next query.
  const exporter = postgres(url, { max: 1 });
  try {
    await pipeline(
      await exporter.unsafe(`copy (${select}) to stdout`).readable(),
      createWriteStream(file),
    );
  } finally {
    await exporter.end({ timeout: 0 });
  }
  await createShapedLike(q, source, target);
  const sql = postgres(url, { max: 1 });
  try {
    const t0 = performance.now();
    const cpu = startCpuMeter();
    await pipeline(
      createReadStream(file),
      await sql.unsafe(`copy ${target} from stdin`).writable(),
    );
    const ms = performance.now() - t0;
    const cpuSeconds = cpuSecondsOf(cpu());
    const [copied] = await q<{ n: number }>(`select count(*)::int as n from ${target}`);
    return { ms, rows: copied!.n, cpuSeconds };
  } finally {
    await sql.end();
    rmSync(file);
  }
}
