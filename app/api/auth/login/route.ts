import { randomBytes } from 'node:crypto';
import { ApiError, UnauthenticatedError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { loginRetryAfter, recordLoginFailure } from '@/lib/auth/login-throttle';
import { clientAddress } from '@/lib/auth/peer';
import { sessionIssueTime } from '@/lib/auth/session-revocation';
import { verifyPassword } from '@/lib/auth/password';
import { sessionCookie } from '@/lib/auth/session-cookie';
import { log } from '@/lib/log';
import { auditInBackground } from '@/lib/auth/audit-auth';
import { loginBody } from '@/lib/schemas/auth';

function backToLogin(error: 'wrong' | 'throttled', next: string | undefined): Response {
  const query = new URLSearchParams({ error, ...(next ? { next } : {}) });
  return new Response(null, { status: 303, headers: { location: `/login?${query}` } });
}

// POST /api/auth/login - start a session (JSON for scripts, or the login page's HTML form)
export const POST = route(
  { access: 'public', body: loginBody, acceptsForm: true },
  async ({ request, config, body, isForm, secure }) => {
    const address = clientAddress(config, request.headers);
    const retryAfter = loginRetryAfter(body.username, address);
    if (retryAfter > 0) {
      log.warn('login throttled', { user: body.username, address });
      auditInBackground({
        actor: body.username,
        action: 'login-failed',
        detail: { address, throttled: true },
      });
      if (isForm) return backToLogin('throttled', body.next);
      throw new ApiError(429, `too many failed logins: try again in ${retryAfter} s`, { retryAfter });
    }
    const user = config.auth.users.find((u) => u.username === body.username);
    const ok = await verifyPassword(body.password, user?.passwordHash);
    if (!user || !ok) {
      recordLoginFailure(body.username, address);
      log.warn('login failed', { user: body.username, address });
      auditInBackground({ actor: body.username, action: 'login-failed', detail: { address } });
      if (isForm) return backToLogin('wrong', body.next);
      throw new UnauthenticatedError('wrong username or password');
    }
    // A login always issues a new session token, whatever cookie came with the request.
    const now = sessionIssueTime(user.username);
    const sid = randomBytes(12).toString('base64url');
    const cookie = sessionCookie(config, { sub: user.username, iat: now, seen: now, sid }, { secure });
    log.info('login', { user: user.username, role: user.role, address });
    auditInBackground({ actor: user.username, action: 'login', detail: { address, role: user.role } });
    if (isForm) {
      return new Response(null, {
        status: 303,
        headers: { location: body.next ?? '/', 'set-cookie': cookie },
      });
    }
    return Response.json({ username: user.username, role: user.role }, { headers: { 'set-cookie': cookie } });
  },
);
