import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { contentSecurityPolicy } from '@/lib/auth/content-security-policy';
import { isHttps } from '@/lib/auth/origin';
import { pagePrincipal } from '@/lib/auth/principal';

// Every page gets a fresh CSP nonce, and every page but the login page needs a session: without one, go to the
// login page and come back afterwards.
export function proxy(request: NextRequest) {
  const config = getConfig();
  const https = isHttps(config, request.url, request.headers);
  const { pathname, search } = request.nextUrl;

  // A dynamic segment that is not valid percent-encoded UTF-8 (`/api/records/%FF`) makes Next.js fail with a bare
  // 500 while decoding route params, before any handler could answer: refuse it here.
  try {
    decodeURIComponent(pathname);
  } catch {
    return Response.json({ error: 'path: malformed percent-encoding' }, { status: 400 });
  }
  // API routes answer for themselves (session or token, role, 401/403 JSON) in lib/api/route.ts.
  if (pathname.startsWith('/api/')) return NextResponse.next();

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
  // Prefetches are matched too: they render pages, so they need the session check like any other request. API
  // routes are matched only for the path check above.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
