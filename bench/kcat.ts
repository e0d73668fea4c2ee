import { spawn, spawnSync } from 'node:child_process';

export const KCAT_MISSING =
  'kcat not found: its baselines are left out. Install it (Debian/Ubuntu: apt-get install kcat; macOS: brew install kcat) and run again.';

export function kcatAvailable(): boolean {
  const result = spawnSync('kcat', ['-V'], { stdio: 'ignore' });
  return result.status === 0;
}

function run(command: string, args: string[], options: { countLines?: boolean } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', options.countLines ? 'pipe' : 'ignore', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(lines) : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

/**
 * `kcat -C -e` reading each topic from the beginning to its end, one process per topic, all at once (as DLQ Desk's
 * one consumer reads every DLQ at once). Prints only offsets, so the count can be checked. Returns records read
 * and wall time.
 */
export async function kcatConsume(
  bootstrap: string[],
  topics: string[],
): Promise<{ records: number; ms: number }> {
  const started = performance.now();
  const counts = await Promise.all(
    topics.map((topic) =>
      run(
        'kcat',
        ['-C', '-b', bootstrap.join(','), '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%o\n'],
        {
          countLines: true,
        },
      ),
    ),
  );
  return { records: counts.reduce((sum, n) => sum + n, 0), ms: performance.now() - started };
}

// Record separators for the copy pipe: byte sequences that no demo key or value contains.
const KEY_DELIMITER = '\\x1f\\x1e\\x1f';
const RECORD_DELIMITER = '\\x1e\\x1f\\x1e\\n';

/**
 * `kcat -C ... | kcat -P -X acks=all -X enable.idempotence=true`: copies key and value of every record of `from`
 * into `to` through a shell pipe (headers are not carried: kcat's producer cannot take them per record).
 */
export async function kcatCopy(bootstrap: string[], from: string, to: string): Promise<number> {
  const brokers = bootstrap.join(',');
  const consume = `kcat -C -b ${brokers} -t '${from}' -o beginning -e -q -K '${KEY_DELIMITER}' -D '${RECORD_DELIMITER}'`;
  const produce = `kcat -P -b ${brokers} -t '${to}' -K '${KEY_DELIMITER}' -D '${RECORD_DELIMITER}' -X acks=all -X enable.idempotence=true`;
  const started = performance.now();
  await run('bash', ['-o', 'pipefail', '-c', `${consume} | ${produce}`]);
  return performance.now() - started;
}
