// Consumer groups driven by independent clients: kcat (librdkafka: JoinGroup v5, SyncGroup v3,
// OffsetFetch v4, LeaveGroup v1) and kafka-python (JoinGroup v2, SyncGroup v1, OffsetCommit v2,
// OffsetFetch v1, GroupCoordinator v0). kafkajs checks what they committed.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type DevCluster } from '../index';
import { runTool } from '../test-support/client-tools';

let cluster: DevCluster;
let kafka: Kafka;

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3 });
  kafka = new Kafka({
    clientId: 'groups-clients-e2e',
    brokers: cluster.bootstrap,
    logLevel: logLevel.NOTHING,
  });
});

afterAll(async () => {
  await cluster?.stop();
});

async function produce(topic: string, values: string[], partitions: number) {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: values.map((value, i) => ({ value, partition: i % partitions })),
    });
  } finally {
    await producer.disconnect();
  }
}

async function committed(groupId: string, topic: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).sort((a, b) => a.partition - b.partition).map((p) => p.offset);
  } finally {
    await admin.disconnect();
  }
}

async function groupState(groupId: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.describeGroups([groupId])).groups[0]?.state;
  } finally {
    await admin.disconnect();
  }
}

const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('consumer groups with other clients', () => {
  it('kcat consumes as a group member, commits, leaves, and a restart resumes', async () => {
    const topic = 'groups-kcat';
    cluster.admin.createTopic({ name: topic, partitions: 2, replicationFactor: 3 });
    await produce(topic, values('k', 20), 2);

    // -e: exit once every assigned partition is at its end; librdkafka commits and leaves on close.
    const kcat = () =>
      runTool('kcat', [
        '-b',
        cluster.bootstrap.join(','),
        '-G',
        'kcat-group',
        '-X',
        'auto.offset.reset=earliest',
        '-e',
        '-q',
        '-f',
        '%s\n',
        topic,
      ]);
    const first = await kcat();
    expect(first.toString().split('\n').filter(Boolean).sort()).toEqual(values('k', 20).sort());
    expect(await committed('kcat-group', topic)).toEqual(['10', '10']);
    expect(await groupState('kcat-group')).toBe('Empty');

    await produce(topic, values('later', 4), 2);
    const second = await kcat();
    expect(second.toString().split('\n').filter(Boolean).sort()).toEqual(values('later', 4).sort());
    expect(await committed('kcat-group', topic)).toEqual(['12', '12']);
  });

  it('kafka-python consumes as a group member with older protocol versions and resumes', async () => {
    const topic = 'groups-python';
    cluster.admin.createTopic({ name: topic, partitions: 2, replicationFactor: 3 });
    await produce(topic, values('p', 10), 2);

    // Reads until it has `expected` records (or gives up after 45 s), then commits and leaves.
    const script = `
import sys, time
from kafka import KafkaConsumer
bootstrap, topic, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap.split(','), group_id='python-group',
                         auto_offset_reset='earliest', enable_auto_commit=False)
read, deadline = 0, time.time() + 45
while read < expected and time.time() < deadline:
    for records in consumer.poll(timeout_ms=500).values():
        for record in records:
            print(record.value.decode())
            read += 1
consumer.commit()
consumer.close()
`;
    // Debian's python3 has the kafka module; a pyenv python3 earlier on PATH may not.
    const python = (expected: number) =>
      runTool('/usr/bin/python3', ['-c', script, cluster.bootstrap.join(','), topic, String(expected)]);
    const first = await python(10);
    expect(first.toString().split('\n').filter(Boolean).sort()).toEqual(values('p', 10).sort());
    expect(await committed('python-group', topic)).toEqual(['5', '5']);

    await produce(topic, values('q', 2), 2);
    const second = await python(2);
    expect(second.toString().split('\n').filter(Boolean).sort()).toEqual(values('q', 2).sort());
    expect(await committed('python-group', topic)).toEqual(['6', '6']);
    expect(await groupState('python-group')).toBe('Empty');
  });
});
