// Test support: kafkajs clients against a devcluster, and a consumer that reads a topic to a count.
import { Kafka, logLevel, type KafkaMessage, type RetryOptions } from 'kafkajs';

export function kafkaFor(bootstrap: string[], retry?: RetryOptions, requestTimeout?: number): Kafka {
  return new Kafka({
    clientId: 'devcluster-test',
    brokers: bootstrap,
    logLevel: logLevel.NOTHING,
    retry,
    requestTimeout,
  });
}

export interface Consumed {
  partition: number;
  message: KafkaMessage;
}

let groupCounter = 0;

/** Consumes `topic` from the beginning with a fresh group until `count` messages arrived. */
export async function consumeCount(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<Consumed[]> {
  const consumer = kafka.consumer({
    groupId: `test-group-${process.pid}-${++groupCounter}`,
    maxWaitTimeInMs: 200,
  });
  const got: Consumed[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumed ${got.length} of ${count} from ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          got.push({ partition, message });
          if (got.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

/** Polls until `condition` holds. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Consumes every record currently in `topic` (as many as its offsets say it holds). */
export async function consumeAll(kafka: Kafka, topic: string): Promise<Consumed[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  return total === 0 ? [] : consumeCount(kafka, topic, total);
}
