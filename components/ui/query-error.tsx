'use client';

import { ApiError, NetworkError } from '@/lib/ui/api-client';
import { Ago } from './timestamp';

function loginHref(): string {
  const next = typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search;
  return `/login?next=${encodeURIComponent(next)}`;
}

/** Why a query failed, in words, with a way forward: retry, or log in again when the session is gone. */
export function QueryError({
  error,
  what,
  onRetry,
  staleSince,
}: {
  error: unknown;
  /** `the DLQs`, `this record` */
  what: string;
  onRetry?: () => void;
  /** When the data still on screen was loaded; set when the failure was a refresh. */
  staleSince?: number;
}) {
  const expired = error instanceof ApiError && error.status === 401;
  let reason = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.status === 403)
    reason = `your role may not see this (${error.message})`;
  if (error instanceof ApiError && error.status >= 500) reason = `the server failed (${error.message})`;
  if (error instanceof NetworkError) reason = error.message;
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
    >
      {expired ? (
        <span>
          Your session has ended.{' '}
          <a href={loginHref()} className="font-medium underline">
            Log in again
          </a>
        </span>
      ) : (
        <span>
          Could not load {what}: {reason}
          {staleSince !== undefined && (
            <>
              {' '}
              Showing what was loaded <Ago ms={staleSince} />.
            </>
          )}
        </span>
      )}
      {!expired && onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="rounded border border-red-300 px-2 py-0.5 font-medium hover:bg-red-100 dark:border-red-800 dark:hover:bg-red-900"
        >
          Retry
        </button>
      )}
    </div>
  );
}
