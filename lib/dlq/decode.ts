import 'server-only';
import type { AdapterResult, DlqAdapter, HeaderField } from './adapters/adapter';
import { jsonEnvelope } from './adapters/json-envelope';
import { kafkaConnect } from './adapters/kafka-connect';
import { karafka } from './adapters/karafka';
import { smallrye } from './adapters/smallrye';
import { springCloudStream } from './adapters/spring-cloud-stream';
import { springKafka } from './adapters/spring-kafka';
import { fingerprintError } from './fingerprint';
import { decodeHeaderValue, epochMillis } from './header-codecs';
import { describePayload, MAX_STORED_BYTES, storeBytes } from './payload';
import type { RawKafkaHeader, RawKafkaRecord } from './raw-record';
import { buildRecordView, type RecordView } from './record-view';
import type { DlqError, DlqFormat, DlqHeader, DlqOrigin, DlqRecord, DlqWarning, Payload } from './types';

/*
 * Detection order. Header conventions come before the JSON envelope, which is guessed from the
 * value's field names. When a record carries the headers of several conventions (a record that
 * failed twice, in two frameworks), the convention whose headers come last on the wire wins:
 * every framework appends its headers after the ones the record already had, so the last ones
 * describe the latest failure. Equal positions (none) fall back to the order of this list.
 */
export const ADAPTERS: readonly DlqAdapter[] = [
  kafkaConnect,
  springKafka,
  springCloudStream,
  smallrye,
  karafka,
  jsonEnvelope,
];

/** Decodes one DLQ record. Never throws: whatever goes wrong becomes a warning on the record. */
export function decodeRecord(raw: RawKafkaRecord, adapters: readonly DlqAdapter[] = ADAPTERS): DlqRecord {
  try {
    return decode(raw, adapters);
  } catch (cause) {
    return fallbackRecord(raw, cause);
  }
}

function decode(raw: RawKafkaRecord, adapters: readonly DlqAdapter[]): DlqRecord {
  const warnings: DlqWarning[] = [];
  const view = buildRecordView(raw);
  const detected = adapters.filter((adapter) => detects(adapter, view, warnings));
  const chosen = latestConvention(detected, view);

  let result: AdapterResult = { origin: {}, error: {}, warnings: [] };
  if (chosen) {
    const others = detected.filter((adapter) => adapter !== chosen).map((adapter) => adapter.format);
    if (others.length > 0) {
      warnings.push({
        code: 'several-conventions',
        message: `also carries ${others.join(', ')} headers from an earlier failure; decoded as ${chosen.format}, whose headers come last`,
      });
    }
    result = runAdapter(chosen, view);
  } else {
    warnings.push({
      code: 'unknown-format',
      message: 'no known DLQ convention in the headers or the value; showing the raw record',
    });
  }
  warnings.push(...result.warnings);

  const format: DlqFormat = chosen?.format ?? 'unknown';
  const origin = complete(emptyOrigin(), result.origin);
  const error = complete(emptyError(), result.error);
  const key = describePayload(raw.key).payload;
  warnTruncated(warnings, 'key-truncated', 'key', key);
  warnTruncated(warnings, 'value-truncated', 'value', view.value);
  warnTruncated(warnings, 'key-truncated', 'original key', origin.key);
  warnTruncated(warnings, 'value-truncated', 'original value', origin.value);

  return {
    dlq: coordinates(raw, warnings),
    format,
    origin,
    error,
    errorGroup: fingerprintError(error, format),
    key,
    value: view.value,
    headers: describeHeaders(raw.headers, detected, warnings),
    warnings,
  };
}

function detects(adapter: DlqAdapter, view: RecordView, warnings: DlqWarning[]): boolean {
  try {
    return adapter.detect(view);
  } catch (cause) {
    warnings.push({
      code: 'adapter-failed',
      message: `${adapter.format} detection failed: ${describe(cause)}`,
    });
    return false;
  }
}

function latestConvention(detected: readonly DlqAdapter[], view: RecordView): DlqAdapter | undefined {
  let chosen: DlqAdapter | undefined;
  let chosenPosition = -2;
  for (const adapter of detected) {
    let position = -1;
    for (const field of adapter.headerFields) {
      position = Math.max(position, view.headers.get(field.name)?.lastIndex ?? -1);
    }
    if (position > chosenPosition) {
      chosen = adapter;
      chosenPosition = position;
    }
  }
  return chosen;
}

function runAdapter(adapter: DlqAdapter, view: RecordView): AdapterResult {
  try {
    return adapter.decode(view);
  } catch (cause) {
    return {
      origin: {},
      error: {},
      warnings: [
        {
          code: 'adapter-failed',
          message: `the ${adapter.format} adapter failed (${describe(cause)}); showing the raw record`,
        },
      ],
    };
  }
}

