// Test support: kafkajs's own request encoders and response decoders, used as the reference codec
// for the group APIs (kafkajs ships no types for these internals).
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<{ buffer: Buffer }>;
}

interface KafkajsResponse {
  decode(raw: Buffer): Promise<unknown>;
  parse(decoded: unknown): Promise<unknown>;
}

export interface KafkajsApi {
  request(args: unknown): KafkajsRequest;
  response: KafkajsResponse;
}

export function kafkajsApi(name: string, version: number): KafkajsApi {
  const dir = `kafkajs/src/protocol/requests/${name}/v${version}`;
  return {
    request: load(`${dir}/request`) as (args: unknown) => KafkajsRequest,
    response: load(`${dir}/response`) as KafkajsResponse,
  };
}
