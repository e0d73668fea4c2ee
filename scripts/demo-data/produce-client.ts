import net from 'node:net';

import type { Admin } from 'kafkajs';

export interface BatchToSend {
  topic: string;
  partition: number;
  /** An encoded record batch v2 (see record-batch.ts). */
  batch: Buffer;
}

export interface ProduceClient {
  /** Sends the batches with acks=all, retrying leader changes; resolves once every batch is written. */
  produce(batches: readonly BatchToSend[]): Promise<void>;
  close(): void;
}

// kafkajs cannot write a null header value or interleave repeated header keys (it takes headers as an
// object), yet both are what real frameworks write to DLQs. So the demo sends ready-made record
// batches with a minimal Produce v7 client and uses kafkajs's admin only for metadata.
const PRODUCE = 0;
// v7: zstd batches need Produce v7 or later (brokers refuse them on older versions), and v3-v7 share a request layout.
const PRODUCE_VERSION = 7;
const RETRIABLE = new Set([3, 5, 6, 7, 19, 20]); // unknown partition, no leader, not leader, timeout, ISR
const MAX_ATTEMPTS = 12;
const REQUEST_TIMEOUT_MS = 30_000;

class BrokerConnection {
  private readonly socket: net.Socket;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<number, { resolve(body: Buffer): void; reject(error: Error): void }>();
  private buffered: Buffer = Buffer.alloc(0);
  private correlationId = 0;
  private failure: Error | undefined;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error(`connection to ${host}:${port} closed`)));
  }

  get broken(): boolean {
    return this.failure !== undefined;
  }

  async send(apiKey: number, apiVersion: number, clientId: string, body: Buffer): Promise<Buffer> {
    await this.ready;
    if (this.failure) throw this.failure;
    const correlationId = ++this.correlationId;
    const client = Buffer.from(clientId, 'utf8');
    const header = Buffer.alloc(14 + client.length);
    header.writeInt32BE(10 + client.length + body.length, 0);
    header.writeInt16BE(apiKey, 4);
    header.writeInt16BE(apiVersion, 6);
    header.writeInt32BE(correlationId, 8);
    header.writeInt16BE(client.length, 12);
    client.copy(header, 14);
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new Error(`no response to request ${correlationId} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(correlationId, {
        resolve: (response) => {
          clearTimeout(timer);
          resolve(response);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.write(Buffer.concat([header, body]));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) return;
      const response = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      const correlationId = response.readInt32BE(0);
      const waiter = this.pending.get(correlationId);
      this.pending.delete(correlationId);
      waiter?.resolve(response.subarray(4));
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

function string(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(2);
  length.writeInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function int32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
}

function produceRequest(batches: readonly BatchToSend[]): Buffer {
  const byTopic = new Map<string, BatchToSend[]>();
  for (const batch of batches) {
    if (byTopic.has(batch.topic)) byTopic.get(batch.topic)?.push(batch);
    else byTopic.set(batch.topic, [batch]);
  }
  const parts: Buffer[] = [Buffer.from([0xff, 0xff]), Buffer.from([0xff, 0xff]), int32(REQUEST_TIMEOUT_MS)];
  parts.push(int32(byTopic.size));
  for (const [topic, entries] of byTopic) {
    parts.push(string(topic), int32(entries.length));
    for (const entry of entries) parts.push(int32(entry.partition), int32(entry.batch.length), entry.batch);
  }
  return Buffer.concat(parts);
}

/** Error code per "topic/partition" from a Produce v7 response body. */
function produceErrors(body: Buffer): Map<string, number> {
  const errors = new Map<string, number>();
  let offset = 0;
  const topics = body.readInt32BE(offset);
  offset += 4;
  for (let t = 0; t < topics; t++) {
    const nameLength = body.readInt16BE(offset);
    const topic = body.toString('utf8', offset + 2, offset + 2 + nameLength);
    offset += 2 + nameLength;
    const partitions = body.readInt32BE(offset);
    offset += 4;
    for (let p = 0; p < partitions; p++) {
      errors.set(`${topic}/${body.readInt32BE(offset)}`, body.readInt16BE(offset + 4));
      offset += 4 + 2 + 8 + 8 + 8; // index, error, base offset, log append time, log start offset (v5+)
    }
  }
  return errors;
}

/**
 * Splits batches into requests holding at most one batch per partition, in order: Produce v3+ takes
 * exactly one batch per partition, and Kafka keeps only one entry per partition of a request.
 */
function waves(batches: readonly BatchToSend[]): BatchToSend[][] {
  const result: BatchToSend[][] = [];
  const depth = new Map<string, number>();
  for (const batch of batches) {
    const id = `${batch.topic}/${batch.partition}`;
    const index = depth.get(id) ?? 0;
    depth.set(id, index + 1);
    (result[index] ??= []).push(batch);
  }
  return result;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createProduceClient(admin: Admin, clientId = 'dlqdesk-demo'): ProduceClient {
  const connections = new Map<number, BrokerConnection>();
  const leaders = new Map<string, number>();
  let addresses = new Map<number, { host: string; port: number }>();

  async function refresh(topics: string[]): Promise<void> {
    const cluster = await admin.describeCluster();
    addresses = new Map(cluster.brokers.map((broker) => [broker.nodeId, broker]));
    const metadata = await admin.fetchTopicMetadata({ topics });
    for (const topic of metadata.topics) {
      for (const partition of topic.partitions)
        leaders.set(`${topic.name}/${partition.partitionId}`, partition.leader);
    }
  }

  function connection(nodeId: number): BrokerConnection {
    const existing = connections.get(nodeId);
    if (existing && !existing.broken) return existing;
    const address = addresses.get(nodeId);
    if (!address) throw new Error(`broker ${nodeId} is not in the cluster metadata`);
    const created = new BrokerConnection(address.host, address.port);
    connections.set(nodeId, created);
    return created;
  }

  async function attempt(
    batches: readonly BatchToSend[],
  ): Promise<{ retry: BatchToSend[]; lastError: string }> {
    const byLeader = new Map<number, BatchToSend[]>();
    const retry: BatchToSend[] = [];
    let lastError = '';
    for (const batch of batches) {
      const leader = leaders.get(`${batch.topic}/${batch.partition}`);
      if (leader === undefined || leader < 0) retry.push(batch);
      else if (byLeader.has(leader)) byLeader.get(leader)?.push(batch);
      else byLeader.set(leader, [batch]);
    }
    await Promise.all(
      [...byLeader].map(async ([leader, entries]) => {
        const pending = waves(entries);
        for (let index = 0; index < pending.length; index++) {
          const wave = pending[index] ?? [];
          const failed: BatchToSend[] = [];
          try {
            const response = await connection(leader).send(
              PRODUCE,
              PRODUCE_VERSION,
              clientId,
              produceRequest(wave),
            );
            const errors = produceErrors(response);
            for (const entry of wave) {
              const code = errors.get(`${entry.topic}/${entry.partition}`) ?? -1;
              if (code === 0) continue;
              if (!RETRIABLE.has(code)) {
                throw new Error(
                  `produce to ${entry.topic}/${entry.partition} failed with error code ${code}`,
                );
              }
              lastError = `error code ${code}`;
              failed.push(entry);
            }
          } catch (error) {
            if (!(error instanceof Error) || error.message.startsWith('produce to')) throw error;
            lastError = error.message;
            failed.push(...wave);
          }
          if (failed.length > 0) {
            // Later batches wait for the failed ones so each partition keeps its order.
            retry.push(...failed, ...pending.slice(index + 1).flat());
            break;
          }
        }
      }),
    );
    return { retry, lastError };
  }

  return {
    async produce(batches) {
      let remaining = [...batches];
      for (let round = 1; remaining.length > 0; round++) {
        if (round > 1 || remaining.some((batch) => !leaders.has(`${batch.topic}/${batch.partition}`))) {
          await refresh([...new Set(remaining.map((batch) => batch.topic))]);
        }
        const { retry, lastError } = await attempt(remaining);
        if (retry.length > 0 && round >= MAX_ATTEMPTS) {
          throw new Error(`gave up producing ${retry.length} batches after ${round} attempts: ${lastError}`);
        }
        if (retry.length > 0) await sleep(Math.min(2_000, 100 * 2 ** round));
        remaining = retry;
      }
    },
    close() {
      for (const connection of connections.values()) connection.close();
      connections.clear();
    },
  };
}
