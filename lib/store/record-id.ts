import 'server-only';
import { InvalidRecordIdError } from './errors';

/*
 * A record id is its DLQ coordinates, `<topic>~<partition>~<offset>`: readable, stable across
 * rebuilds of the index, and unambiguous because Kafka topic names are [a-zA-Z0-9._-] only.
 * Numbers are canonical decimals (no sign, no leading zeros), so each record has exactly one id.
 */

export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

const MAX_PARTITION = 2 ** 31 - 1;
const MAX_OFFSET = 2n ** 63n - 1n;
const ID = /^([a-zA-Z0-9._-]{1,249})~(0|[1-9][0-9]{0,9})~(0|[1-9][0-9]{0,18})$/;

export function recordId(topic: string, partition: number, offset: string): string {
  const id = `${topic}~${partition}~${offset}`;
  parseRecordId(id);
  return id;
}

/** Throws InvalidRecordIdError for anything that is not exactly a record id. */
export function parseRecordId(id: string): RecordPosition {
  const match = ID.exec(id);
  if (!match) throw new InvalidRecordIdError(id);
  const [, topic = '', partitionText = '', offset = ''] = match;
  const partition = Number(partitionText);
  if (topic === '.' || topic === '..' || partition > MAX_PARTITION || BigInt(offset) > MAX_OFFSET) {
    throw new InvalidRecordIdError(id);
  }
  return { topic, partition, offset };
}
