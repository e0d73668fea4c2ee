import fs from 'node:fs';

const SAMPLE_MS = 100;

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface RssWatch {
  /** Peak resident set size since the watch started, in bytes (null without /proc). */
  stop(): number | null;
}

/**
 * Watches a process's peak RSS over one phase. Writing 5 to clear_refs resets the kernel's high-water mark (VmHWM),
 * which then catches peaks between samples; where that is not allowed, the sampled VmRSS maximum stands.
 * `sinceStart` keeps the mark from the process's start instead (for a phase that begins with the process).
 */
export function watchRss(pid: number, options: { sinceStart?: boolean } = {}): RssWatch {
  let reset = options.sinceStart === true;
  if (!reset) {
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
      reset = true;
    } catch {
      // not our process or no procfs: sampling only
    }
  }
  let peak = statusField(pid, 'VmRSS') ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, statusField(pid, 'VmRSS') ?? 0);
  }, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      const current = statusField(pid, 'VmRSS');
      if (current === null && peak === 0) return null;
      const hwm = reset ? (statusField(pid, 'VmHWM') ?? 0) : 0;
      return Math.max(peak, current ?? 0, hwm);
    },
  };
}
