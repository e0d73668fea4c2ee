import 'server-only';
import { randomUUID } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { getConfig } from '../config';
import type { Config } from '../config/schema';
import { isHttps, isMutating, isSameOrigin } from '../auth/origin';
import { identify, type Principal } from '../auth/principal';
import { hasRole, type Role } from '../auth/roles';
import { sessionCookie } from '../auth/session-cookie';
import { needsRefresh } from '../auth/session-token';
import { log } from '../log';
import type { InvalidQueryError, InvalidRecordIdError } from '../store/errors';
import {
  ApiError,
  BadRequestError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthenticatedError,
  type FieldIssue,
} from './errors';

const MAX_BODY_BYTES = 1024 * 1024;

type Access = 'public' | Role;

export interface RouteContext<Q, B, P> {
  request: NextRequest;
  config: Config;
  /** null only on public routes */
  principal: Principal | null;
  query: Q;
  body: B;
  params: P;
  /** Whether the body came from an HTML form (answer with a redirect rather than JSON). */
  isForm: boolean;
  secure: boolean;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** A route handler, carrying its minimum role so the role-matrix test can check every route against the README. */
export type RouteHandler = ((request: NextRequest, context: NextContext) => Promise<Response>) & {
  access: Access;
};

function toFieldIssues(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${issue.keys.join(', ')}`;
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = 'required';
    return { field: field || prefix, message };
  });
}

function parsePart<T extends z.ZodType | undefined>(schema: T, value: unknown, prefix: string): Infer<T> {
  if (schema === undefined) return undefined as Infer<T>;
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInputError(toFieldIssues(result.error, prefix));
  return result.data as Infer<T>;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

async function readBody(
  request: NextRequest,
  acceptsForm: boolean,
): Promise<{ value: unknown; isForm: boolean }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (acceptsForm && type === 'application/x-www-form-urlencoded') {
    return { value: Object.fromEntries(new URLSearchParams(text)), isForm: true };
  }
  if (text.trim() === '') return { value: undefined, isForm: false };
  if (type !== 'application/json') throw new ApiError(415, 'body: send application/json');
  try {
    return { value: JSON.parse(text), isForm: false };
  } catch {
    throw new BadRequestError('body: malformed JSON');
  }
}

/**
 * The index's own errors, said in the API's terms. Matched by name: the index instance is shared across
 * separately bundled routes, so its error classes are not this bundle's classes.
 */
function fromStoreError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  switch (err.name) {
    case 'InvalidCursorError':
      return new InvalidInputError([{ field: 'query.cursor', message: err.message }]);
    case 'InvalidQueryError':
      return new InvalidInputError([
        { field: `query.${(err as InvalidQueryError).field}`, message: err.message },
      ]);
    case 'InvalidRecordIdError':
      return new NotFoundError(`no record ${JSON.stringify((err as InvalidRecordIdError).id.slice(0, 300))}`);
    default:
      return err;
  }
}

function errorResponse(caught: unknown, request: NextRequest): Response {
  const err = fromStoreError(caught);
  if (err instanceof ApiError) {
    return Response.json({ error: err.message, ...err.details }, { status: err.status });
  }
  const id = randomUUID();
  log.error('unhandled error in route', {
    id,
    method: request.method,
    path: request.nextUrl.pathname,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  return Response.json({ error: 'internal error', id }, { status: 500 });
}

/**
 * The one wrapper every route handler goes through: identity (session cookie or bearer token) -> role -> origin
 * check for cookie-borne mutations -> zod parse of params, query and body -> the handler -> error mapping
 * (401, 403, 413, 422 naming the field, 500 without internals).
 */
export function route<
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  spec: { access: Access; query?: Q; body?: B; params?: P; acceptsForm?: boolean },
  handler: (ctx: RouteContext<Infer<Q>, Infer<B>, Infer<P>>) => Promise<unknown> | unknown,
): RouteHandler {
  const handle = async (request: NextRequest, context: NextContext): Promise<Response> => {
    try {
      const config = getConfig();
      const principal = identify(config, request.headers);
      if (spec.access !== 'public') {
        if (!principal) throw new UnauthenticatedError();
        if (!hasRole(principal.role, spec.access)) {
          throw new ForbiddenError(`this needs the ${spec.access} role; you are ${principal.role}`);
        }
      }
      const viaCookie = request.headers.get('authorization') === null;
      if (isMutating(request.method) && viaCookie && !isSameOrigin(config, request.headers)) {
        throw new ForbiddenError('cross-origin request refused');
      }
      // Also on routes that never read a body: a client sending a huge one learns it is refused.
      if (Number(request.headers.get('content-length') ?? '0') > MAX_BODY_BYTES)
        throw new PayloadTooLargeError(MAX_BODY_BYTES);
      const params = parsePart(spec.params as P, await context.params, 'params');
      const query = parsePart(spec.query as Q, queryObject(request.nextUrl), 'query');
      let body = undefined as Infer<B>;
      let isForm = false;
      if (spec.body !== undefined) {
        const read = await readBody(request, spec.acceptsForm === true);
        isForm = read.isForm;
        body = parsePart(spec.body, read.value ?? {}, 'body');
      }
      const secure = isHttps(config, request.url, request.headers);
      const result = await handler({ request, config, principal, query, body, params, isForm, secure });
      const response =
        result instanceof Response
          ? result
          : result === undefined
            ? new Response(null, { status: 204 })
            : Response.json(result);
      const session = principal?.session;
      const now = Math.floor(Date.now() / 1000);
      if (session && needsRefresh(session, now) && !response.headers.has('set-cookie')) {
        response.headers.append('set-cookie', sessionCookie(config, { ...session, seen: now }, { secure }));
      }
      return response;
    } catch (err) {
      return errorResponse(err, request);
    }
  };
  return Object.assign(handle, { access: spec.access });
}
