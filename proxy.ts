import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { contentSecurityPolicy } from '@/lib/auth/content-security-policy';
import { isHttps } from '@/lib/auth/origin';
import { pagePrincipal } from '@/lib/auth/principal';

// Every page gets a fresh CSP nonce, and every page but the login page needs a session: without one, go to the
// login page and come back afterwards. API routes answer for themselves (401 JSON from the route wrapper).
export function proxy(request: NextRequest) {
  const config = getConfig();
  const https = isHttps(config, request.url, request.headers);
  const { pathname, search } = request.nextUrl;

  if (pathname !== '/login') {
    const principal = pagePrincipal(config, request.headers);
    if (!principal) {
      const login = new URL('/login', request.url);
      if (pathname + search !== '/') login.searchParams.set('next', pathname + search);
      return NextResponse.redirect(login);
    }
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, { https, dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  if (https) response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  return response;
}

export const config = {
  // Prefetches are matched too: they render pages, so they need the session check like any other request.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
};
