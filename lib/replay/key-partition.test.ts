import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { expect, it } from 'vitest';
import { keyPartition, murmur2 } from './key-partition';

it('matches the reference values of the Java client (UtilsTest.testMurmur2)', () => {
  const cases: [string, number][] = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ];
  for (const [text, expected] of cases) expect(murmur2(Buffer.from(text))).toBe(expected);
  expect(murmur2(Buffer.from([97, 98, 99, 100, 101, 102, 103]))).toBe(murmur2(Buffer.from('abcdefg')));
});

it("picks the same partition as kafkajs's default (Java-compatible) partitioner", () => {
  const partitioner = Partitioners.DefaultPartitioner();
  for (const partitions of [1, 3, 6, 7, 12, 100]) {
    const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, id) => ({
      partitionId: id,
      leader: 0,
      replicas: [0],
      isr: [0],
      partitionErrorCode: 0,
    }));
    const keys = [
      ...Array.from({ length: 300 }, (_, i) => `key-${i}`),
      '',
      'é ünïcödé 🚀',
      'x'.repeat(1001),
    ].map((k) => Buffer.from(k));
    keys.push(Buffer.from([0, 255, 128, 7, 1]));
    for (const key of keys) {
      const expected = partitioner({ topic: 't', partitionMetadata, message: { key, value: null } });
      expect(keyPartition(key, partitions), `${key.toString('hex')} of ${partitions}`).toBe(expected);
    }
  }
});
