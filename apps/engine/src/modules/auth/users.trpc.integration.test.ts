// 用户管理 and the password change: what admins may do to users (audited with a reason), what
// they may not (lock everyone out), and the forced change of a password someone else chose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallerFactory } from '../../trpc/init';
import { appRouter } from '../../trpc/root';
import { startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let admin: Caller;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.callerAs('admin');
}, 60_000);
afterAll(() => h.close());

/** A caller signed in with any password (callerAs knows only the demo one). */
async function signIn(username: string, password: string) {
  const session = await h.app.services.auth.login({
    username,
    password,
    clientAddress: '10.9.0.1',
  });
  const caller = createCallerFactory(appRouter)({
    services: h.app.services,
    user: session.user,
    sessionToken: session.token,
    clientAddress: '10.9.0.1',
    setSessionCookie: () => {},
    clearSessionCookie: () => {},
  });
  return { caller, session };
}

const audits = (action: string) =>
  h.app.database.sql.query<{ actor_id: string; entity_id: string; reason: string; diff: unknown }>(
    `select actor_id, entity_id, reason, diff from audit_log where action = $1 order by id`,
    [action],
  );

describe('users (admin)', () => {
  it('lists the users with their role, status and sessions; other roles may not', async () => {
    const list = await admin.users.list();
    expect(list.map((u) => u.username)).toEqual(
      expect.arrayContaining(['admin', 'ops', 'finance', 'pm', 'auditor']),
    );
    expect(list.find((u) => u.username === 'admin')).toMatchObject({
      role: 'admin',
      status: 'active',
      mustChangePassword: false,
    });
    const ops = await h.callerAs('ops');
    await expect(ops.users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      ops.users.create({ username: 'x1', displayName: 'x', role: 'ops', reason: 'try' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('creates a user with a generated password that must be changed at the first sign-in', async () => {
    const created = await admin.users.create({
      username: 'zhao.liu',
      displayName: '赵六',
      role: 'finance',
      reason: '新入职',
    });
    expect(created.temporaryPassword).toMatch(/^[\w-]{16}$/);
    const entry = (await audits('user.create')).find((e) => e.entity_id === created.id);
    const adminId = (await admin.auth.me())!.id;
    expect(entry).toMatchObject({ actor_id: adminId, reason: '新入职' });
    expect(JSON.stringify(entry!.diff)).not.toContain(created.temporaryPassword);

    const { caller, session } = await signIn('zhao.liu', created.temporaryPassword);
    expect(session.user.mustChangePassword).toBe(true);
    expect(await caller.auth.me()).toMatchObject({ mustChangePassword: true });
    // Nothing else until the password is changed.
    await expect(caller.loans.list({})).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'change your password first',
    });
    await expect(
      caller.auth.changePassword({
        currentPassword: created.temporaryPassword,
        newPassword: 'short',
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/10 characters/),
    });
    await caller.auth.changePassword({
      currentPassword: created.temporaryPassword,
      newPassword: 'a long new passphrase',
    });
    const again = await signIn('zhao.liu', 'a long new passphrase');
    expect(again.session.user.mustChangePassword).toBe(false);
    await expect(again.caller.loans.list({})).resolves.toBeDefined();
    expect(await audits('user.password_change')).toHaveLength(1);
  });

  it('refuses a duplicate username and a bad one, naming the field', async () => {
    await expect(
      admin.users.create({ username: 'ops', displayName: 'x', role: 'ops', reason: 'dup' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      admin.users.create({ username: 'bad name', displayName: 'x', role: 'ops', reason: 'x1' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      admin.users.create({ username: 'no-reason', displayName: 'x', role: 'ops', reason: '' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('changes a role, audited with the reason; the new role applies to open sessions', async () => {
    await h.app.services.users.createUser({ username: 'mover', role: 'ops', password: 'repay123' });
    const { session } = await signIn('mover', 'repay123');
    const id = (await admin.users.list()).find((u) => u.username === 'mover')!.id;
    expect(await admin.users.changeRole({ userId: id, role: 'auditor', reason: '转岗' })).toEqual({
      role: 'auditor',
    });
    const [entry] = await audits('user.role_change');
    expect(entry).toMatchObject({
      entity_id: id,
      reason: '转岗',
      diff: { role: { from: 'ops', to: 'auditor' } },
    });
    expect(await h.app.services.auth.sessionUser(session.token)).toMatchObject({ role: 'auditor' });
    await expect(
      admin.users.changeRole({ userId: id, role: 'auditor', reason: 'again' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('never disables, demotes or resets oneself, nor leaves no active admin', async () => {
    const me = (await admin.users.list()).find((u) => u.username === 'admin')!;
    await expect(
      admin.users.setStatus({ userId: me.id, status: 'disabled', reason: 'oops' }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    await expect(
      admin.users.changeRole({ userId: me.id, role: 'ops', reason: 'oops' }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    await expect(
      admin.users.resetPassword({ userId: me.id, reason: 'oops' }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    // From the command line (no user acting), the last active admin still stays.
    await expect(
      h.app.services.users.setStatus(
        { userId: me.id, status: 'disabled', reason: 'cli' },
        { type: 'system', id: 'cli' },
      ),
    ).rejects.toThrow(/last active admin/);

    // Another admin may be disabled: their sessions end.
    await h.app.services.users.createUser({
      username: 'admin2',
      role: 'admin',
      password: 'repay123',
    });
    const { session } = await signIn('admin2', 'repay123');
    const second = (await admin.users.list()).find((u) => u.username === 'admin2')!;
    await admin.users.setStatus({ userId: second.id, status: 'disabled', reason: 'test' });
    expect(await h.app.services.auth.sessionUser(session.token)).toBeNull();
    const [entry] = await audits('user.disable');
    expect(entry).toMatchObject({ entity_id: second.id, reason: 'test' });
  });

  it('resets a password: sessions end, the user must change it, the reason is audited', async () => {
    await h.app.services.users.createUser({
      username: 'resettee',
      role: 'pm',
      password: 'repay123',
    });
    const before = await signIn('resettee', 'repay123');
    const id = (await admin.users.list()).find((u) => u.username === 'resettee')!.id;
    const reset = await admin.users.resetPassword({ userId: id, reason: '忘记密码' });
    expect(reset.sessionsEnded).toBe(1);
    expect(await h.app.services.auth.sessionUser(before.session.token)).toBeNull();
    await expect(
      h.app.services.auth.login({
        username: 'resettee',
        password: 'repay123',
        clientAddress: '10.9.0.2',
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const { session } = await signIn('resettee', reset.temporaryPassword);
    expect(session.user.mustChangePassword).toBe(true);
    expect((await audits('user.password_reset'))[0]).toMatchObject({ reason: '忘记密码' });
  });
});

describe('changing one’s own password', () => {
  it('needs the current password (a wrong one counts as a failed sign-in) and ends the other sessions', async () => {
    await h.app.services.users.createUser({ username: 'owner', role: 'ops', password: 'repay123' });
    const one = await signIn('owner', 'repay123');
    const two = await signIn('owner', 'repay123');
    await expect(
      one.caller.auth.changePassword({ currentPassword: 'wrong', newPassword: 'brand new secret' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'currentPassword: wrong password' });
    const [count] = await h.app.database.sql.query<{ failures: number }>(
      `select failures from login_throttles where bucket = 'user:owner'`,
    );
    expect(count?.failures).toBe(1);
    await expect(
      one.caller.auth.changePassword({ currentPassword: 'repay123', newPassword: 'owner-owner-1' }),
    ).rejects.toMatchObject({ message: 'newPassword: must not contain the username' });
    expect(
      await one.caller.auth.changePassword({
        currentPassword: 'repay123',
        newPassword: 'brand new secret',
      }),
    ).toEqual({ otherSessionsEnded: 1 });
    expect(await h.app.services.auth.sessionUser(one.session.token)).toMatchObject({
      username: 'owner',
    });
    expect(await h.app.services.auth.sessionUser(two.session.token)).toBeNull();
  });
});
