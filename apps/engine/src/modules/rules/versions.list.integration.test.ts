// 规则版本 (ruleVersions.list) and its export: every version of every rule with its set, number,
// status, author, reviewer and last publication; each filter narrows to what it names (kind,
// status, scope, a user as author or reviewer, dates in Asia/Shanghai), keyset pages add up to
// the whole, and the file holds exactly the filtered versions with an audit row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../http/exports/cells';
import { allPages, csvRows, downloads, exportAuditRows, xlsxRows } from '../../testing/downloads';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let auditor: Caller;
let files: ReturnType<typeof downloads>;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

beforeAll(async () => {
  h = await startHarness();
  const users = await q<{ username: string; id: string }>(
    `SELECT username, id::text AS id FROM users WHERE username IN ('pm', 'finance')`,
  );
  const id = (name: string) => users.find((u) => u.username === name)!.id;
  const [set] = await q<{ id: string }>(
    `INSERT INTO rule_sets (kind, scope_type, scope_key, name)
     VALUES ('sms', 'product', 'SCF-STD', '供应链短信') RETURNING id::text AS id`,
  );
  // Three versions written by pm: one published (reviewed by finance) on the last second of
  // 03-13 in Shanghai, one rejected on 03-14, a draft on 03-15.
  const versions: [number, string, string | null, string][] = [
    [1, 'published', id('finance'), '2026-03-13T15:59:59Z'],
    [2, 'rejected', id('finance'), '2026-03-13T16:00:00Z'],
    [3, 'draft', null, '2026-03-15T01:00:00Z'],
  ];
  for (const [no, status, reviewer, at] of versions)
    await q(
      `INSERT INTO rule_versions (rule_set_id, version_no, status, body, note, author_id, reviewed_by_id,
                                  reviewed_at, review_note, created_at, updated_at)
       VALUES ($1, $2, $3, '{}'::jsonb, $4, $5, $6, $7, $8, $9, $9)`,
      [
        set!.id,
        no,
        status,
        `第 ${no} 版`,
        id('pm'),
        reviewer,
        reviewer ? at : null,
        reviewer ? '看过' : null,
        at,
      ],
    );
  await q(
    `INSERT INTO rule_publications (rule_set_id, version_id, mode, effective_from, set_revision, published_by_id, reason)
     SELECT $1, v.id, 'full', '2026-03-14T00:00:00Z', 1, $2, '上线' FROM rule_versions v
      WHERE v.rule_set_id = $1 AND v.version_no = 1`,
    [set!.id, id('finance')],
  );
  auditor = await h.callerAs('auditor');
  files = downloads(h);
}, 120_000);
afterAll(() => h.close());

type Filter = Omit<Parameters<Caller['ruleVersions']['list']>[0], 'cursor' | 'limit'>;
const list = (filter: Filter, limit = 200) =>
  allPages((cursor) => auditor.ruleVersions.list({ ...filter, cursor, limit }));

describe('rule versions (规则版本)', () => {
  it('lists every version of every rule, newest first, with who and when', async () => {
    const all = await list({});
    // The seed's rules are there too.
    expect(new Set(all.map((v) => v.kind)).size).toBeGreaterThan(1);
    const mine = all.filter((v) => v.name === '供应链短信');
    expect(mine.map((v) => [v.versionNo, v.status, v.author, v.reviewer])).toEqual([
      [3, 'draft', 'pm', null],
      [2, 'rejected', 'pm', 'finance'],
      [1, 'published', 'pm', 'finance'],
    ]);
    expect(mine[2]).toMatchObject({
      scopeType: 'product',
      scopeKey: 'SCF-STD',
      publishedMode: 'full',
      publishedAt: '2026-03-14T00:00:00.000Z',
    });
  });

  it('each filter narrows the versions to those it names', async () => {
    const all = await list({});
    const check = async (filter: Filter, keep: (v: (typeof all)[number]) => boolean) => {
      const want = all.filter(keep);
      expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(want.length, JSON.stringify(filter)).toBeLessThan(all.length);
      expect((await list(filter)).map((v) => v.id)).toEqual(want.map((v) => v.id));
    };
    await check({ kind: 'sms' }, (v) => v.kind === 'sms');
    await check({ status: 'rejected' }, (v) => v.status === 'rejected');
    await check({ scopeType: 'product' }, (v) => v.scopeType === 'product');
    await check({ user: 'finance' }, (v) => v.author === 'finance' || v.reviewer === 'finance');
    // Dates are Shanghai's: 15:59:59Z is 03-13, 16:00:00Z is 03-14.
    const names = async (from: string, to: string) =>
      (await list({ kind: 'sms', scopeType: 'product', from, to })).map((v) => v.versionNo);
    expect(await names('2026-03-13', '2026-03-13')).toEqual([1]);
    expect(await names('2026-03-14', '2026-03-14')).toEqual([2]);
    expect(await names('2026-03-13', '2026-03-15')).toEqual([3, 2, 1]);
    await expect(auditor.ruleVersions.list({ status: 'live' as 'draft' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('pages add up to the whole, each version once', async () => {
    const whole = await list({});
    expect((await list({}, 2)).map((v) => v.id)).toEqual(whole.map((v) => v.id));
  });

  it('exports exactly the filtered versions with an audit row', async () => {
    const filter = { user: 'pm' };
    const [header, ...rows] = csvRows(
      await files.download('auditor', 'rule-versions', 'csv', filter),
    );
    expect(header!.slice(0, 3)).toEqual(['版本编号', '规则类型', '规则名称']);
    const want = await list(filter);
    expect(rows.map((r) => [r[0], r[5], r[6], r[8], r[14], r[15]])).toEqual(
      want.map((v) => [
        v.id,
        String(v.versionNo),
        v.status,
        v.author ?? '',
        shanghaiTime(v.publishedAt) ?? '',
        shanghaiTime(v.createdAt),
      ]),
    );
    expect(rows.find((r) => r[6] === 'published')![14]).toBe('2026-03-14 08:00:00');
    const [audit] = await exportAuditRows(h);
    expect(audit).toMatchObject({
      entityId: 'rule-versions',
      diff: { format: 'csv', rows: 3, complete: true, filters: filter },
    });
    const [, ...sheet] = await xlsxRows(
      await files.download('ops', 'rule-versions', 'xlsx', { status: 'draft', kind: 'sms' }),
    );
    expect(sheet.map((r) => r[0])).toEqual(
      (await list({ status: 'draft', kind: 'sms' })).map((v) => v.id),
    );
  });
});
