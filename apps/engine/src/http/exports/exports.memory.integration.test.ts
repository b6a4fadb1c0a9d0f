// A large export streams: 50,000 audit rows of about a kilobyte each (EXPORT_ROWS for more)
// leave the engine as CSV and as xlsx while the live heap and buffers, measured after a full
// collection at every few megabytes received, stay far below the file's size; the file parses back to every
// row in order. A client that leaves half-way stops the export, and its audit row says so.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ORIGIN, startHarness, type Harness } from '../../testing/harness';

const ROWS = Number(process.env.EXPORT_ROWS ?? 50_000);
const MB = 1024 * 1024;
/** The live heap and buffers may grow by this much while a file many times its size streams. */
const LIVE_HEAP_BOUND = 32 * MB;
/** Generous: two shared cores; a million rows (EXPORT_ROWS) take minutes. */
const TIMEOUT = Math.max(120_000, ROWS * 2);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** What the process holds in JavaScript: the heap and the buffers outside it (file chunks). */
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

let h: Harness;
let cookie: string;
let dir: string;

beforeAll(async () => {
  h = await startHarness();
  // About a kilobyte each: a diff with a note, like a rule's or a format's change.
  await h.app.database.sql.query(
    `INSERT INTO audit_log (actor_type, actor_id, action, entity_type, entity_id, reason, diff, created_at)
     SELECT 'system', 'bulk', 'bulk.load', 'bulk', 'B' || g, '批量导入 第' || g || '行',
            jsonb_build_object('n', g, 'note', repeat('变更说明', 80)),
            timestamptz '2026-03-01 00:00:00+08' + g * interval '1 second'
       FROM generate_series(1, $1::int) g`,
    [ROWS],
  );
  const res = await fetch(`${h.baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'auditor', password: 'repay123' }),
  });
  cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  dir = await mkdtemp(join(tmpdir(), 'repay-export-'));
}, TIMEOUT);
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

interface Measured {
  bytes: number;
  /** The most the live heap and buffers grew (after a full collection) over the baseline. */
  liveGrowth: number;
  /** The most they grew between collections (garbage included). */
  peakGrowth: number;
  ms: number;
}

/** Downloads into `sink`, measuring the heap every `every` bytes; nothing is kept in memory. */
async function measure(path: string, sink: Writable, every: number): Promise<Measured> {
  gc();
  const baseline = used();
  let liveGrowth = 0;
  let peakGrowth = 0;
  let bytes = 0;
  let next = every;
  const started = performance.now();
  const res = await fetch(`${h.baseUrl}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    peakGrowth = Math.max(peakGrowth, used() - baseline);
    if (!sink.write(value)) await new Promise((r) => sink.once('drain', r));
    if (bytes >= next) {
      next += every;
      gc();
      liveGrowth = Math.max(liveGrowth, used() - baseline);
    }
  }
  const ms = performance.now() - started;
  await new Promise<void>((resolve, reject) =>
    sink.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  return { bytes, liveGrowth, peakGrowth, ms };
}

const report = (what: string, m: Measured) =>
  console.info(
    `[export] ${what}: ${ROWS} rows, ${(m.bytes / MB).toFixed(1)} MiB in ${(m.ms / 1000).toFixed(1)} s; ` +
      `live heap and buffers +${(m.liveGrowth / MB).toFixed(1)} MiB, peak +${(m.peakGrowth / MB).toFixed(1)} MiB`,
  );

describe('a large export', () => {
  it(
    'CSV streams with a bounded heap, every row once, newest first',
    async () => {
      let rows = 0;
      let previous = Number.POSITIVE_INFINITY;
      let ordered = true;
      const parser = parse({ bom: true, from_line: 2 });
      const checked = pipeline(
        parser,
        new Writable({
          objectMode: true,
          write(record: string[], _enc, done) {
            const n = Number(record[6]!.slice(1));
            if (n >= previous || record[4] !== 'bulk.load') ordered = false;
            previous = n;
            rows++;
            done();
          },
        }),
      );
      const m = await measure('/exports/audit-log.csv?action=bulk.load', parser, 2 * MB);
      await checked;
      report('CSV', m);
      expect(rows).toBe(ROWS);
      expect(ordered).toBe(true);
      expect(m.bytes).toBeGreaterThan(ROWS * 1000);
      expect(m.liveGrowth).toBeLessThan(LIVE_HEAP_BOUND);
      expect(m.liveGrowth).toBeLessThan(m.bytes / 4);
    },
    TIMEOUT,
  );

  it(
    'xlsx streams with a bounded heap and opens with every row',
    async () => {
      const file = join(dir, 'audit.xlsx');
      const m = await measure(
        '/exports/audit-log.xlsx?action=bulk.load',
        createWriteStream(file),
        // Compressed about 30 times: a measurement every 128 KiB is one every 4 MiB of rows.
        128 * 1024,
      );
      report('xlsx', m);
      expect(m.liveGrowth).toBeLessThan(LIVE_HEAP_BOUND);
      let rows = 0;
      let last = '';
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {});
      for await (const sheet of reader)
        for await (const row of sheet) {
          rows++;
          last = row.getCell(7).text;
        }
      expect(rows).toBe(ROWS + 1);
      expect(last).toBe('B1');
    },
    TIMEOUT,
  );

  it('stops when the client leaves, and its audit row says how far it got', async () => {
    const stop = new AbortController();
    const res = await fetch(`${h.baseUrl}/exports/audit-log.csv?action=bulk.load`, {
      headers: { cookie },
      signal: stop.signal,
    });
    const reader = res.body!.getReader();
    let bytes = 0;
    while (bytes < 2 * MB) bytes += (await reader.read()).value!.byteLength;
    stop.abort();
    const row = async () =>
      (
        await h.app.database.sql.query<{ diff: { rows: number; complete: boolean } }>(
          `SELECT diff FROM audit_log WHERE action = 'export.download' ORDER BY id DESC LIMIT 1`,
        )
      )[0]?.diff;
    await expect.poll(async () => (await row())?.complete, { timeout: 20_000 }).toBe(false);
    const { rows } = (await row())!;
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(ROWS);
  });
});
