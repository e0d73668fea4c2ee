import { z } from 'zod';

// Query parameters of the records API. Multi-valued filters repeat their parameter (`status=failed&status=
// unresolved`); an empty value (`originTopic=`) stands for "none" (records without an origin topic or error
// class). Times are milliseconds since the epoch or ISO 8601.

const MAX_VALUES = 200;

function many<T extends z.ZodType>(item: T) {
  return z
    .union([item, z.array(item).max(MAX_VALUES, `at most ${MAX_VALUES} values`)])
    .transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[])
    .optional();
}

const nullableName = z
  .string()
  .max(1000)
  .transform((s) => (s === '' ? null : s));

/** A time parameter: milliseconds since the epoch or ISO 8601. */
export const timeParam = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const ms = /^\d{1,15}$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'milliseconds since the epoch or an ISO 8601 time' });
      return z.NEVER;
    }
    return ms;
  });

export const recordStatus = z.enum(['unresolved', 'replayed', 'discarded', 'failed']);
export const dlqFormat = z.enum([
  'kafka-connect',
  'spring-kafka',
  'spring-cloud-stream',
  'smallrye',
  'karafka',
  'json-envelope',
  'unknown',
]);

export const recordFilterQuery = z.object({
  group: many(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an error group id')),
  errorClass: many(nullableName),
  originTopic: many(nullableName),
  partition: many(z.coerce.number().int().min(0).max(1_000_000)),
  from: timeParam.optional(),
  to: timeParam.optional(),
  key: z.string().max(1000).optional(),
  q: z.string().max(500, 'at most 500 characters').optional(),
  status: many(recordStatus),
  format: many(dlqFormat),
});

export const recordsQuery = recordFilterQuery
  .extend({
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(500, 'at most 500').optional(),
    order: z.enum(['newest', 'oldest']).optional(),
  })
  .strict();

export const facetsQuery = recordFilterQuery.strict();

export const histogramQuery = recordFilterQuery
  .extend({
    buckets: z.coerce.number().int().min(1).max(1000, 'at most 1000').optional(),
  })
  .strict();

export const topicParams = z.object({
  topic: z
    .string()
    .min(1)
    .max(249)
    .regex(/^[a-zA-Z0-9._-]+$/, 'a Kafka topic name'),
});

export const recordIdParams = z.object({
  id: z.string().min(1).max(600),
});

export type RecordFilterQuery = z.infer<typeof recordFilterQuery>;
