import { utf8 } from '../binary';
import type { ConventionOutput, FailedRecordContext } from '../demo-record';
import { avroWire, protobufWire } from '../schema-registry';

type Junk = (context: FailedRecordContext) => ConventionOutput;

const PAGE_VIEW_AVRO_SCHEMA_ID = 2101;
const PAGE_VIEW_PROTOBUF_SCHEMA_ID = 2207;

const keyOf = (context: FailedRecordContext): Buffer | null =>
  context.origin.key === null ? null : utf8(context.origin.key);

const body = (context: FailedRecordContext): Record<string, unknown> => context.event.body;

const JUNK: ReadonlyArray<{ weight: number; junk: Junk }> = [
  {
    weight: 4,
    junk: (context) => ({
      key: keyOf(context),
      value: avroWire(PAGE_VIEW_AVRO_SCHEMA_ID, [
        { value: String(body(context).sessionId) },
        { value: String(body(context).page) },
        { value: (body(context).referrer as string | null) ?? null, nullable: true },
        { value: context.timestamp },
        { value: JSON.stringify(body(context).events) },
      ]),
      headers: [],
    }),
  },
  {
    weight: 2,
    junk: (context) => ({
      key: keyOf(context),
      value: protobufWire(PAGE_VIEW_PROTOBUF_SCHEMA_ID, [
        String(body(context).sessionId),
        String(body(context).page),
        context.timestamp,
        JSON.stringify(body(context).events),
      ]),
      headers: [],
    }),
  },
  {
    weight: 2,
    junk: (context) => ({
      key: null,
      value: context.prng.bytes(context.value.length),
      headers: [],
    }),
  },
  {
    // Latin-1 text from a legacy producer: not valid UTF-8.
    weight: 2,
    junk: (context) => ({
      key: keyOf(context),
      value: Buffer.from(
        `Sitzung ${String(body(context).sessionId)}; Seite ${String(body(context).page)}; Café Müller, Größe ` +
          `${context.prng.int(36, 46)}; Ereignisse ${JSON.stringify(body(context).events)}`,
        'latin1',
      ),
      headers: [['x-source-encoding', Buffer.from('ISO-8859-1', 'latin1')]],
    }),
  },
  {
    // Truncated JSON from a producer that hit its buffer limit.
    weight: 1,
    junk: (context) => {
      const text = JSON.stringify(body(context));
      return { key: null, value: utf8(text.slice(0, context.prng.int(10, text.length - 1))), headers: [] };
    },
  },
  {
    weight: 1,
    junk: (context) => ({
      key: keyOf(context) ?? utf8(context.event.ids.sessionId ?? 'session'),
      value: null,
      headers: [],
    }),
  },
  { weight: 1, junk: () => ({ key: null, value: Buffer.alloc(0), headers: [] }) },
];

/** Records nobody can decode: Schema Registry framed Avro/Protobuf, binary, bad UTF-8, tombstones. */
export function junkRecord(context: FailedRecordContext): ConventionOutput {
  return context.prng.weighted(JUNK).junk(context);
}
