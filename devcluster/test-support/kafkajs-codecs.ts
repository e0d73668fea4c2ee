// Test support: kafkajs 2.2.4's own request encoders, response decoders and record batch codec, the
// reference our codecs are checked against (kafkajs ships no types for these internals).
import { createRequire } from 'node:module';

const load = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

interface KafkajsEncoder {
  buffer: Buffer;
}

interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<KafkajsEncoder>;
}

/** Encodes a request body (no header) with kafkajs's encoder for that API version. */
export async function kafkajsRequestBody(api: string, version: number, args: unknown): Promise<Buffer> {
  const build = load(`kafkajs/src/protocol/requests/${api}/v${version}/request`) as (
    a: unknown,
  ) => KafkajsRequest;
  const request = build(args);
  if (request.apiVersion !== version)
    throw new Error(`kafkajs ${api} v${version} encoder reports v${request.apiVersion}`);
  return (await request.encode()).buffer;
}

interface KafkajsResponse<T> {
  decode(raw: Buffer): Promise<T>;
}

/** Decodes a response body with kafkajs's decoder for that API version. */
export async function kafkajsDecode<T = Record<string, unknown>>(
  api: string,
  version: number,
  body: Buffer,
): Promise<T> {
  const loaded = load(`kafkajs/src/protocol/requests/${api}/v${version}/response`) as
    KafkajsResponse<T> | ((args: { topics: unknown[] }) => KafkajsResponse<T>);
  // A few response modules (DeleteRecords) are factories over the request's arguments.
  const response = typeof loaded === 'function' ? loaded({ topics: [] }) : loaded;
  return response.decode(body);
}

interface KafkajsRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[]>;
  timestamp?: number;
  offsetDelta: number;
  timestampDelta: number;
}

const Record = load('kafkajs/src/protocol/recordBatch/record/v0') as (r: KafkajsRecord) => unknown;
const { RecordBatch } = load('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (b: unknown) => Promise<KafkajsEncoder>;
};
const RecordBatchDecoder = load('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<{
  records: {
    offset: string;
    key: Buffer | null;
    value: Buffer | null;
    timestamp: string;
    headers: Record<string, unknown>;
  }[];
  firstOffset: string;
  partitionLeaderEpoch: number;
}>;
const Decoder = load('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
const Long = load('kafkajs/src/utils/long') as { fromNumber(n: number): unknown };

export const KafkajsCompression = { None: 0, GZIP: 1 } as const;

/** A record batch as kafkajs's producer builds it (offsets 0.., as sent before the broker stamps it). */
export async function kafkajsBatch(opts: {
  messages: {
    key?: string | Buffer | null;
    value: string | Buffer | null;
    headers?: KafkajsRecord['headers'];
    timestamp: number;
  }[];
  compression?: number;
  producerId?: number;
  producerEpoch?: number;
  firstSequence?: number;
}): Promise<Buffer> {
  const first = opts.messages[0]!.timestamp;
  const records = opts.messages.map((m, i) =>
    Record({ ...m, offsetDelta: i, timestampDelta: m.timestamp - first }),
  );
  const batch = await RecordBatch({
    compression: opts.compression ?? KafkajsCompression.None,
    records,
    firstTimestamp: first,
    maxTimestamp: Math.max(...opts.messages.map((m) => m.timestamp)),
    producerId: Long.fromNumber(opts.producerId ?? -1),
    producerEpoch: opts.producerEpoch ?? 0,
    firstSequence: opts.firstSequence ?? 0,
    lastOffsetDelta: records.length - 1,
  });
  return batch.buffer;
}

/** Decodes one record batch with kafkajs's consumer-side decoder. */
export function kafkajsDecodeBatch(batch: Buffer): ReturnType<typeof RecordBatchDecoder> {
  return RecordBatchDecoder(new Decoder(batch));
}
