// 通道配置历史 (channels.history) and its export: every change to a channel as the audit log
// holds it — status switches by ops, configuration diffs, circuit moves by the system — and
// nothing else; each filter narrows (channel, kind of change, actor, dates in Asia/Shanghai),
// keyset pages add up to the whole, the file holds exactly the filtered rows with an audit row;
// everyone who reads channels reads it.
import { USER_ROLES } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../http/exports/cells';
import { allPages, csvRows, downloads, exportAuditRows, xlsxRows } from '../../testing/downloads';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let finance: Caller;
let files: ReturnType<typeof downloads>;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

beforeAll(async () => {
  h = await startHarness();
  const ops = await h.callerAs('ops');
  await ops.channels.setStatus({ code: 'sandbox-a', status: 'maintenance', reason: '升级维护' });
  await ops.channels.setStatus({ code: 'sandbox-a', status: 'up', reason: '维护结束' });
  await ops.channels.setStatus({ code: 'sandbox-b', status: 'down', reason: '通道故障' });
  // A configuration change and a circuit move as those services write them, a day earlier
  // (the last second of 03-13 in Shanghai), and rows about other things.
  const write = (
    actorType: string,
    actorId: string,
    action: string,
    type: string,
    id: string,
    diff: unknown,
    at: string,
  ) =>
    q(
      `INSERT INTO audit_log (actor_type, actor_id, action, entity_type, entity_id, reason, diff, created_at)
       VALUES ($1, $2, $3, $4, $5, 'why', $6::jsonb, $7)`,
      [actorType, actorId, action, type, id, JSON.stringify(diff), at],
    );
  await write(
    'user',
    '1',
    'channel.config',
    'channel',
    'sandbox-b',
    {
      changes: [{ type: 'CHANGE', path: ['banks', 0, 'dailyLimitFen'], oldValue: 100, value: 200 }],
    },
    '2026-03-13T15:59:59Z',
  );
  await write(
    'system',
    'circuit',
    'channel.circuit',
    'channel',
    'sandbox-a',
    {
      circuit: { from: 'closed', to: 'open' },
    },
    '2026-03-13T16:00:00Z',
  );
  await write('system', 'x', 'channelx.note', 'channel', 'sandbox-a', null, '2026-03-14T02:00:00Z');
  await write('user', '1', 'card.bind', 'card', 'sandbox-a', null, '2026-03-14T02:00:00Z');
  finance = await h.callerAs('finance');
  files = downloads(h);
}, 120_000);
afterAll(() => h.close());

type Filter = Omit<Parameters<Caller['channels']['history']>[0], 'cursor' | 'limit'>;
const list = (filter: Filter, limit = 200) =>
  allPages((cursor) => finance.channels.history({ ...filter, cursor, limit }));

describe('channel history (通道配置历史)', () => {
  it('lists the changes to channels only, newest first, with who and why', async () => {
    const all = await list({});
    // Newest first by id (the order they were written, whatever their times).
    expect(all.map((r) => [r.entityId, r.action])).toEqual([
      ['sandbox-a', 'channel.circuit'],
      ['sandbox-b', 'channel.config'],
      ['sandbox-b', 'channel.status'],
      ['sandbox-a', 'channel.status'],
      ['sandbox-a', 'channel.status'],
    ]);
    expect(all).toHaveLength(5);
    expect(all.every((r) => r.entityType === 'channel' && r.action.startsWith('channel.'))).toBe(
      true,
    );
    const down = all.find((r) => r.reason === '通道故障')!;
    expect(down).toMatchObject({
      actor: 'ops',
      actorType: 'user',
      entityId: 'sandbox-b',
      diff: { status: { from: 'up', to: 'down' } },
    });
  });

  it('each filter narrows the rows to those it names', async () => {
    const all = await list({});
    const check = async (filter: Filter, keep: (r: (typeof all)[number]) => boolean) => {
      const want = all.filter(keep);
      expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(want.length, JSON.stringify(filter)).toBeLessThan(all.length);
      expect((await list(filter)).map((r) => r.id)).toEqual(want.map((r) => r.id));
    };
    await check({ channel: 'sandbox-b' }, (r) => r.entityId === 'sandbox-b');
    await check({ change: 'status' }, (r) => r.action === 'channel.status');
    await check({ change: 'config' }, (r) => r.action === 'channel.config');
    await check({ actor: 'ops' }, (r) => r.actor === 'ops');
    await check({ actor: 'circuit' }, (r) => r.action === 'channel.circuit');
    await check({ from: '2026-03-13', to: '2026-03-13' }, (r) => r.action === 'channel.config');
    await check({ from: '2026-03-14', to: '2026-03-14' }, (r) => r.action === 'channel.circuit');
    await check(
      { channel: 'sandbox-a', change: 'status' },
      (r) => r.entityId === 'sandbox-a' && r.action === 'channel.status',
    );
  });

  it('pages add up to the whole, each row once', async () => {
    const whole = await list({});
    expect((await list({}, 2)).map((r) => r.id)).toEqual(whole.map((r) => r.id));
  });

  it('exports exactly the filtered rows with an audit row; every role reads it', async () => {
    const filter = { channel: 'sandbox-a' };
    const [header, ...rows] = csvRows(
      await files.download('finance', 'channel-history', 'csv', filter),
    );
    expect(header).toEqual([
      '编号',
      '时间',
      '通道',
      '变更',
      '操作人类型',
      '操作人',
      '原因',
      '变更内容',
    ]);
    const want = await list(filter);
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[5], r[6]])).toEqual(
      want.map((r) => [r.id, shanghaiTime(r.at), r.entityId, r.action, r.actor, r.reason ?? '']),
    );
    expect(JSON.parse(rows.find((r) => r[3] === 'channel.circuit')![7]!)).toEqual({
      circuit: { from: 'closed', to: 'open' },
    });
    const [audit] = await exportAuditRows(h);
    expect(audit).toMatchObject({
      entityId: 'channel-history',
      diff: { format: 'csv', rows: 3, complete: true, filters: filter },
    });
    for (const role of USER_ROLES) {
      const [, ...sheet] = await xlsxRows(
        await files.download(role, 'channel-history', 'xlsx', { change: 'status' }),
      );
      expect(sheet, role).toHaveLength(3);
    }
  });
});
