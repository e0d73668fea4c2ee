import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { principalFromSession } from '@/lib/auth/principal';
import { SESSION_COOKIE } from '@/lib/auth/session-token';

// Pages need a session: without one, go to the login page and come back afterwards. API routes answer for
// themselves (401 JSON from the route wrapper), so they are not matched here.
export function proxy(request: NextRequest) {
  const principal = principalFromSession(
    getConfig(),
    request.cookies.get(SESSION_COOKIE)?.value,
    Math.floor(Date.now() / 1000),
  );
  if (principal) return NextResponse.next();
  const login = new URL('/login', request.url);
  const next = request.nextUrl.pathname + request.nextUrl.search;
  if (next !== '/') login.searchParams.set('next', next);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!api/|login|_next/static|_next/image|favicon.ico).*)'],
};
