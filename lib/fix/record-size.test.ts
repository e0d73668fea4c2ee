import { describe, expect, it } from 'vitest';
import { checkRecordSize, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, recordBatchSize, utf8Length } from './record-size';

describe('record size', () => {
  it('counts UTF-8 bytes like Buffer.byteLength', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀é€\u0000'])
      expect(utf8Length(s)).toBe(Buffer.byteLength(s));
  });

  it('adds framing to key, value and headers', () => {
    const bare = recordBatchSize({ key: null, value: null, headers: [] });
    expect(recordBatchSize({ key: 3, value: 10, headers: [] })).toBe(bare + 13);
    expect(recordBatchSize({ key: null, value: null, headers: [{ key: 'h', value: 'é' }] })).toBeGreaterThan(
      bare + 3,
    );
  });

  it('checks against the topic limit, or Kafka’s default when unknown', () => {
    expect(checkRecordSize({ key: null, value: 2000, headers: [] }, 1000)).toMatchObject({
      fits: false,
      limit: 1000,
    });
    expect(checkRecordSize({ key: null, value: 2000, headers: [] }, null)).toMatchObject({
      fits: true,
      limit: KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
    });
  });
});
