import 'server-only';
import fs from 'node:fs';
import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import type { Config } from '../config/schema';
import { getConfig } from '../config';
import { log } from '../log';

// The one place a kafkajs client is built. TLS and SASL come from configuration; kafkajs's own log lines go through
// our logger, so they are redacted like everything else.

function saslOptions(sasl: NonNullable<Config['kafka']['sasl']>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

// The reliable producer retries through its own policy and lets kafkajs retry once (reliable-producer.ts); kafkajs
// warns about that on every connect, which would read like a problem in the log when it is the design.
const EXPECTED_NOTICES = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

function logCreator() {
  return ({ level, log: entry }: LogEntry) => {
    // kafkajs attaches stacks and timestamps to every line; the broker and the error message are what help.
    const { message, broker, error } = entry as { message: string; broker?: string; error?: string };
    if (EXPECTED_NOTICES.includes(message)) return;
    const text = `kafkajs: ${message}`;
    if (level === logLevel.ERROR || level === logLevel.WARN) log.warn(text, { broker, error });
    else log.debug(text, { broker, error });
  };
}

export function kafkaClientConfig(config: Config): KafkaConfig {
  const { kafka } = config;
  const ssl = kafka.tls.enabled
    ? {
        rejectUnauthorized: kafka.tls.rejectUnauthorized,
        ca: kafka.tls.caFile ? [fs.readFileSync(kafka.tls.caFile, 'utf8')] : undefined,
        cert: kafka.tls.certFile ? fs.readFileSync(kafka.tls.certFile, 'utf8') : undefined,
        key: kafka.tls.keyFile ? fs.readFileSync(kafka.tls.keyFile, 'utf8') : undefined,
      }
    : undefined;
  return {
    clientId: kafka.clientId,
    brokers: kafka.brokers,
    connectionTimeout: kafka.connectionTimeoutMs,
    requestTimeout: kafka.requestTimeoutMs,
    ssl,
    sasl: kafka.sasl ? saslOptions(kafka.sasl) : undefined,
    logLevel: logLevel.WARN,
    logCreator,
  };
}

const globalForKafka = globalThis as typeof globalThis & { __dlqdeskKafka?: Kafka };

/** One kafkajs client per process. */
export function getKafka(): Kafka {
  globalForKafka.__dlqdeskKafka ??= new Kafka(kafkaClientConfig(getConfig()));
  return globalForKafka.__dlqdeskKafka;
}
