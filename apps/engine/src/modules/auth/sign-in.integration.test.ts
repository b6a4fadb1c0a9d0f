// Console sign-in over real HTTP: throttling and lockout per username and per address (held in
// the database), one answer for every failure, the rehash of older hashes, idle and absolute
// session ends, signing out everywhere, and the Origin check on mutations.
import { scryptSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONSOLE_ORIGIN, startHarness, type Harness } from '../../testing/harness';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './auth.service';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());
afterEach(() => {
  vi.useRealTimers();
});

interface Answer {
  status: number;
  cookie: string | null;
  setCookie: string | undefined;
  body: { result?: { data: any }; error?: { message: string; data: { code: string } } };
}

/** One tRPC call as the console's pages make it (through its forwarder: X-Forwarded-For). */
async function trpc(
  path: string,
  input: unknown,
  opts: { cookie?: string; address?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const query = input === undefined;
  const res = await fetch(`${h.baseUrl}/trpc/${path}`, {
    method: query ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      origin: CONSOLE_ORIGIN,
      'x-forwarded-for': opts.address ?? '10.0.0.1',
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...opts.headers,
    },
    body: query ? undefined : JSON.stringify(input),
  });
  const setCookie = res.headers.getSetCookie()[0];
  return {
    status: res.status,
    setCookie,
    cookie: setCookie ? setCookie.split(';')[0]! : null,
    body: (await res.json()) as Answer['body'],
  };
}

const login = (username: string, password: string, address?: string) =>
  trpc('auth.login', { username, password }, { address });
const me = async (cookie: string) =>
  (await trpc('auth.me', undefined, { cookie })).body.result?.data as { username: string } | null;

describe('one answer for every failed sign-in', () => {
  it('an unknown user, a wrong password and a disabled user get the same 401', async () => {
    await h.app.services.users.createUser({
      username: 'leaver',
      role: 'ops',
      password: 'repay123',
    });
    const admin = await h.callerAs('admin');
    const leaver = (await admin.users.list()).find((u) => u.username === 'leaver')!;
    await admin.users.setStatus({ userId: leaver.id, status: 'disabled', reason: 'left' });

    const answers = [
      await login('nobody-here', 'repay123', '10.1.0.1'),
      await login('ops', 'wrong-password', '10.1.0.2'),
      await login('leaver', 'repay123', '10.1.0.3'),
    ];
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body.error?.message).toBe('wrong username or password');
      expect(a.cookie).toBeNull();
    }
  });

  it('an unknown user costs a hash verification, like a wrong password', async () => {
    const time = async (username: string) => {
      const started = performance.now();
      await login(username, 'not-the-password', '10.1.0.9');
      return performance.now() - started;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    const unknown = median([await time('ghost-1'), await time('ghost-2'), await time('ghost-3')]);
    const known = median([await time('finance'), await time('pm'), await time('auditor')]);
    // Without the decoy an unknown name answered in a few milliseconds; a verification at the
    // production cost takes tens to hundreds.
    expect(unknown).toBeGreaterThan(known / 3);
  });
});

