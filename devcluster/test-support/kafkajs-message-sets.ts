// Test support: kafkajs 2.2.4's own legacy message set (magic 0 and 1) encoder and decoder, the reference
// for produce-side conversion and fetch-side down-conversion. Codecs other than gzip must be registered
// in kafkajs's CompressionCodecs first (lib/kafka/codecs.ts does it for tests).
import { createRequire } from 'node:module';

const load = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

export interface LegacyEntry {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  timestamp?: number;
  compression?: number;
}

export interface DecodedLegacyMessage {
  offset: string;
  magicByte: number;
  attributes: number;
  timestamp?: string;
  key: Buffer | null;
  value: Buffer | null;
}

interface KafkajsEncoder {
  buffer: Buffer;
}

const MessageSet = load('kafkajs/src/protocol/messageSet') as (opts: {
  messageVersion: number;
  compression?: number;
  entries: LegacyEntry[];
}) => KafkajsEncoder;
const MessageSetDecoder = load('kafkajs/src/protocol/messageSet/decoder') as (
  decoder: unknown,
  size: number,
) => Promise<DecodedLegacyMessage[]>;
const Decoder = load('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
const { lookupCodec } = load('kafkajs/src/protocol/message/compression') as {
  lookupCodec(type: number): { compress(encoder: KafkajsEncoder): Promise<Buffer> };
};

/**
 * A message set as kafkajs's producer writes it (Produce v0-2): plain messages, or with `compression`
 * one wrapper message around them, built the way kafkajs's Produce v2 request builds it.
 */
export async function kafkajsMessageSet(
  magic: 0 | 1,
  entries: LegacyEntry[],
  compression = 0,
): Promise<Buffer> {
  const inner = MessageSet({ messageVersion: magic, compression, entries });
  if (compression === 0) return inner.buffer;
  const value = await lookupCodec(compression).compress(inner);
  const timestamp = entries[0]?.timestamp ?? Date.now();
  return MessageSet({ messageVersion: magic, entries: [{ compression, timestamp, value }] }).buffer;
}

/** Decodes a fetched message set with kafkajs's consumer-side decoder (wrappers opened). */
export function kafkajsDecodeMessageSet(set: Buffer): Promise<DecodedLegacyMessage[]> {
  return MessageSetDecoder(new Decoder(set), set.length);
}
