import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ClusterProcess {
  bootstrap: string[];
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the embedded cluster (3 brokers, replication factor 3, min.insync.replicas 2) in a process of its own,
 * so the brokers' CPU is neither the bench's nor the app's and each can be told apart in `top`.
 */
export function startClusterProcess(): Promise<ClusterProcess> {
  const cli = path.resolve(__dirname, '../devcluster/cli.ts');
  const args = ['--import', 'tsx', cli, '--brokers', '3', '--port', '0', '--quiet'];
  args.push('--replication-factor', '3', '--min-insync-replicas', '2', '--no-auto-create');
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`devcluster exited with status ${code}`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /bootstrap: (\S+)/.exec(out);
      if (!match?.[1] || child.pid === undefined) return;
      child.off('exit', onExit);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve({
        bootstrap: match[1].split(','),
        pid: child.pid,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
