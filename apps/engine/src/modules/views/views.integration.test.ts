// Saved views: each user sees their own views of a page and the shared ones of others; saving a
// name again replaces it; only the owner or an administrator deletes one; bad input names the
// field and saves nothing; sharing and deleting leave audit rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let finance: Caller;
let ops: Caller;
let admin: Caller;

beforeAll(async () => {
  h = await startHarness();
  finance = await h.callerAs('finance');
  ops = await h.callerAs('ops');
  admin = await h.callerAs('admin');
});
afterAll(() => h.close());

describe('saved views', () => {
  it('keeps a view per owner and page, offers the shared ones to others, replaces by name', async () => {
    const mine = await finance.views.save({
      page: '/reports',
      name: '华东资方本月',
      query: 'from=2026-03-01&to=2026-03-15&funderCode=F001',
    });
    expect(mine).toMatchObject({ mine: true, shared: false, removable: true });
    const shared = await finance.views.save({
      page: '/reports',
      name: '全部渠道',
      query: 'channel=',
      shared: true,
    });
    await finance.views.save({ page: '/debits', name: '失败订单', query: 'status=failed' });

    // Names in code-point order, the same on every database.
    expect((await finance.views.list({ page: '/reports' })).map((v) => v.name)).toEqual([
      '全部渠道',
      '华东资方本月',
    ]);
    // Another user sees only the shared one, not to be deleted by them.
    const seen = await ops.views.list({ page: '/reports' });
    expect(seen).toEqual([
      expect.objectContaining({
        id: shared.id,
        mine: false,
        removable: false,
        owner: expect.any(String),
      }),
    ]);
    await ops.views.save({ page: '/reports', name: '全部渠道', query: 'bank=ICBC' });
    expect((await ops.views.list({ page: '/reports' })).map((v) => [v.name, v.mine])).toEqual([
      ['全部渠道', true],
      ['全部渠道', false],
    ]);

    // The same name again replaces the view (same id), changing its filters.
    const again = await finance.views.save({
      page: '/reports',
      name: '华东资方本月',
      query: 'from=2026-03-01&to=2026-03-15&funderCode=F002',
    });
    expect(again.id).toBe(mine.id);
    expect(again.query).toBe('from=2026-03-01&to=2026-03-15&funderCode=F002');
    expect(await h.count('saved_views')).toBe(4);
  });

  it('lets only the owner or an administrator delete, and audits it', async () => {
    const shared = (await ops.views.list({ page: '/reports' })).find((v) => !v.mine)!;
    await expect(ops.views.remove({ id: shared.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await admin.views.remove({ id: shared.id });
    expect((await finance.views.list({ page: '/reports' })).map((v) => v.name)).toEqual([
      '华东资方本月',
    ]);
    await expect(admin.views.remove({ id: shared.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const rows = await h.app.database.sql.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_type = 'saved_view' ORDER BY id`,
    );
    // Sharing, replacing and deleting are audited; a private new view is not.
    expect(rows.map((r) => r.action)).toEqual(['view.save', 'view.save', 'view.delete']);
  });

  it('refuses bad input naming the field, saving nothing', async () => {
    const before = await h.count('saved_views');
    await expect(finance.views.save({ page: 'reports', name: 'x', query: '' })).rejects.toThrow(
      /page/,
    );
    await expect(finance.views.save({ page: '/reports', name: '  ', query: '' })).rejects.toThrow(
      /name/,
    );
    await expect(
      finance.views.save({ page: '/reports', name: 'long', query: 'a='.padEnd(2001, 'x') }),
    ).rejects.toThrow(/query/);
    expect(await h.count('saved_views')).toBe(before);
  });
});
