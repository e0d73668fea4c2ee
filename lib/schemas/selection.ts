import { z } from 'zod';
import { recordFilterQuery, topicParams } from './records';

// What a bulk action (replay, discard, bulk fix) works on, as sent by the browser: either record ids ticked one by
// one, or every record of one DLQ matching a filter. The filter travels as the same query string the DLQ page keeps
// in its URL (`group=…&status=unresolved`), so "the selection is the filter" and one parser reads both.

export const MAX_SELECTED_IDS = 10_000;

const filterText = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    const params = new URLSearchParams(text);
    const fields: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      fields[key] = values.length === 1 ? (values[0] ?? '') : values;
    }
    const parsed = recordFilterQuery.strict().safeParse(fields);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return parsed.data;
  });

export const selectionBody = z
  .object({
    topic: topicParams.shape.topic,
    ids: z
      .array(z.string().min(1).max(600))
      .min(1)
      .max(MAX_SELECTED_IDS, `at most ${MAX_SELECTED_IDS} ids`)
      .optional(),
    filter: filterText.optional(),
  })
  .strict()
  .superRefine((selection, ctx) => {
    if ((selection.ids === undefined) === (selection.filter === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ids'],
        message: 'give either ids or filter, not both or neither',
      });
    }
  });

export type SelectionBody = z.infer<typeof selectionBody>;
