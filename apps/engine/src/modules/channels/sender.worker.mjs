// The sender thread's entry: worker threads take no loader flags, so the TypeScript entry is
// loaded through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sender.worker.ts', import.meta.url);