describe('throttling and lockout', () => {
  it('locks a username for 15 minutes after 5 failures, from any address, and says so', async () => {
    await h.app.services.users.createUser({ username: 'target', role: 'pm', password: 'repay123' });
    for (let i = 0; i < 5; i++)
      expect((await login('target', `guess-${i}`, `10.2.0.${i}`)).status).toBe(401);
    const locked = await login('target', 'repay123', '10.2.0.99');
    expect(locked.status).toBe(429);
    expect(locked.body.error?.message).toMatch(/too many failed sign-ins: try again in 15 minutes/);
    expect(locked.cookie).toBeNull();
    // Other users are not affected.
    expect((await login('finance', 'repay123', '10.2.0.99')).status).toBe(200);
    expect(await h.count(`audit_log where action = 'auth.locked'`)).toBe(1);

    // 15 minutes later the right password works again (the lock is read from the database).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 15 * 60_000 + 1000);
    expect((await login('target', 'repay123', '10.2.0.99')).status).toBe(200);
  });

  it('an unknown username is locked the same way (locks do not tell which names exist)', async () => {
    for (let i = 0; i < 5; i++) await login('ghost', `guess-${i}`, `10.3.0.${i}`);
    expect((await login('ghost', 'x', '10.3.0.50')).status).toBe(429);
  });

  it('a success clears the username count', async () => {
    await h.app.services.users.createUser({ username: 'typo', role: 'pm', password: 'repay123' });
    for (let i = 0; i < 4; i++) await login('typo', `guess-${i}`, `10.4.0.${i}`);
    expect((await login('typo', 'repay123', '10.4.0.9')).status).toBe(200);
    for (let i = 0; i < 4; i++) await login('typo', `guess-${i}`, `10.4.0.${i}`);
    expect((await login('typo', 'repay123', '10.4.0.9')).status).toBe(200);
  });

  it('locks an address for 10 minutes after 20 failures over any usernames', async () => {
    for (let i = 0; i < 20; i++)
      expect((await login(`spray-${i}`, 'repay123', '10.5.0.1')).status).toBe(401);
    expect((await login('auditor', 'repay123', '10.5.0.1')).status).toBe(429);
    expect((await login('auditor', 'repay123', '10.5.0.2')).status).toBe(200);
    const [row] = await h.app.database.sql.query<{ failures: number }>(
      `select failures from login_throttles where bucket = 'addr:10.5.0.1'`,
    );
    expect(row?.failures).toBe(20);
  });

  it('an administrator’s password reset lifts a username lock', async () => {
    await h.app.services.users.createUser({
      username: 'forgetful',
      role: 'pm',
      password: 'repay123',
    });
    for (let i = 0; i < 5; i++) await login('forgetful', `guess-${i}`, `10.6.0.${i}`);
    expect((await login('forgetful', 'repay123', '10.6.0.9')).status).toBe(429);
    const admin = await h.callerAs('admin');
    const user = (await admin.users.list()).find((u) => u.username === 'forgetful')!;
    const { temporaryPassword } = await admin.users.resetPassword({
      userId: user.id,
      reason: 'locked out',
    });
    expect((await login('forgetful', temporaryPassword, '10.6.0.9')).status).toBe(200);
  });
});

describe('older password hashes', () => {
  it('are replaced by argon2id at the next successful sign-in', async () => {
    await h.app.services.users.createUser({ username: 'veteran', role: 'ops', password: 'x' });
    const salt = Buffer.from('0123456789abcdef');
    const legacy = `scrypt$${salt.toString('base64')}$${scryptSync('old-password', salt, 32).toString('base64')}`;
    await h.app.database.sql.query(
      `update users set password_hash = $1 where username = 'veteran'`,
      [legacy],
    );
    expect((await login('veteran', 'wrong', '10.7.0.1')).status).toBe(401);
    const hashOf = async () =>
      (
        await h.app.database.sql.query<{ password_hash: string }>(
          `select password_hash from users where username = 'veteran'`,
        )
      )[0]!.password_hash;
    expect(await hashOf()).toBe(legacy);
    expect((await login('veteran', 'old-password', '10.7.0.1')).status).toBe(200);
    expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$/);
    expect((await login('veteran', 'old-password', '10.7.0.1')).status).toBe(200);
  });
});

