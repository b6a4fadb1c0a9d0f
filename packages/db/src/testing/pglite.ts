// PGlite test databases: boot and migrate one in-memory PGlite (≈6–7 s, mostly initdb),
// dump its data folder, and start every test database from that dump (≈1 s). The dump is
// also cached on disk, keyed by migrations + PGlite version, because vitest evaluates each
// test file in a fresh module graph and other test processes want it too.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, pgliteOptions, type DbHandle } from '../client';
import { migrate } from '../migrate';
import { migrationsHash, pgliteVersion } from './fingerprint';

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/repay-db/', import.meta.url));

let template: Promise<Blob> | undefined;

export async function createPgliteTestDatabase(): Promise<DbHandle> {
  template ??= loadTemplate(false);
  try {
    return await cloneFrom(await template);
  } catch {
    // A cached dump that does not load (truncated file, foreign build): rebuild it once.
    template = loadTemplate(true);
    return cloneFrom(await template);
  }
}

function cloneFrom(dump: Blob): Promise<DbHandle> {
  return openDatabase({ pglite: new PGlite(pgliteOptions({ loadDataDir: dump })) });
}

async function loadTemplate(rebuild: boolean): Promise<Blob> {
  const file = `${cacheDir}pglite-${pgliteVersion()}-${migrationsHash()}.tar.gz`;
  const cached = rebuild ? undefined : await readFile(file).catch(() => undefined);
  if (cached) return new Blob([cached]);
  const dump = await buildTemplate();
  // Write then rename: concurrent test processes never read a half-written file.
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
  await rename(tmp, file).catch(() => rm(tmp, { force: true }));
  await removeStale(file);
  return dump;
}

// Dumps of older migrations or PGlite versions are never read again.
async function removeStale(current: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  const stale = names.filter((n) => /^pglite-.*\.tar\.gz$/.test(n) && cacheDir + n !== current);
  await Promise.all(stale.map((n) => rm(cacheDir + n, { force: true })));
}

async function buildTemplate(): Promise<Blob> {
  const handle = await openDatabase({});
  try {
    await migrate(handle);
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    return await client.dumpDataDir('gzip');
  } finally {
    await handle.close();
  }
}
