import 'server-only';
import type { Config } from '../config/schema';

// Which topics are DLQs. Configured names and patterns, plus (unless turned off) one built-in pattern: a topic
// whose name has `dlq`, `dlt`, `dead-letter` or `deadletter` as one of its `.`/`_`/`-`-separated words (any case),
// which covers Spring Kafka `<topic>.DLT` / `<topic>-dlt`, SmallRye `dead-letter-topic-<channel>`, and the names
// people give Kafka Connect's DLQs (`connect-dlq-<sink>`), or Spring Cloud Stream's `error.<destination>.<group>`.
export const DEFAULT_DLQ_PATTERN = /(?:^|[._-])(?:dlq|dlt|dead-?letter)(?:[._-]|$)|^error\.[^.]+\.[^.]+$/i;

/** Kafka's and DLQ Desk's own topics are never DLQs, whatever a pattern says. */
function isInternal(topic: string): boolean {
  return topic.startsWith('__') || topic.startsWith('_dlqdesk');
}

export function dlqTopicMatcher(
  dlq: Pick<Config['dlq'], 'topics' | 'patterns' | 'defaultPattern'>,
): (topic: string) => boolean {
  const names = new Set(dlq.topics);
  const patterns = dlq.patterns.map((p) => new RegExp(p));
  if (dlq.defaultPattern) patterns.push(DEFAULT_DLQ_PATTERN);
  return (topic) => !isInternal(topic) && (names.has(topic) || patterns.some((p) => p.test(topic)));
}
