import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, pgError, PG_UNIQUE_VIOLATION } from './errors';
import { funders, installments } from './schema/index';
import { jsonArray, sqlFor } from './sql';
import { availableDrivers, openDriver } from './testing/drivers';
import { seedFixture, type Fixture } from './testing/fixtures';
import type { TestDatabase } from './testing/index';

const BIG = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a JS number

const TYPES_QUERY = `
  SELECT 1::int8 AS small, $1::int8 AS big, NULL::int8 AS none, ARRAY[1, $1]::int8[] AS bigs,
         count(*) AS counted, 7::int4 AS int4, 1.50::numeric(12, 2) AS amount,
         ARRAY[0.049]::numeric[] AS rates, '2026-01-31'::date AS day,
         ARRAY['2026-02-28'::date] AS days, '2026-01-15T08:00:00Z'::timestamptz AS at,
         ARRAY['2026-01-15T08:00:00Z'::timestamptz] AS ats, $2::jsonb AS doc, true AS yes,
         $3::timestamptz AS param_at, 'x'::text AS label`;

const EXPECTED = {
  small: 1n,
  big: BIG,
  none: null,
  bigs: [1n, BIG],
  counted: 1n,
  int4: 7,
  amount: '1.50',
  rates: ['0.049'],
  day: '2026-01-31',
  days: ['2026-02-28'],
  at: new Date('2026-01-15T08:00:00Z'),
  ats: [new Date('2026-01-15T08:00:00Z')],
  doc: { fen: '5', nested: { ok: true } },
  yes: true,
  param_at: new Date('2026-01-15T08:00:00Z'),
  label: 'x',
};

const results: Record<string, unknown> = {};

