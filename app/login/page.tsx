import { redirect } from 'next/navigation';
import { currentPrincipal } from '@/lib/auth/current-principal';
import { nextPath } from '@/lib/schemas/auth';

export const metadata = { title: 'Log in · DLQ Desk' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsedNext = nextPath.safeParse(typeof params.next === 'string' ? params.next : undefined);
  const next = parsedNext.success ? parsedNext.data : undefined;
  if (await currentPrincipal()) redirect(next ?? '/');
  const error = params.error;

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      {/* A plain form post: it works before any JavaScript loads, and the server answers with a redirect. */}
      <form
        method="post"
        action="/api/auth/login"
        className="w-full max-w-sm space-y-4 rounded-lg border border-zinc-200 p-6 shadow-sm dark:border-zinc-800"
      >
        <h1 className="text-xl font-semibold">DLQ Desk</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Log in to triage and replay dead-letter queues.
        </p>
        {error === 'throttled' && (
          <p
            role="alert"
            className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            Too many failed logins. Wait 15 minutes, or ask an admin.
          </p>
        )}
        {error === 'wrong' && (
          <p
            role="alert"
            className="rounded bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            Wrong username or password.
          </p>
        )}
        <label className="block text-sm font-medium">
          Username
          <input
            name="username"
            autoComplete="username"
            required
            autoFocus
            className="mt-1 block w-full rounded border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
          />
        </label>
        <label className="block text-sm font-medium">
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="mt-1 block w-full rounded border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
          />
        </label>
        {next && <input type="hidden" name="next" value={next} />}
        <button
          type="submit"
          className="w-full rounded bg-zinc-900 px-3 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Log in
        </button>
      </form>
    </main>
  );
}
