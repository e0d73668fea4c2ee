// npm run devcluster -- --brokers 3 --port 19092
// Runs an embedded cluster until Ctrl-C / SIGTERM, so any Kafka tool can be pointed at it.
import { parseArgs } from 'node:util';
import { startCluster } from './index';

const HELP = `Usage: npm run devcluster -- [options]
  --brokers <n>               number of brokers (default 3)
  --port <port>               first broker port, the others follow (default 19092; 0 = ephemeral)
  --control-port <port>       HTTP control endpoint port (default 0 = ephemeral)
  --partitions <n>            num.partitions for auto-created topics (default 1)
  --replication-factor <n>    default.replication.factor (default 1)
  --min-insync-replicas <n>   broker default min.insync.replicas (default 1)
  --election-delay-ms <ms>    leaderless time after a leader's broker stops (default 250)
  --no-auto-create            disable auto.create.topics.enable
  --quiet                     do not log closed connections`;

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: 'string' },
      port: { type: 'string' },
      'control-port': { type: 'string' },
      partitions: { type: 'string' },
      'replication-factor': { type: 'string' },
      'min-insync-replicas': { type: 'string' },
      'election-delay-ms': { type: 'string' },
      'no-auto-create': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const brokers = intOption(values.brokers, 'brokers', 3);
  if (brokers < 1) throw new Error('--brokers must be at least 1');
  const minInsync = values['min-insync-replicas'];
  const cluster = await startCluster({
    brokers,
    port: intOption(values.port, 'port', 19092),
    controlPort: intOption(values['control-port'], 'control-port', 0),
    defaultPartitions: intOption(values.partitions, 'partitions', 1),
    defaultReplicationFactor: intOption(values['replication-factor'], 'replication-factor', 1),
    topicDefaults:
      minInsync === undefined
        ? {}
        : { 'min.insync.replicas': String(intOption(minInsync, 'min-insync-replicas', 1)) },
    electionDelayMs: intOption(values['election-delay-ms'], 'election-delay-ms', 250),
    autoCreateTopics: !values['no-auto-create'],
    log: values.quiet ? undefined : (message) => console.error(message),
  });
  console.log(`devcluster: ${brokers} broker(s) up`);
  console.log(`bootstrap: ${cluster.bootstrap.join(',')}`);
  console.log(`control:   ${cluster.controlUrl}`);
  console.log('Ctrl-C to stop.');
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void cluster.stop().then(() => {
      console.log('devcluster: stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`devcluster: ${(err as Error).message}`);
  process.exit(1);
});
