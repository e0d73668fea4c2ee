import { utf8 } from '../binary';
import type { ConventionOutput, FailedRecordContext, HeaderList } from '../demo-record';

/** SmallRye Reactive Messaging / Quarkus `dead-letter-queue` failure strategy: UTF-8 strings only. */
export function smallRyeRecord(context: FailedRecordContext): ConventionOutput {
  const { origin, failure } = context;
  const headers: HeaderList = [
    ...origin.headers,
    ['dead-letter-exception-class-name', utf8(failure.errorClass)],
    ['dead-letter-reason', utf8(failure.message ?? failure.errorClass)],
  ];
  if (failure.cause) {
    headers.push(['dead-letter-cause-class-name', utf8(failure.cause.errorClass)]);
    headers.push(['dead-letter-cause', utf8(failure.cause.message ?? failure.cause.errorClass)]);
  }
  headers.push(
    ['dead-letter-topic', utf8(origin.topic)],
    ['dead-letter-partition', utf8(String(origin.partition))],
    ['dead-letter-offset', utf8(String(origin.offset))],
  );
  return { key: origin.key === null ? null : utf8(origin.key), value: context.value, headers };
}
