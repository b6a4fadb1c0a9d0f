// Where a benchmark's CPU went: this process (the engine, all its threads), the channel
// sandbox's process when there is one, and the rest of the machine (PostgreSQL). Read off
// Linux's /proc; elsewhere only this process's own figure is known.
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc's CPU times (100 on Linux's supported architectures). */
const TICKS_PER_SECOND = 100;

/**
 * The machine's busy CPU seconds so far (null without /proc): user, nice, system, irq and
 * softirq time. Not steal: time the hypervisor gave to other guests was no process's here.
 */
function machineBusySeconds(): number | null {
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
    const [user, nice, system, , , irq, softirq] = cpu!.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** A process's CPU seconds so far, user and system, all its threads (null without /proc). */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command's closing parenthesis, from the state (field 3) on:
    // utime is field 14 and stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export interface CpuSplit {
  /** Wall-clock seconds the measurement spanned. */
  seconds: number;
  engine: number;
  /** The sandbox process's seconds (null: no sandbox process, or no /proc). */
  sandbox: number | null;
  /** The rest of the machine: PostgreSQL, when nothing else runs (null without /proc). */
  rest: number | null;
}

/** Starts measuring; the returned function reads the CPU seconds spent since. */
export function startCpuMeter(sandboxPid?: number): () => CpuSplit {
  const started = performance.now();
  const own0 = ownCpuSeconds();
  const machine0 = machineBusySeconds();
  const sandbox0 = processCpuSeconds(sandboxPid);
  return () => {
    const engine = ownCpuSeconds() - own0;
    const machine1 = machineBusySeconds();
    const sandbox1 = processCpuSeconds(sandboxPid);
    const sandbox = sandbox0 === null || sandbox1 === null ? null : sandbox1 - sandbox0;
    const rest =
      machine0 === null || machine1 === null ? null : machine1 - machine0 - engine - (sandbox ?? 0);
    return { seconds: (performance.now() - started) / 1000, engine, sandbox, rest };
  };
}

/**
 * CPU milliseconds per call by process, their sum, and the cores they kept busy (as text): on a
 * machine that hosts the engine, its database and the channel together, calls/s × ms per
 * call / 1000 is the share of the cores the work needs.
 */
export function perCall(split: CpuSplit, calls: number, cores: number) {
  const ms = (s: number | null) => (s === null ? null : (s * 1000) / calls);
  const total = split.engine + (split.sandbox ?? 0) + (split.rest ?? 0);
  const show = (label: string, v: number | null) =>
    v === null ? [] : [`${label} ${v.toFixed(2)} ms`];
  const parts = [
    ...show('engine', ms(split.engine)),
    ...show('database and the rest', ms(split.rest)),
    ...show('channel sandbox', ms(split.sandbox)),
  ];
  return {
    totalMs: (total * 1000) / calls,
    text: `${parts.join(', ')} = ${((total * 1000) / calls).toFixed(2)} ms; ${(total / split.seconds).toFixed(2)} of the machine's ${cores} cores busy`,
  };
}
