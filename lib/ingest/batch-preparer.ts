import 'server-only';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RawKafkaRecord } from '../dlq/raw-record';
import type { PreparedBatch } from '../store/prepare';
import { toTransferable } from './raw-transfer';

export interface PrepareRequest {
  id: number;
  records: RawKafkaRecord[];
}

export type PrepareReply = { id: number; batch: PreparedBatch } | { id: number; error: string };

/*
 * Decoding records and serialising them for the index take most of ingestion's CPU. A worker thread
 * does both (prepare-worker.ts), so the main thread only fetches and inserts: fetching, decoding and
 * writing overlap, and the HTTP server stays responsive while a backlog is indexed. The index keeps
 * one writer, on the main thread. Replies come in request order.
 */
export class BatchPreparer {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (batch: PreparedBatch) => void; reject: (error: Error) => void }
  >();

  /** Decodes the records (never dropping one: see decodeRecord) and prepares them for indexPrepared. */
  prepare(records: readonly RawKafkaRecord[]): Promise<PreparedBatch> {
    const worker = this.started();
    const id = this.nextId++;
    const { records: copied, transfer } = toTransferable(records);
    return new Promise((resolve, reject) => {
      // Held while it has work: an idle worker does not keep the process alive.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, records: copied } satisfies PrepareRequest, transfer);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
    this.failAll(new Error('the batch preparer was closed'));
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker();
    worker.on('message', (reply: PrepareReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in reply) waiting.reject(new Error(`preparing a batch failed: ${reply.error}`));
      else waiting.resolve(reply.batch);
    });
    // A worker that died takes its batches with it; the next batch starts a new one.
    const died = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(error);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the prepare worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

// The server must stay under 400 MB RSS. A worker's young generation defaults to tens of MB; its
// garbage is short-lived (each batch's records), so a small one costs little CPU: 8 MB measured about
// 30 MB less peak RSS than the default.
const LIMITS = { maxYoungGenerationSizeMb: 8 };

function spawnWorker(): Worker {
  // Next sets NEXT_RUNTIME in the server it runs (next start, next dev, the standalone build).
  if (process.env.NEXT_RUNTIME === undefined) {
    // Run from source (vitest, tsx scripts), the worker is TypeScript: tsx compiles it, and react-server
    // resolves 'server-only' as on the server.
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'prepare-worker.ts');
    const source = `require('tsx/cjs'); require(${JSON.stringify(file)});`;
    return new Worker(source, {
      eval: true,
      execArgv: ['--conditions=react-server'],
      resourceLimits: LIMITS,
    });
  }
  // In this exact form the bundler compiles the worker and points the URL at the compiled file.
  return new Worker(new URL('./prepare-worker.ts', import.meta.url), { resourceLimits: LIMITS });
}
