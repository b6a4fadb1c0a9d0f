// The audit log as auditors read it (audit.list): each filter alone and together, business
// dates in Asia/Shanghai at the day's edges, keyset pages that add up to the whole, the diff as
// written, the entity types; and who may read it (auditor and admin, nobody else).
import { USER_ROLES } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let auditor: Caller;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

interface Written {
  actorType: 'user' | 'api_key' | 'system';
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  diff: unknown;
  at: string;
}

/** Rows written as the modules write them (audit_log refuses only UPDATE and DELETE). */
async function write(rows: Written[]) {
  for (const r of rows)
    await q(
      `INSERT INTO audit_log (actor_type, actor_id, action, entity_type, entity_id, reason, diff, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
      [
        r.actorType,
        r.actorId,
        r.action,
        r.entityType,
        r.entityId,
        r.reason,
        JSON.stringify(r.diff),
        r.at,
      ],
    );
}

let adminId: string;
let opsId: string;

beforeAll(async () => {
  h = await startHarness();
  const ids = await q<{ username: string; id: string }>(
    `SELECT username, id::text AS id FROM users WHERE username IN ('admin', 'ops')`,
  );
  adminId = ids.find((u) => u.username === 'admin')!.id;
  opsId = ids.find((u) => u.username === 'ops')!.id;
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 2, minute)).toISOString();
  await write([
    ...Array.from({ length: 12 }, (_, i) => ({
      actorType: 'user' as const,
      actorId: adminId,
      action: 'loan.pause',
      entityType: 'loan',
      entityId: 'AU-L1',
      reason: `暂停 ${i}`,
      diff: { paused: { from: false, to: true } },
      at: at(i),
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      actorType: 'user' as const,
      actorId: opsId,
      action: 'loan.resume',
      entityType: 'loan',
      entityId: 'AU-L2',
      reason: '恢复扣款',
      diff: { paused: { from: true, to: false } },
      at: at(20 + i),
    })),
    {
      actorType: 'system',
      actorId: 'notification',
      action: 'loanish.note',
      entityType: 'debit',
      entityId: 'W202603101000-1',
      reason: null,
      diff: null,
      at: at(30),
    },
    {
      actorType: 'api_key',
      actorId: 'rk_audit',
      action: 'payout.request',
      entityType: 'payout',
      entityId: 'AU-P1',
      reason: null,
      diff: { amount: '1234.56' },
      at: at(31),
    },
    // The last second of 14 March and the first of 15 March in Shanghai.
    {
      actorType: 'user',
      actorId: adminId,
      action: 'funder.update',
      entityType: 'funder',
      entityId: 'AU-F',
      reason: 'late',
      diff: {},
      at: '2026-03-14T15:59:59.000Z',
    },
    {
      actorType: 'user',
      actorId: adminId,
      action: 'funder.update',
      entityType: 'funder',
      entityId: 'AU-F',
      reason: 'early',
      diff: {},
      at: '2026-03-14T16:00:00.000Z',
    },
  ]);
  auditor = await h.callerAs('auditor');
}, 120_000);
afterAll(() => h.close());

/** Every row the filter finds, page by page. */
async function all(filter: Parameters<Caller['audit']['list']>[0], limit = 200) {
  const rows = [];
  let cursor: string | null = null;
  do {
    const page = await auditor.audit.list({ ...filter, limit, cursor });
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

describe('the audit log', () => {
  it('lists newest first with the actor by name and the diff as written', async () => {
    const rows = await all({ entityType: 'loan' });
    expect(rows).toHaveLength(15);
    expect(rows.map((r) => Number(r.id))).toEqual(
      [...rows.map((r) => Number(r.id))].sort((a, b) => b - a),
    );
    expect(rows[0]).toMatchObject({
      actorType: 'user',
      actorId: opsId,
      actor: 'ops',
      action: 'loan.resume',
      entityType: 'loan',
      entityId: 'AU-L2',
      reason: '恢复扣款',
      diff: { paused: { from: true, to: false } },
      at: '2026-03-10T02:22:00.000Z',
    });
    // An API key and the system are named by their id.
    expect((await all({ actorType: 'api_key', entityId: 'AU-P1' }))[0]!.actor).toBe('rk_audit');
  });

  it('filters by actor (username or id), action (exact or its prefix), entity and dates', async () => {
    expect(await all({ actor: 'admin', entityType: 'loan' })).toHaveLength(12);
    expect(await all({ actor: adminId, entityType: 'loan' })).toHaveLength(12);
    expect(await all({ actor: 'ops', action: 'loan' })).toHaveLength(3);
    expect(await all({ actor: 'notification' })).toHaveLength(1);
    expect(await all({ action: 'loan' })).toHaveLength(15);
    expect(await all({ action: 'loan.pause' })).toHaveLength(12);
    // A prefix ends at a dot: `loan` is not `loanish`, and a bare `loa` finds nothing.
    expect(await all({ action: 'loa' })).toHaveLength(0);
    expect(await all({ action: 'loanish' })).toHaveLength(1);
    expect(await all({ action: 'loan_%' })).toHaveLength(0);
    expect(await all({ entityType: 'loan', entityId: 'AU-L2' })).toHaveLength(3);
    expect(await all({ actorType: 'system', entityType: 'debit' })).toHaveLength(1);
    const day = (from: string, to: string) =>
      all({ entityType: 'funder', from, to }).then((r) => r.map((x) => x.reason));
    expect(await day('2026-03-14', '2026-03-14')).toEqual(['late']);
    expect(await day('2026-03-15', '2026-03-15')).toEqual(['early']);
    expect(await day('2026-03-14', '2026-03-15')).toEqual(['early', 'late']);
    expect(await all({ action: 'loan', from: '2026-03-11' })).toHaveLength(0);
    expect(await all({ action: 'loan', to: '2026-03-10', from: '2026-03-10' })).toHaveLength(15);
  });

  it('pages by the id: the pages add up to the whole, each row once', async () => {
    const whole = await all({ action: 'loan' });
    const paged = await all({ action: 'loan' }, 4);
    expect(paged.map((r) => r.id)).toEqual(whole.map((r) => r.id));
    const first = await auditor.audit.list({ action: 'loan', limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toBe(first.items[3]!.id);
    const last = await auditor.audit.list({ action: 'loan', limit: 15 });
    expect(last.nextCursor).toBeNull();
  });

  it('names the entity types written so far', async () => {
    const types = await auditor.audit.entityTypes();
    expect(types).toEqual([...types].sort());
    expect(types).toEqual(expect.arrayContaining(['debit', 'funder', 'loan', 'payout']));
  });

  it('refuses a filter it cannot read', async () => {
    await expect(auditor.audit.list({ from: '2026-02-30' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(auditor.audit.list({ actorType: 'robot' as 'system' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('is read by auditors and admins only', async () => {
    for (const role of USER_ROLES) {
      const caller = await h.callerAs(role);
      const may = role === 'auditor' || role === 'admin';
      if (may) {
        expect((await caller.audit.list({ action: 'loan' })).items).toHaveLength(15);
        expect(await caller.audit.entityTypes()).toContain('loan');
      } else {
        await expect(caller.audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
        await expect(caller.audit.entityTypes()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
    }
  });
});
