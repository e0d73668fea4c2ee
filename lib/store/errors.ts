import 'server-only';

/** Base of the errors the store throws on purpose; the API maps each subclass to a status. */
export class StoreError extends Error {}

/** Maps to 404: the id is not of the form `<topic>~<partition>~<offset>`, so no record can have it. */
export class InvalidRecordIdError extends StoreError {
  constructor(readonly id: string) {
    super('not a record id: expected <topic>~<partition>~<offset>');
  }
}

/** Maps to 422 on the `cursor` parameter. */
export class InvalidCursorError extends StoreError {
  constructor(reason: string) {
    super(`invalid cursor: ${reason}`);
  }
}

/** Maps to 422 naming `field`: a value outside what the store accepts (the API's schemas should catch these first). */
export class InvalidQueryError extends StoreError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
