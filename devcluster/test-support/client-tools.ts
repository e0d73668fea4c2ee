// Test support: the independent clients (kcat, Python) run as processes against a devcluster.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface RunOptions {
  /** Written to the tool's stdin. */
  input?: string | Buffer;
  /** Any output on stderr fails the run (for tools that write there only on errors, like `kcat -q`). */
  quietStderr?: boolean;
}

/** Runs a tool without a shell; resolves with its stdout as bytes, rejects with its stderr. */
export function runTool(file: string, args: string[], options: RunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { encoding: 'buffer', timeout: 60_000, maxBuffer: 256 << 20 },
      (error, stdout, stderr) => {
        const complaint = stderr.toString().trim();
        if (error || (options.quietStderr && complaint !== '')) {
          const why = error?.message ?? 'wrote to stderr';
          reject(new Error(`${path.basename(file)} ${args.join(' ')}: ${why}\n${complaint}`));
        } else resolve(stdout);
      },
    );
    child.stdin?.end(options.input);
  });
}

export interface KcatRecord {
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  /** In wire order, repeats and null values kept. */
  headers: Array<[string, Buffer | null]>;
}

/**
 * `kcat -C -J` of a whole topic to its current end, each record's key, value and headers turned back into their
 * exact bytes: kcat escapes only control bytes, so its JSON read as latin1 gives every other byte back as one
 * character. `extra` options go to kcat as well (`-X check.crcs=true`, a legacy protocol version). Whatever kcat
 * writes to stderr (with -q only errors, such as a batch failing `check.crcs`) fails the read rather than leaving
 * records out.
 */
export async function kcatRecords(
  bootstrap: string[],
  topic: string,
  extra: string[] = [],
): Promise<KcatRecord[]> {
  const args = ['-b', bootstrap.join(','), '-C', '-t', topic, '-J', '-e', '-q', ...extra];
  const out = await runTool('kcat', args, { quietStderr: true });
  const bytes = (text: string | null | undefined) =>
    text === null || text === undefined ? null : Buffer.from(text, 'latin1');
  // Header names are text (UTF-8 on the wire).
  const name = (text: string | null | undefined) => bytes(text)?.toString('utf8') ?? '';
  return out
    .toString('latin1')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const json = JSON.parse(line) as {
        partition: number;
        offset: number;
        ts: number;
        key: string | null;
        payload: string | null;
        headers?: Array<string | null>;
      };
      const headers: Array<[string, Buffer | null]> = [];
      const list = json.headers ?? [];
      for (let i = 0; i < list.length; i += 2) headers.push([name(list[i]), bytes(list[i + 1])]);
      return {
        partition: json.partition,
        offset: json.offset,
        timestamp: json.ts,
        key: bytes(json.key),
        value: bytes(json.payload),
        headers,
      };
    });
}
