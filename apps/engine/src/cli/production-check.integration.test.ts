// REPAY_ENV=production: every leftover of the sandbox is named, and `serve` exits non-zero.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../env';
import { DEV_ENCRYPTION_KEY } from '../lib/crypto';
import { systemActor } from '../modules/events';
import { startHarness, type Harness } from '../testing/harness';
import { dataProblems, settingProblems } from './production-check';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

describe('settingProblems', () => {
  it('names a missing or development key, a pinned clock, an insecure cookie and the demo seed', () => {
    expect(
      settingProblems(
        loadEnv({
          REPAY_ENCRYPTION_KEY: DEV_ENCRYPTION_KEY,
          REPAY_CLOCK: '2026-03-15T10:00:00+08:00',
          REPAY_COOKIE_SECURE: 'false',
        }),
        { seedDemoIfEmpty: true },
      ),
    ).toEqual([
      'REPAY_ENCRYPTION_KEY is the development key',
      'REPAY_HASH_KEY is not set: lookup hashes would use the development key',
      'REPAY_CLOCK is set (2026-03-15T10:00:00+08:00): production runs on the real clock',
      'REPAY_COOKIE_SECURE=false: the session cookie must be Secure (console over HTTPS)',
      '--seed-demo-if-empty would create the demo users and the demo API key',
    ]);
  });

  it('is empty for real keys, the wall clock and a secure cookie', () => {
    expect(
      settingProblems(loadEnv({ REPAY_ENCRYPTION_KEY: KEY_A, REPAY_HASH_KEY: KEY_B })),
    ).toEqual([]);
  });
});

describe('dataProblems', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h.close());

  it('names each demo user with the demo password and the active demo key, until they are gone', async () => {
    expect(await dataProblems(h.app.services)).toEqual([
      'user admin has the demo password (reset it in 用户管理)',
      'user ops has the demo password (reset it in 用户管理)',
      'user finance has the demo password (reset it in 用户管理)',
      'user pm has the demo password (reset it in 用户管理)',
      'user auditor has the demo password (reset it in 用户管理)',
      'the demo API key rk_demo is active (revoke it)',
    ]);
    const operator = systemActor('cli');
    for (const user of await h.app.services.users.list())
      if (user.username !== 'admin')
        await h.app.services.users.resetPassword({ userId: user.id, reason: 'go live' }, operator);
    await h.app.services.apiKeys.revoke('rk_demo', 'go live', operator);
    expect(await dataProblems(h.app.services)).toEqual([
      'user admin has the demo password (reset it in 用户管理)',
    ]);
    const admin = await h.callerAs('admin');
    await admin.auth.changePassword({
      currentPassword: 'repay123',
      newPassword: 'a production passphrase',
    });
    expect(await dataProblems(h.app.services)).toEqual([]);
  });
});

describe('repay serve in production', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'repay-production-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start, naming every problem, and exits non-zero', async () => {
    const { DATABASE_URL: _db, REPAY_CLOCK: _clock, ...inherited } = process.env;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'main.ts'),
        'serve',
        '--migrate',
        '--seed-demo-if-empty',
        '--port',
        '4999',
      ],
      {
        env: {
          ...inherited,
          REPAY_ENV: 'production',
          REPAY_DATA_DIR: dataDir,
          REPAY_HASH_KEY: KEY_B,
          REPAY_ENCRYPTION_KEY: '',
          REPAY_CLOCK: '2026-03-15T10:00:00+08:00',
          REPAY_COOKIE_SECURE: 'false',
          REPAY_LOG_LEVEL: 'warn',
        },
      },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('REPAY_ENV=production: refusing to start (4 problems)');
    expect(stderr).toContain('REPAY_ENCRYPTION_KEY is not set');
    expect(stderr).toContain('REPAY_CLOCK is set');
    expect(stderr).toContain('REPAY_COOKIE_SECURE=false');
    expect(stderr).toContain('--seed-demo-if-empty');
    expect(stdout).not.toContain('engine on');
  }, 120_000);
});
