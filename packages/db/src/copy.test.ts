// COPY … FROM STDIN through the raw-SQL door (`Sql.copyIn`): values escaped by `copyText`
// arrive as written; a row the server refuses, before or after the last one is sent, rejects
// without hanging and leaves nothing; a COPY stopped by the caller leaves nothing and the
// connection serves the next transaction. PostgreSQL only: PGlite has no COPY from a client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyText, sqlFor } from './sql';
import { availableDrivers, openDriver } from './testing/drivers';
import type { TestDatabase } from './testing/index';

const row = (n: number, text: string | null) => `${n}\t${copyText(text)}\n`;

describe.each(availableDrivers())('copyIn on %s', (driver) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openDriver(driver);
    await db.sql.exec(`CREATE TABLE copied (n int NOT NULL CHECK (n >= 0), t text)`);
  });
  afterAll(async () => {
    await db.dispose();
  });

  const count = async () =>
    (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM copied`))[0]!.n;

  /** Copies `rows` in a transaction; what `end` (or the transaction) did. */
  async function copyRows(rows: string[], stopBefore?: number) {
    return db.db.transaction(async (tx) => {
      const copy = await sqlFor(tx).copyIn!(`COPY copied (n, t) FROM STDIN`);
      for (const [i, r] of rows.entries()) {
        if (i === stopBefore) {
          const reason = new Error('the file is refused at this row');
          await copy.abort(reason);
          throw reason;
        }
        await copy.write(r);
      }
      await copy.end();
    });
  }

  if (driver === 'pglite') {
    it('is not offered: callers write in batches', () => {
      expect(db.sql.copyIn).toBeUndefined();
    });
    return;
  }

  it('stores every row as written: tabs, line breaks, backslashes and nulls included', async () => {
    const texts = ['plain', 'a\ttab', 'two\nlines', 'back\\slash', 'cr\r', null, '\\N', ''];
    await copyRows(texts.map((t, i) => row(i, t)));
    const rows = await db.sql.query<{ n: number; t: string | null }>(
      `SELECT n, t FROM copied ORDER BY n`,
    );
    expect(rows.map((r) => r.t)).toEqual(texts);
    await db.sql.exec(`TRUNCATE copied`);
  });

  it('rejects, without hanging, a row refused after the last was sent, and keeps nothing', async () => {
    // The server holds the last rows until the end: the refusal comes after the stream ended.
    const rows = [...Array.from({ length: 10 }, (_, i) => row(i, 'ok')), row(-1, 'negative')];
    await expect(copyRows(rows)).rejects.toThrow();
    expect(await count()).toBe(0);
  });

  it('rejects a row refused while later ones are still being written', async () => {
    // 20,000 rows after the bad one: the refusal arrives while they are sent.
    const rows = [row(-1, 'negative'), ...Array.from({ length: 20_000 }, (_, i) => row(i, 'x'))];
    await expect(copyRows(rows)).rejects.toThrow();
    expect(await count()).toBe(0);
  });

  it('a COPY the caller stops keeps nothing, and the pool goes on', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i, 'x'));
    await expect(copyRows(rows, 4000)).rejects.toThrow('the file is refused at this row');
    expect(await count()).toBe(0);
    await copyRows(rows.slice(0, 3));
    expect(await count()).toBe(3);
  });
});
