import 'server-only';

export type TargetOption = { mode: 'original' } | { mode: 'topic'; topic: string };

/**
 * Whether a replay may write to `topic`: some allowlist pattern matches the whole name, and it is not an internal
 * topic (`_dlqdesk-state`, `__consumer_offsets`...), which no pattern can open.
 */
export function targetAllowlist(patterns: readonly string[]): (topic: string) => boolean {
  const regexes = patterns.map((p) => new RegExp(`^(?:${p})$`));
  return (topic) => !topic.startsWith('_') && regexes.some((r) => r.test(topic));
}

export type TargetChoice = { topic: string } | { skip: 'no-origin-topic' };

/** The topic a record goes to: the chosen one, else its fix draft's, else its origin from the DLQ metadata. */
export function chooseTarget(
  option: TargetOption,
  originTopic: string | null,
  draftTarget: string | undefined,
): TargetChoice {
  if (option.mode === 'topic') return { topic: option.topic };
  const topic = draftTarget ?? originTopic;
  return topic ? { topic } : { skip: 'no-origin-topic' };
}
