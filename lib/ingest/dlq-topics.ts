import 'server-only';
import type { Config } from '../config/schema';

// Which topics are DLQs. Configured names and patterns, plus (unless turned off) one built-in pattern for the
// default names frameworks give their dead-letter topics:
//   Spring Kafka `<topic>.DLT` / `<topic>-dlt`, common `<topic>.DLQ` / `-dlq` / `_dlq` (any case),
//   SmallRye `dead-letter-topic-<channel>`, Spring Cloud Stream `error.<destination>.<group>`,
//   and `dlq-<name>` / `dlt.<name>` prefixes used for Kafka Connect's (unnamed by default) DLQs.
export const DEFAULT_DLQ_PATTERN =
  /^(?:.+[._-](?:dlq|dlt)|(?:dlq|dlt)[._-].+|dead-letter-topic-.+|error\.[^.]+\.[^.]+)$/i;

/** Kafka's and DLQ Desk's own topics are never DLQs, whatever a pattern says. */
function isInternal(topic: string): boolean {
  return topic.startsWith('__') || topic.startsWith('_dlqdesk');
}

export function dlqTopicMatcher(dlq: Config['dlq']): (topic: string) => boolean {
  const names = new Set(dlq.topics);
  const patterns = dlq.patterns.map((p) => new RegExp(p));
  if (dlq.defaultPattern) patterns.push(DEFAULT_DLQ_PATTERN);
  return (topic) => !isInternal(topic) && (names.has(topic) || patterns.some((p) => p.test(topic)));
}
