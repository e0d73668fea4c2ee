import Link from 'next/link';
import type { Principal } from '@/lib/auth/principal';
import { LogoutEverywhereButton } from './logout-everywhere-button';

const navLink = 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100';

export function AppHeader({ principal }: { principal: Principal }) {
  return (
    <header className="flex items-center justify-between border-b border-zinc-200 px-6 py-3 dark:border-zinc-800">
      <nav aria-label="Main" className="flex items-center gap-6 text-sm">
        <Link href="/" className="text-base font-semibold">
          DLQ Desk
        </Link>
        <Link href="/" className={navLink}>
          Overview
        </Link>
        <Link href="/replays" className={navLink}>
          Replays
        </Link>
        <Link href="/alerts" className={navLink}>
          Alerts
        </Link>
        {principal.role === 'admin' && (
          <Link href="/audit" className={navLink}>
            Audit
          </Link>
        )}
      </nav>
      <div className="flex items-center gap-3 text-sm">
        <span data-testid="current-user">
          {principal.name} <span className="text-zinc-500">({principal.role})</span>
        </span>
        <form method="post" action="/api/auth/logout">
          <button
            type="submit"
            className="rounded border border-zinc-300 px-2 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Log out
          </button>
        </form>
        {principal.kind === 'user' && principal.via !== 'proxy' && (
          <LogoutEverywhereButton username={principal.name} />
        )}
      </div>
    </header>
  );
}