function coordinates(raw: RawKafkaRecord, warnings: DlqWarning[]): DlqRecord['dlq'] {
  const timestamp = epochMillis(raw.timestamp);
  if (timestamp === null) {
    warnings.push({
      code: 'timestamp-invalid',
      message: `the record's timestamp ${raw.timestamp} is not a time`,
    });
  }
  return { topic: raw.topic, partition: raw.partition, offset: raw.offset, timestamp };
}

function describeHeaders(
  headers: readonly RawKafkaHeader[],
  detected: readonly DlqAdapter[],
  warnings: DlqWarning[],
): DlqHeader[] {
  const fields = new Map<string, { format: DlqAdapter['format']; field: HeaderField }>();
  for (const adapter of detected) {
    for (const field of adapter.headerFields) {
      if (!fields.has(field.name)) fields.set(field.name, { format: adapter.format, field });
    }
  }
  let truncated = 0;
  const described = headers.map((header) => {
    const out: DlqHeader = { key: header.key, text: null, base64: null };
    if (header.value !== null) {
      const stored = storeBytes(header.value);
      out.text = stored.text;
      out.base64 = stored.base64;
      if (stored.truncated) {
        out.size = stored.size;
        out.truncated = true;
        truncated += 1;
      }
    }
    const convention = fields.get(header.key);
    if (convention) {
      const { encoding } = convention.field;
      out.convention = convention.format;
      out.decodedAs = encoding;
      if (encoding !== 'utf8' && encoding !== 'bytes') {
        out.decoded = header.value === null ? null : decodeHeaderValue(header.value, encoding).value;
      }
    }
    return out;
  });
  if (truncated > 0) {
    warnings.push({
      code: 'header-truncated',
      message: `${truncated} header value(s) longer than ${MAX_STORED_BYTES} bytes kept cut to that size`,
    });
  }
  return described;
}

function warnTruncated(
  warnings: DlqWarning[],
  code: DlqWarning['code'],
  what: string,
  payload: Payload | null,
) {
  if (payload?.truncated) {
    warnings.push({
      code,
      message: `${what} is ${payload.size} bytes; the first ${MAX_STORED_BYTES} or fewer are kept, the rest is read from Kafka on demand`,
    });
  }
}

function emptyOrigin(): DlqOrigin {
  return {
    topic: null,
    partition: null,
    offset: null,
    timestamp: null,
    timestampType: null,
    key: null,
    value: null,
    consumerGroup: null,
    attempts: null,
  };
}

function emptyError(): DlqError {
  return {
    class: null,
    message: null,
    causeClass: null,
    cause: null,
    stackTrace: null,
    stage: null,
    executingClass: null,
    connector: null,
    task: null,
    keyError: null,
  };
}

// Only the fields of the empty shape, and never undefined: records stay one exact shape.
function complete<T extends object>(empty: T, partial: Partial<T>): T {
  for (const name of Object.keys(empty) as (keyof T)[]) {
    const value = partial[name];
    if (value !== undefined) empty[name] = value;
  }
  return empty;
}

function describe(cause: unknown): string {
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return text.slice(0, 500);
}

/** The record with whatever could still be read, when decoding itself failed. */
function fallbackRecord(raw: RawKafkaRecord, cause: unknown): DlqRecord {
  const warnings: DlqWarning[] = [
    {
      code: 'record-malformed',
      message: `the record could not be decoded (${safely(() => describe(cause), 'unknown error')})`,
    },
  ];
  const nullPayload = describePayload(null).payload;
  const payload = (bytes: unknown) => safely(() => describePayload(asBuffer(bytes)).payload, nullPayload);
  const headers = safely(
    () =>
      Array.from(raw.headers, (header): DlqHeader => {
        const stored = storeBytes(asBuffer(header?.value) ?? Buffer.alloc(0));
        const isNull = asBuffer(header?.value) === null;
        return {
          key: String(header?.key),
          text: isNull ? null : stored.text,
          base64: isNull ? null : stored.base64,
        };
      }),
    [],
  );
  return {
    dlq: {
      topic: safely(() => String(raw.topic), ''),
      partition: safely(() => (Number.isInteger(raw.partition) ? raw.partition : -1), -1),
      offset: safely(() => String(raw.offset), ''),
      timestamp: safely(() => epochMillis(String(raw.timestamp)), null),
    },
    format: 'unknown',
    origin: emptyOrigin(),
    error: emptyError(),
    errorGroup: fingerprintError(emptyError(), 'unknown'),
    key: payload(safely(() => raw.key, null)),
    value: payload(safely(() => raw.value, null)),
    headers,
    warnings,
  };
}

function asBuffer(bytes: unknown): Buffer | null {
  if (Buffer.isBuffer(bytes)) return bytes;
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (typeof bytes === 'string') return Buffer.from(bytes, 'utf8');
  return null;
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
