import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { registerCompressionCodecs } from '../lib/kafka/codecs';

/**
 * Reads a whole topic with a kafkajs consumer, as a Kafka UI does on every search, handing each message to
 * `onMessage`. Timed from joining the group (the assignment is not the scan) to the last record of the end offsets
 * taken before the start; kafkajs's default fetch sizes, as a UI would use.
 */
export async function scanTopic(
  brokers: string[],
  topic: string,
  onMessage: (partition: number, message: KafkaMessage) => void,
): Promise<{ records: number; ms: number }> {
  await registerCompressionCodecs();
  const kafka = new Kafka({ clientId: 'dlqdesk-bench-scan', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<number, bigint>();
  try {
    for (const { partition, low, high } of await admin.fetchTopicOffsets(topic))
      if (BigInt(high) > BigInt(low)) remaining.set(partition, BigInt(high) - 1n);
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId: `dlqdesk-bench-scan-${process.pid}-${Date.now()}` });
  let joinedAt = performance.now();
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joinedAt = performance.now();
  });
  let records = 0;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const ms = await new Promise<number>((resolve, reject) => {
      if (remaining.size === 0) return resolve(0);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const last = remaining.get(batch.partition);
            for (const message of batch.messages) {
              if (last === undefined || BigInt(message.offset) > last) break;
              onMessage(batch.partition, message);
              records++;
              if (BigInt(message.offset) === last) remaining.delete(batch.partition);
            }
            if (remaining.size === 0) resolve(performance.now() - joinedAt);
          },
        })
        .catch(reject);
    });
    return { records, ms };
  } finally {
    await consumer.disconnect();
  }
}
