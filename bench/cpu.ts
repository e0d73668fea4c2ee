import fs from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms; null without /proc. Shows which process was the limit. */
export function cpuMs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Share of one core a process used between two cpuMs readings over `wallMs`, in percent. */
export function corePercent(before: number | null, after: number | null, wallMs: number): number | null {
  return before === null || after === null || wallMs <= 0 ? null : ((after - before) / wallMs) * 100;
}
