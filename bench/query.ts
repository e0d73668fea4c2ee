import { decodeRecord } from '../lib/dlq/decode';
import { toRawRecord } from '../lib/kafka/dlq-consumer';
import type { AppClient } from './app';
import { scanTopic } from './kafka-scan';
import { percentile, repeat } from './stats';

export const QUERY_KINDS = ['first page', 'facets', 'histogram', 'full text'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface QueryRound {
  /** Latency percentiles per query kind over this round's requests, in ms. */
  latency: Record<QueryKind, { p50: number; p95: number }>;
  /** One kafkajs scan of the whole DLQ applying both filters (error group and full text). */
  scanMs: number;
  scanRecords: number;
  scanMatches: { group: number; text: number };
  apiGroupTotal: number;
}

export interface QueryTarget {
  topic: string;
  group: { id: string; title: string; count: number };
}

interface RecordPage {
  rows: unknown[];
  total: { value: number; exact: boolean };
}

const WARM_UP = 3;
const TERMS = 20;

/** Keys spread evenly over the DLQ, each naming about one record: the "find that one record" search. */
export function searchTerms(records: ReadonlyArray<{ key: Buffer | string | null }>): string[] {
  const every = Math.max(1, Math.floor(records.length / TERMS));
  const terms: string[] = [];
  for (let i = 0; i < records.length; i += every) {
    const key = records[i]?.key?.toString();
    if (key && /^[\x21-\x7e]{6,}$/.test(key)) terms.push(key);
  }
  if (terms.length === 0) throw new Error('no printable keys to search for');
  return terms;
}

/**
 * Latency of the records API (first page, facets, histogram, full text) through HTTP, several requests per kind
 * per round, against one kafkajs scan of the same DLQ applying the same filters per round.
 */
export async function measureQueries(
  client: AppClient,
  brokers: string[],
  target: QueryTarget,
  terms: string[],
  options: { rounds: number; requests: number },
): Promise<QueryRound[]> {
  const base = `/api/dlqs/${encodeURIComponent(target.topic)}`;
  const group = `group=${encodeURIComponent(target.group.id)}`;
  const paths: Record<QueryKind, (i: number) => string> = {
    'first page': () => `${base}/records?${group}&limit=200`,
    facets: () => `${base}/facets?${group}`,
    histogram: () => `${base}/histogram?${group}`,
    'full text': (i) => `${base}/records?q=${encodeURIComponent(terms[i % terms.length] ?? '')}&limit=200`,
  };
  const found = await client.json<RecordPage>(paths['full text'](0));
  if (found.rows.length === 0) throw new Error(`full text found nothing for ${terms[0]}`);
  const { total } = await client.json<RecordPage>(paths['first page'](0));

  return repeat(options.rounds, async (round) => {
    const latency = {} as QueryRound['latency'];
    for (const kind of QUERY_KINDS) {
      for (let i = 0; i < WARM_UP; i++) await client.timed(paths[kind](i + round));
      const samples: number[] = [];
      for (let i = 0; i < options.requests; i++) samples.push(await client.timed(paths[kind](i + round)));
      latency[kind] = { p50: percentile(samples, 50), p95: percentile(samples, 95) };
    }
    const term = terms[round % terms.length] ?? '';
    const matches = { group: 0, text: 0 };
    const scan = await scanTopic(brokers, target.topic, (partition, message) => {
      const record = decodeRecord(toRawRecord(target.topic, partition, message));
      if (record.errorGroup.id === target.group.id) matches.group++;
      if (
        message.key?.includes(term) ||
        message.value?.includes(term) ||
        record.error.message?.includes(term)
      )
        matches.text++;
    });
    return {
      latency,
      scanMs: scan.ms,
      scanRecords: scan.records,
      scanMatches: matches,
      apiGroupTotal: total.value,
    };
  });
}
