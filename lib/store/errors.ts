import 'server-only';

/** Base of the errors the store throws on purpose; the API maps each subclass to a status. */
// Each class names itself in a string: the index is shared through globalThis by code that Next.js bundles
// separately per route, so callers recognise these errors by name, never by instanceof (and minifiers rename classes).
export class StoreError extends Error {
  override name = 'StoreError';
}

/** Maps to 404: the id is not of the form `<topic>~<partition>~<offset>`, so no record can have it. */
export class InvalidRecordIdError extends StoreError {
  override name = 'InvalidRecordIdError';
  constructor(readonly id: string) {
    super('not a record id: expected <topic>~<partition>~<offset>');
  }
}

/** Maps to 422 on the `cursor` parameter. */
export class InvalidCursorError extends StoreError {
  override name = 'InvalidCursorError';
  constructor(reason: string) {
    super(`invalid cursor: ${reason}`);
  }
}

/** Maps to 422 naming `field`: a value outside what the store accepts (the API's schemas should catch these first). */
export class InvalidQueryError extends StoreError {
  override name = 'InvalidQueryError';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
