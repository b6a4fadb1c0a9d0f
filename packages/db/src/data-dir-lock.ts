// One process at a time on an embedded (PGlite) data folder. PGlite has no lock of its own:
// a second process opening the same folder (a second `npm start`, or the CLI beside a
// running engine) corrupts it. A pid file beside the folder (`<folder>.pid`, outside what
// PGlite owns) names the process that has it open; one whose process is gone (a crash) is
// taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder for this process; returns the release. Throws if another process has it. */
export function lockDataDir(dataDir: string): () => void {
  const file = `${resolve(dataDir)}.pid`;
  const mine = String(process.pid);
  try {
    writeFileSync(file, mine, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
      throw new Error(
        `the embedded database in ${dataDir} is open in process ${holder}: stop that process first (one process at a time on an embedded database; use PostgreSQL for several)`,
      );
    writeFileSync(file, mine);
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === mine) unlinkSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
}
