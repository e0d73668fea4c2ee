import 'server-only';
import { parentPort } from 'node:worker_threads';
import { decodeRecord } from '../dlq/decode';
import { prepareBatch } from '../store/prepare';
import type { PrepareReply, PrepareRequest } from './batch-preparer';
import { fromTransferred } from './raw-transfer';

// The worker thread of batch-preparer.ts: decodes raw DLQ records and prepares them for the writer.
const port = parentPort;
if (port === null) throw new Error('prepare-worker.ts runs as a worker thread');
port.on('message', ({ id, records }: PrepareRequest) => {
  let reply: PrepareReply;
  try {
    reply = { id, batch: prepareBatch(fromTransferred(records).map((raw) => decodeRecord(raw))) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
