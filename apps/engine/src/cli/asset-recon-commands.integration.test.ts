// `repay recon assets` and `repay recon funder-import` as a person runs them: separate processes
// on one embedded data folder, answers as one JSON line, a malformed file refused by its line.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { todayIn } from '@repay/rules';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'repay-asset-cli-'));
const cliEntry = join(import.meta.dirname, 'main.ts');

async function repay(...args: string[]) {
  const { DATABASE_URL: _ignored, REPAY_CLOCK: _clock, ...inherited } = process.env;
  const env = { ...inherited, REPAY_DATA_DIR: dataDir, REPAY_LOG_LEVEL: 'warn' };
  return run(process.execPath, ['--import', 'tsx', cliEntry, ...args], { env, timeout: 120_000 });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('repay recon assets | funder-import', () => {
  it('checks the demo book: its loans, no break', async () => {
    await repay('seed', 'demo', '--loans', '3');
    const today = todayIn('Asia/Shanghai', new Date());
    const { stdout } = await repay('recon', 'assets', '--date', today, '--json');
    const counts = JSON.parse(stdout) as { loans: number; breaks: number; funders: number };
    expect(Object.keys(counts)).toEqual(['loans', 'breaks', 'funders']);
    expect(counts).toMatchObject({ loans: 3, breaks: 0 });
    expect(counts.funders).toBeGreaterThanOrEqual(1);
  }, 180_000);

  it('imports a funder file once, compared with our loans; refuses a malformed one by its line', async () => {
    const file = join(dataDir, 'f-bank-02.csv');
    writeFileSync(
      file,
      ['订单号,剩余本金,逾期金额,状态', 'NOT-OURS-1,1234.56,0.00,正常', ''].join('\n'),
    );
    const args = ['recon', 'funder-import', '--funder', 'F-BANK-02', '--date', '2026-03-14'];
    const first = JSON.parse((await repay(...args, '--json', file)).stdout) as Record<
      string,
      unknown
    >;
    expect(first).toMatchObject({
      fileId: expect.stringMatching(/^faf_\d+$/),
      lines: 1,
      outstandingPrincipal: '1234.56',
      duplicate: false,
      comparison: expect.objectContaining({ unknownLoan: 1, differs: 0 }),
    });
    const again = JSON.parse((await repay(...args, '--json', file)).stdout) as Record<
      string,
      unknown
    >;
    expect(again).toEqual({ ...first, duplicate: true });
    const bad = join(dataDir, 'bad.csv');
    writeFileSync(
      bad,
      ['订单号,剩余本金,逾期金额,状态', 'X-1,1.00,0.00,正常', 'X-2,1.00', ''].join('\n'),
    );
    await expect(
      repay('recon', 'funder-import', '--funder', 'F-BANK-02', '--date', '2026-03-15', bad),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('line 3: 2 cells where the header has 4'),
    });
    await expect(repay('recon', 'assets', '--date', '2026-02-30', '--json')).rejects.toMatchObject({
      stderr: expect.stringContaining('--date'),
    });
  }, 180_000);
});