describe('sessions', () => {
  it('the cookie is httpOnly and SameSite=Lax, Secure only when the console is on HTTPS', async () => {
    const plain = await login('ops', 'repay123');
    expect(plain.setCookie).toMatch(/HttpOnly/);
    expect(plain.setCookie).toMatch(/SameSite=Lax/);
    expect(plain.setCookie).not.toMatch(/Secure/);
    const overHttps = await trpc(
      'auth.login',
      { username: 'ops', password: 'repay123' },
      { headers: { 'x-forwarded-proto': 'https' } },
    );
    expect(overHttps.setCookie).toMatch(/; Secure/);
  });

  it('ends after 30 idle minutes; each request moves the idle clock on', async () => {
    const { cookie } = await login('ops', 'repay123');
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    vi.setSystemTime(start + SESSION_IDLE_MS - 60_000);
    expect((await me(cookie!))?.username).toBe('ops');
    vi.setSystemTime(start + 2 * SESSION_IDLE_MS - 120_000);
    expect((await me(cookie!))?.username).toBe('ops');
    vi.setSystemTime(start + 3 * SESSION_IDLE_MS);
    expect(await me(cookie!)).toBeNull();
  });

  it('ends 12 hours after sign-in however busy it is', async () => {
    const { cookie } = await login('ops', 'repay123');
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    for (let at = 20 * 60_000; at < SESSION_ABSOLUTE_MS; at += 20 * 60_000) {
      vi.setSystemTime(start + at);
      expect((await me(cookie!))?.username).toBe('ops');
    }
    vi.setSystemTime(start + SESSION_ABSOLUTE_MS);
    expect(await me(cookie!)).toBeNull();
  });

  it('signing out everywhere ends every session of the user, and no one else’s', async () => {
    const first = (await login('finance', 'repay123')).cookie!;
    const second = (await login('finance', 'repay123')).cookie!;
    const other = (await login('pm', 'repay123')).cookie!;
    const out = await trpc('auth.logoutEverywhere', {}, { cookie: first });
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/repay_session=;/);
    expect(await me(first)).toBeNull();
    expect(await me(second)).toBeNull();
    expect((await me(other))?.username).toBe('pm');
  });

  it('disabling a user ends their sessions at once; a reset ends them too', async () => {
    await h.app.services.users.createUser({ username: 'temp', role: 'ops', password: 'repay123' });
    const cookie = (await login('temp', 'repay123')).cookie!;
    const admin = await h.callerAs('admin');
    const temp = (await admin.users.list()).find((u) => u.username === 'temp')!;
    expect(temp.sessions).toBe(1);
    expect(
      await admin.users.setStatus({
        userId: temp.id,
        status: 'disabled',
        reason: 'contract ended',
      }),
    ).toEqual({ sessionsEnded: 1 });
    expect(await me(cookie)).toBeNull();
    expect(
      await h.count(`sessions s join users u on u.id = s.user_id where u.username = 'temp'`),
    ).toBe(0);

    await admin.users.setStatus({ userId: temp.id, status: 'active', reason: 'back' });
    const again = (await login('temp', 'repay123')).cookie!;
    await admin.users.resetPassword({ userId: temp.id, reason: 'lost laptop' });
    expect(await me(again)).toBeNull();
  });
});

describe('cross-site requests', () => {
  it('a mutation from another origin is refused with 403 and changes nothing', async () => {
    const { cookie } = await login('admin', 'repay123');
    const before = await h.count('funders');
    const evil = await trpc(
      'funders.create',
      { code: 'F-EVIL-01', name: 'x', type: 'bank' },
      { cookie: cookie!, headers: { origin: 'https://evil.example' } },
    );
    expect(evil.status).toBe(403);
    expect(evil.body.error?.data.code).toBe('FORBIDDEN');
    expect(evil.body.error?.message).toMatch(/cross-site request refused/);
    expect(await h.count('funders')).toBe(before);
  });

  it('sign-in is checked too (login CSRF), and a request with neither Origin nor Referer is refused', async () => {
    const res = await fetch(`${h.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ops', password: 'repay123' }),
    });
    expect(res.status).toBe(403);
    const forged = await trpc(
      'auth.login',
      { username: 'ops', password: 'repay123' },
      { headers: { origin: 'null' } },
    );
    expect(forged.status).toBe(403);
  });

  it('falls back to the Referer when there is no Origin; queries need neither', async () => {
    const viaReferer = await fetch(`${h.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', referer: `${CONSOLE_ORIGIN}/login?next=/` },
      body: JSON.stringify({ username: 'ops', password: 'repay123' }),
    });
    expect(viaReferer.status).toBe(200);
    const badReferer = await fetch(`${h.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', referer: 'https://evil.example/x' },
      body: JSON.stringify({ username: 'ops', password: 'repay123' }),
    });
    expect(badReferer.status).toBe(403);
    expect((await fetch(`${h.baseUrl}/trpc/auth.me`)).status).toBe(200);
  });
});
