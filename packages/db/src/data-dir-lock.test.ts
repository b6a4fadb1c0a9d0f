import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { lockDataDir } from './data-dir-lock';

const folder = () => join(mkdtempSync(join(tmpdir(), 'repay-lock-')), 'pglite');

describe('one process at a time on an embedded data folder', () => {
  it('refuses a folder another live process holds, naming it, and leaves its pid file alone', () => {
    const dir = folder();
    // The parent of this test process is alive and is not us.
    writeFileSync(`${dir}.pid`, String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(`open in process ${process.ppid}`);
    expect(readFileSync(`${dir}.pid`, 'utf8')).toBe(String(process.ppid));
  });

  it('takes over the pid file of a process that is gone (a crash)', () => {
    const dir = folder();
    writeFileSync(`${dir}.pid`, '2147483646');
    const release = lockDataDir(dir);
    expect(readFileSync(`${dir}.pid`, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(`${dir}.pid`)).toBe(false);
  });

  it('holds the folder while the database is open and lets it go at close', async () => {
    const dir = folder();
    const db = await openDatabase({ dataDir: dir });
    expect(readFileSync(`${dir}.pid`, 'utf8')).toBe(String(process.pid));
    await db.close();
    expect(existsSync(`${dir}.pid`)).toBe(false);
    // Open again after a close: the same process may.
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });
});
