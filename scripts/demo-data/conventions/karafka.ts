import { utf8 } from '../binary';
import type { ConventionOutput, FailedRecordContext, HeaderList } from '../demo-record';

const DAY = 86_400_000;

/**
 * Karafka Pro's DLQ: payload forwarded untouched, no error header. The demo app was upgraded during the
 * week, so older records carry the pre-2.5 `original_*` spelling (the oldest the pre-2.0.17
 * hyphenated one) and newer ones `source_*`.
 */
export function karafkaRecord(context: FailedRecordContext, upgradedAt: number): ConventionOutput {
  const { origin, prng, dlq, timestamp } = context;
  const attempts = String(prng.int(2, 4));
  const key = origin.key === null ? null : utf8(origin.key);
  let coordinates: HeaderList;
  if (timestamp >= upgradedAt) {
    coordinates = [
      ['source_topic', utf8(origin.topic)],
      ['source_partition', utf8(String(origin.partition))],
      ['source_offset', utf8(String(origin.offset))],
      ['source_consumer_group', utf8(dlq.consumerGroup)],
      ['source_attempts', utf8(attempts)],
      [
        'source_trace_id',
        utf8(`${prng.hex(8)}-${prng.hex(4)}-${prng.hex(4)}-${prng.hex(4)}-${prng.hex(12)}`),
      ],
    ];
  } else {
    const separator = timestamp < upgradedAt - 2 * DAY ? '-' : '_';
    coordinates = [
      [`original${separator}topic`, utf8(origin.topic)],
      [`original${separator}partition`, utf8(String(origin.partition))],
      [`original${separator}offset`, utf8(String(origin.offset))],
      [`original${separator}consumer${separator}group`, utf8(dlq.consumerGroup)],
      [`original${separator}attempts`, utf8(attempts)],
      [`original${separator}key`, key ?? Buffer.alloc(0)],
    ];
  }
  return { key, value: context.value, headers: [...origin.headers, ...coordinates] };
}
