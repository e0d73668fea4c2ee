import 'server-only';

// One class tree for every error a route can answer with on purpose. Anything else is a bug and becomes a 500
// without internals (see route.ts).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string) {
    super(400, message);
  }
}

export class UnauthenticatedError extends ApiError {
  constructor(message = 'login required') {
    super(401, message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, message);
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string) {
    super(404, message);
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super(409, message);
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super(413, `request body over the limit of ${limitBytes} bytes`);
  }
}

export interface FieldIssue {
  field: string;
  message: string;
}

export class InvalidInputError extends ApiError {
  constructor(readonly issues: FieldIssue[]) {
    const first = issues[0];
    super(422, first ? `${first.field}: ${first.message}` : 'invalid input', { issues });
  }
}
