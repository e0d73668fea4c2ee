// Test support for the rolling-restart experiment of reliability-lessons.md, shared by the reliable producer's
// test and the replay job's: a 3-broker cluster (RF 3, min.insync.replicas 2, 5-second elections), every broker
// stopped and started in turn (one of them uncontrolled) with a few produce responses dropped, and the count of
// what a topic holds afterwards.
import type { Consumed } from '../../devcluster/test-support/kafkajs-helpers';
import { startCluster, type DevCluster } from '../../devcluster';
import { waitFor } from '../../devcluster/test-support/kafkajs-helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startExperimentCluster(): Promise<DevCluster> {
  return startCluster({
    brokers: 3,
    topicDefaults: { 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' },
    electionDelayMs: 5000,
  });
}

/** Every broker stopped and started in turn; broker 2 uncontrolled; ten produce responses dropped. */
export async function rollingRestart(cluster: DevCluster, topic: string, partitions: number): Promise<void> {
  await sleep(500);
  // On healthy brokers, so that each dropped request has taken effect (a withdrawn leader would refuse it).
  // Ten, not a few: the uncontrolled stop can truncate some resent copies again (acks=1), and the baseline
  // must still show damage in every run.
  cluster.faults.dropResponses({ api: 'Produce', count: 10 });
  await waitFor(() => cluster.faults.pending().drops === 0, 'the dropped produce responses', 60_000);
  for (const broker of [1, 2, 3]) {
    await cluster.faults.stopBroker(broker, { controlled: broker !== 2 });
    await sleep(500);
    await cluster.faults.startBroker(broker);
    await waitFor(
      () =>
        Array.from({ length: partitions }, (_, p) => cluster.admin.partitionState(topic, p)).every(
          (s) => s.isr.length === 3 && s.leader >= 0,
        ),
      `ISR of ${topic} back to 3 after broker ${broker}`,
      60_000,
    );
  }
}

export interface DeliveryCount {
  lost: number;
  duplicated: number;
  keysOutOfOrder: number;
}

/**
 * Compares what a topic holds with what was meant to arrive. Values are `<key>|<sequence>`: a key's sequence must
 * grow in offset order within its partition.
 */
export function countDelivery(expected: readonly string[], consumed: readonly Consumed[]): DeliveryCount {
  const sorted = [...consumed].sort(
    (a, b) => a.partition - b.partition || Number(a.message.offset) - Number(b.message.offset),
  );
  const seen = new Map<string, number>();
  const lastSeq = new Map<string, number>();
  let keysOutOfOrder = 0;
  for (const { message } of sorted) {
    const value = message.value!.toString();
    seen.set(value, (seen.get(value) ?? 0) + 1);
    const [key, seqText] = value.split('|') as [string, string];
    const seq = Number(seqText);
    if (seq <= (lastSeq.get(key) ?? -1)) keysOutOfOrder++;
    lastSeq.set(key, Math.max(seq, lastSeq.get(key) ?? -1));
  }
  const lost = expected.filter((v) => !seen.has(v)).length;
  const duplicated = [...seen.values()].reduce((n, c) => n + c - 1, 0);
  return { lost, duplicated, keysOutOfOrder };
}
