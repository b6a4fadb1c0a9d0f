// The CLI as a person runs it: separate processes on one embedded data folder.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { API_SCOPES } from '../modules/auth';
import { freePort } from '../testing/free-port';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'repay-cli-'));
const cliEntry = join(import.meta.dirname, 'main.ts');

async function repay(...args: string[]) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const env = { ...inherited, REPAY_DATA_DIR: dataDir, REPAY_LOG_LEVEL: 'warn' };
  return run(process.execPath, ['--import', 'tsx', cliEntry, ...args], { env, timeout: 120_000 });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('repay CLI on the embedded database', () => {
  it('migrates, seeds reference data only with --loans 0, and is idempotent', async () => {
    expect((await repay('db', 'migrate')).stdout).toContain('migrations applied (pglite)');
    const first = await repay('seed', 'demo', '--loans', '0');
    expect(first.stdout).toContain('F-TRUST-01');
    const again = await repay('seed', 'demo', '--loans', '0');
    expect(again.stdout).toContain('already present');
  });

  it('creates an API key and prints it as one JSON line with --json', async () => {
    const { stdout, stderr } = await repay('api-key', 'create', '--name', 'upstream-los', '--json');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as { key: string; secret: string };
    expect(parsed.key).toMatch(/^rk_[0-9a-f]{18}$/);
    expect(parsed.secret.length).toBeGreaterThanOrEqual(32);
    // Without limits a key keeps doing everything, as before limits existed; stderr says so.
    expect(parsed).toMatchObject({ scopes: [...API_SCOPES], funderCodes: null });
    expect(stderr).toContain('warning: no --funders or --scopes given');
  });

  it('limits a key to funders and scopes, lists keys without secrets, rotates and revokes', async () => {
    const made = await repay(
      'api-key',
      'create',
      '--name',
      'collections-vendor',
      '--funders',
      'F-TRUST-01,F-BANK-02',
      '--scopes',
      'loans:read,collections:write',
      '--json',
    );
    expect(made.stderr).toBe('');
    const key = JSON.parse(made.stdout) as { key: string; secret: string };
    expect(key).toMatchObject({
      scopes: ['loans:read', 'collections:write'],
      funderCodes: ['F-TRUST-01', 'F-BANK-02'],
    });

    const rotated = await repay('api-key', 'rotate', '--key', key.key, '--grace-hours', '2');
    expect(rotated.stdout).toMatch(/secret: \S{32,}/);
    expect(rotated.stdout).toContain('the previous one works until');

    const listed = await repay('api-key', 'list');
    expect(listed.stdout).toMatch(
      new RegExp(
        `${key.key}\\s+active\\s+collections-vendor\\s+scopes=loans:read,collections:write\\s+funders=F-TRUST-01,F-BANK-02.*previous secret until`,
      ),
    );
    expect(listed.stdout).not.toContain(key.secret);

    expect((await repay('api-key', 'revoke', '--key', key.key)).stdout).toContain('revoked');
    const json = JSON.parse((await repay('api-key', 'list', '--json')).stdout) as {
      keyId: string;
      status: string;
    }[];
    expect(json.find((k) => k.keyId === key.key)?.status).toBe('revoked');
    await expect(repay('api-key', 'revoke', '--key', key.key)).rejects.toMatchObject({
      stderr: expect.stringContaining('is revoked'),
    });
  }, 240_000);

  it('refuses unknown scopes and funders, naming the option', async () => {
    await expect(
      repay('api-key', 'create', '--name', 'x', '--scopes', 'loans:read,loans:delete'),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--scopes') });
    await expect(
      repay('api-key', 'create', '--name', 'x', '--scopes', 'all', '--funders', 'F-NOBODY'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('unknown funder F-NOBODY') });
  }, 120_000);

  it('creates users and refuses unknown roles and duplicates', async () => {
    const { stdout } = await repay(
      'user',
      'create',
      '--username',
      'zhang.ops',
      '--role',
      'ops',
      '--password',
      'longer-password',
    );
    expect(stdout).toContain('user zhang.ops (ops) created');
    await expect(
      repay('user', 'create', '--username', 'x', '--role', 'boss'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('boss') });
    await expect(
      repay('user', 'create', '--username', 'zhang.ops', '--role', 'ops'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('already exists') });
  });

  it('accrues a date once, and refuses an impossible one', async () => {
    const first = await repay('run', 'accrual', '--date', '2026-03-15');
    expect(first.stdout).toMatch(/2026-03-15: \d+ overdue installments, ¥[\d.]+ accrued/);
    expect((await repay('run', 'accrual', '--date', '2026-03-15')).stdout).toContain(
      '2026-03-15: accrued already',
    );
    await expect(repay('run', 'accrual', '--date', '2026-02-30')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--date'),
    });
  });

  it('remits a funder’s day once, lists positions, and refuses an impossible date', async () => {
    const first = await repay(
      'payouts',
      'remit',
      '--date',
      '2026-03-15',
      '--funder',
      'F-TRUST-01',
      '--json',
    );
    const batch = JSON.parse(first.stdout.trim()) as { funderCode: string; status: string };
    expect(batch).toMatchObject({ funderCode: 'F-TRUST-01', businessDate: '2026-03-15' });
    const again = await repay(
      'payouts',
      'remit',
      '--date',
      '2026-03-15',
      '--funder',
      'F-TRUST-01',
      '--json',
    );
    expect(JSON.parse(again.stdout.trim())).toEqual(batch);
    expect((await repay('payouts', 'positions')).stdout).toMatch(
      /sandbox-a\s+balance ¥[\d.-]+ {2}reserved ¥0\.00/,
    );
    await expect(repay('payouts', 'remit', '--date', '2026-02-30')).rejects.toMatchObject({
      stderr: expect.stringContaining('--date'),
    });
  });

  it('serve --port N tells the channels to post notifications to port N', async () => {
    const port = await freePort();
    const { DATABASE_URL: _ignored, REPAY_CALLBACK_BASE_URL: _public, ...inherited } = process.env;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cliEntry, 'serve', '--port', String(port), '--role', 'api'],
      { env: { ...inherited, REPAY_DATA_DIR: dataDir, REPAY_LOG_LEVEL: 'warn' } },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect
        .poll(() => out, { timeout: 60_000, interval: 100 })
        .toContain(`channels notify http://127.0.0.1:${port}/callbacks`);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);

  it('imports a statement once (one JSON line) and reconciles its day (the counts as JSON)', async () => {
    const file = join(dataDir, 'sandbox-a-2026-03-14.csv');
    writeFileSync(
      file,
      [
        '# channel=sandbox-a,date=2026-03-14,rows=1',
        'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
        'W202603141000-1,SER-1,debit,123456,246,success,2026-03-14T02:00:00.000Z',
        '# summary,count=1,success_count=1,success_amount_fen=123456,fee_fen=246',
        '',
      ].join('\n'),
    );
    const args = ['recon', 'import', '--channel', 'sandbox-a', '--date', '2026-03-14', '--json'];
    const first = JSON.parse((await repay(...args, file)).stdout) as Record<string, unknown>;
    expect(first).toEqual({
      importId: expect.stringMatching(/^imp_\d+$/),
      lines: 1,
      amount: '1234.56',
      duplicate: false,
    });
    const again = JSON.parse((await repay(...args, file)).stdout) as Record<string, unknown>;
    expect(again).toEqual({ ...first, duplicate: true });
    const { stdout } = await repay(
      'recon',
      'run',
      '--channel',
      'sandbox-a',
      '--date',
      '2026-03-14',
      '--json',
    );
    // The line names an order we never made: the channel took money we have no order for.
    expect(JSON.parse(stdout)).toEqual({
      matched: 0,
      overage: 1,
      shortage: 0,
      mismatch: 0,
      pendingResolved: 0,
      carried: 0,
    });
    await expect(
      repay('recon', 'import', '--channel', 'sandbox-a', '--date', '2026-02-30', file),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('--date'),
    });
  });

  it('fetches by hand: a channel we do not have is refused by name', async () => {
    // (Fetching from a reachable channel is the recon job's test: jobs/recon-jobs.integration.test.ts.)
    await expect(
      repay('recon', 'fetch', '--channel', 'sandbox-x', '--date', '2026-03-14', '--json'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('channel sandbox-x not found') });
    await expect(
      repay('recon', 'fetch', '--channel', 'all', '--date', '2026-03-32'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('--date') });
  });
});