describe.each(availableDrivers())('sql on %s', (driver) => {
  let db: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    db = await openDriver(driver);
    fx = await seedFixture(db.db);
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('normalises values: int8 → bigint, numeric → string, date → string, timestamptz → Date', async () => {
    const rows = await db.sql.query(TYPES_QUERY, [
      BIG,
      { fen: 5n, nested: { ok: true } },
      new Date('2026-01-15T08:00:00Z'),
    ]);
    expect(rows).toEqual([EXPECTED]);
    const [row] = rows;
    expect(typeof row!.small).toBe('bigint');
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    results[driver] = row;
  });

  it('drizzle reads bigint, date and timestamptz columns the same way', async () => {
    const [row] = await db.db
      .select()
      .from(installments)
      .where(eq(installments.id, fx.installmentId));
    expect(row!.principalDue).toBe(788_488n);
    expect(row!.loanId).toBe(fx.loanId);
    expect(row!.dueDate).toBe('2026-02-15');
    expect(row!.createdAt).toBeInstanceOf(Date);
  });

  it('batch-inserts with unnest($1::bigint[], …) and reads the rows back exactly', async () => {
    const periods = [2, 3, 4];
    const principal = [BIG, 1n, 0n];
    const rows = await db.sql.query<{ id: bigint; period: number; principal_due: bigint }>(
      `INSERT INTO installments (loan_id, plan_version_id, period, due_date, principal_due, interest_due, is_current)
       SELECT $1, $2, u.period, u.due_date, u.principal, coalesce(u.interest, 0), u.live
         FROM unnest($3::int4[], $4::date[], $5::bigint[], $6::bigint[], $7::boolean[])
              AS u(period, due_date, principal, interest, live)
       RETURNING id, period, principal_due`,
      [
        fx.loanId,
        fx.planVersionId,
        periods,
        ['2026-03-15', '2026-04-15', '2026-05-15'],
        principal,
        [100n, null, 0n],
        [true, true, false],
      ],
    );
    expect(rows.map((r) => [r.period, r.principal_due])).toEqual(
      periods.map((p, i) => [p, principal[i]]),
    );
    expect(rows.every((r) => typeof r.id === 'bigint')).toBe(true);
    const back = await db.db
      .select()
      .from(installments)
      .where(eq(installments.planVersionId, fx.planVersionId));
    expect(back.find((r) => r.period === 2)!.principalDue).toBe(BIG);
  });

  it('accepts empty arrays, NULL elements and text that needs quoting', async () => {
    expect(
      await db.sql.query(`SELECT * FROM unnest($1::bigint[], $2::text[]) AS u(a, b)`, [[], []]),
    ).toEqual([]);
    const texts = ['a "quoted", {braced} \\ text', 'NULL', '', '张三'];
    const rows = await db.sql.query<{ t: string | null }>(`SELECT unnest($1::text[]) AS t`, [
      [...texts, null],
    ]);
    expect(rows.map((r) => r.t)).toEqual([...texts, null]);
    const dates = await db.sql.query(
      `SELECT $1::date[] AS d, $2::timestamptz[] AS ts, $3::numeric[] AS n`,
      [['2026-01-31', null], [new Date('2026-01-15T08:00:00Z')], ['0.049', 1.5]],
    );
    expect(dates).toEqual([
      { d: ['2026-01-31', null], ts: [new Date('2026-01-15T08:00:00Z')], n: ['0.049', '1.5'] },
    ]);
    // Numbers go unquoted, JSON text (quotes inside) escaped.
    const mixed = await db.sql.query(
      `SELECT $1::bigint[] AS b, $2::text[] AS t, $3::jsonb[] AS j`,
      [
        [-5n, 0n, 9007199254740993n],
        [1, -2.5, 'x'],
        [JSON.stringify({ a: { day: 1, exact: '0.5' } }), '{}'],
      ],
    );
    expect(mixed).toEqual([
      {
        b: [-5n, 0n, 9007199254740993n],
        t: ['1', '-2.5', 'x'],
        j: [{ a: { day: 1, exact: '0.5' } }, {}],
      },
    ]);
  });

  it('jsonArray sends a batch column of documents as one parameter, in order, exactly', async () => {
    const docs = [
      { quote: 'a "b" \\ c', fen: 5n, nested: [1, { ok: true }] },
      null,
      { name: '张三' },
      [],
    ];
    const rows = await db.sql.query<{ n: bigint; key: string; doc: unknown }>(
      `SELECT n, key, NULLIF(doc, 'null') AS doc
         FROM ROWS FROM (unnest($1::text[]), jsonb_array_elements($2::jsonb)) WITH ORDINALITY
              AS x(key, doc, n)`,
      [['k1', 'k2', 'k3', 'k4'], jsonArray(docs)],
    );
    expect(rows).toEqual([
      { n: 1n, key: 'k1', doc: { quote: 'a "b" \\ c', fen: '5', nested: [1, { ok: true }] } },
      { n: 2n, key: 'k2', doc: null },
      { n: 3n, key: 'k3', doc: { name: '张三' } },
      { n: 4n, key: 'k4', doc: [] },
    ]);
    expect(
      await db.sql.query(`SELECT count(*) AS n FROM jsonb_array_elements($1::jsonb)`, [
        jsonArray([]),
      ]),
    ).toEqual([{ n: 0n }]);
  });

  it('exec runs several statements', async () => {
    // Not a TEMP table: outside a transaction each call may use another pooled connection.
    await db.sql.exec(`CREATE TABLE scratch (n int8); INSERT INTO scratch VALUES (1), (2);`);
    expect(await db.sql.query(`SELECT sum(n)::int8 AS total FROM scratch`)).toEqual([
      { total: 3n },
    ]);
  });

  it('sqlFor(tx) runs inside the drizzle transaction and rolls back with it', async () => {
    await expect(
      db.db.transaction(async (tx) => {
        const sql = sqlFor(tx);
        await tx.insert(funders).values({ code: 'TX-1', name: 'tx', type: 'bank' });
        await sql.query(`INSERT INTO funders (code, name, type) VALUES ($1, 'tx', 'bank')`, [
          'TX-2',
        ]);
        const seen = await sql.query<{ n: bigint }>(
          `SELECT count(*) AS n FROM funders WHERE code LIKE 'TX-%'`,
        );
        expect(seen[0]!.n).toBe(2n);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await db.sql.query(`SELECT code FROM funders WHERE code LIKE 'TX-%'`);
    expect(after).toEqual([]);
  });

  it('sqlFor works in nested transactions (savepoints) and commits with the outer one', async () => {
    await db.db.transaction(async (tx) => {
      await sqlFor(tx).query(
        `INSERT INTO funders (code, name, type) VALUES ('NEST-1', 'n', 'bank')`,
      );
      await tx
        .transaction(async (inner) => {
          await sqlFor(inner).query(
            `INSERT INTO funders (code, name, type) VALUES ('NEST-2', 'n', 'bank')`,
          );
          throw new Error('inner only');
        })
        .catch(() => undefined);
    });
    const rows = await db.sql.query<{ code: string }>(
      `SELECT code FROM funders WHERE code LIKE 'NEST-%'`,
    );
    expect(rows.map((r) => r.code)).toEqual(['NEST-1']);
  });

  it('pgError reads constraint violations from drizzle and raw errors alike', async () => {
    const viaDrizzle = await db.db
      .insert(funders)
      .values({ code: 'F-A', name: 'dup', type: 'bank' })
      .catch((e: unknown) => e);
    const viaSql = await db.sql
      .query(`INSERT INTO funders (code, name, type) VALUES ('F-A', 'dup', 'bank')`)
      .catch((e: unknown) => e);
    for (const error of [viaDrizzle, viaSql]) {
      expect(pgError(error)).toMatchObject({
        code: PG_UNIQUE_VIOLATION,
        constraint: 'funders_code_unique',
      });
      expect(isUniqueViolation(error, 'funders_code_unique')).toBe(true);
    }
    expect(pgError(new Error('plain'))).toBeUndefined();
  });
});

describe.skipIf(availableDrivers().length < 2)('sql across drivers', () => {
  it('returns identical values on PGlite and PostgreSQL', () => {
    expect(results.pglite).toBeDefined();
    expect(results.postgres).toEqual(results.pglite);
  });
});
