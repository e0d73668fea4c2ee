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

/** CPU a process used per record between two cpuMs readings, in µs; null without them. */
export function microsPerRecord(before: number | null, after: number | null, records: number): number | null {
  return before === null || after === null || records <= 0 ? null : ((after - before) * 1000) / records;
}

/** CPU time (user + system) this process has used since `since` (a process.cpuUsage() reading), in µs. */
export function cpuMicrosSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}
