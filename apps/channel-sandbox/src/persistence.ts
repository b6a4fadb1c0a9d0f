// The sandbox's memory on disk: a real channel does not forget its agreements, orders and
// ledger when it restarts, and its statement files stay the truth for reconciliation. The
// state is written as one JSON file, atomically (temp file + rename), at most once a second
// while requests change it, and on shutdown.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChannelState, SandboxChannel } from './channel';
import type { SmsRecord } from './state';

const FORMAT = 1;

interface StateFile {
  format: number;
  savedAt: string;
  instances: Record<string, ChannelState>;
  sms: SmsRecord[];
}

export function loadState(
  file: string,
  channels: Map<string, SandboxChannel>,
  sms: SmsRecord[],
): boolean {
  if (!existsSync(file)) return false;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as StateFile;
  if (parsed.format !== FORMAT) throw new Error(`${file}: unknown state format ${parsed.format}`);
  for (const [code, state] of Object.entries(parsed.instances))
    channels.get(code)?.importState(state);
  sms.push(...parsed.sms.slice(-500));
  return true;
}

export function saveState(
  file: string,
  channels: Map<string, SandboxChannel>,
  sms: SmsRecord[],
): void {
  const body: StateFile = {
    format: FORMAT,
    savedAt: new Date().toISOString(),
    instances: Object.fromEntries([...channels].map(([code, c]) => [code, c.exportState()])),
    sms: sms.slice(-500),
  };
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(body));
  renameSync(temp, file);
}
