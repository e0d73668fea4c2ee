'use client';

// A DLQ page that failed to render (a bug, or data the UI did not expect) says so and offers a retry instead of a
// blank screen. The message is shown as text; Next.js hides server error details behind a digest.
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div
      role="alert"
      className="mx-auto max-w-2xl space-y-3 rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
    >
      <h1 className="text-lg font-semibold">This page could not be shown</h1>
      <p className="font-mono text-xs break-words">{message}</p>
      <button
        type="button"
        onClick={() => retry()}
        className="rounded border border-red-300 px-3 py-1 font-medium hover:bg-red-100 dark:border-red-800 dark:hover:bg-red-900"
      >
        Try again
      </button>
    </div>
  );
}
