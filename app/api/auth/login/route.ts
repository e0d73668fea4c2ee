import { UnauthenticatedError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { verifyPassword } from '@/lib/auth/password';
import { sessionCookie } from '@/lib/auth/session-cookie';
import { log } from '@/lib/log';
import { loginBody } from '@/lib/schemas/auth';

// POST /api/auth/login - start a session (JSON for scripts, or the login page's HTML form)
export const POST = route(
  { access: 'public', body: loginBody, acceptsForm: true },
  async ({ config, body, isForm, secure }) => {
    const user = config.auth.users.find((u) => u.username === body.username);
    const ok = await verifyPassword(body.password, user?.passwordHash);
    if (!user || !ok) {
      log.warn('login failed', { user: body.username });
      if (!isForm) throw new UnauthenticatedError('wrong username or password');
      const again = new URLSearchParams({ error: '1', ...(body.next ? { next: body.next } : {}) });
      return new Response(null, { status: 303, headers: { location: `/login?${again}` } });
    }
    const now = Math.floor(Date.now() / 1000);
    const cookie = sessionCookie(config, { sub: user.username, iat: now, seen: now }, { secure });
    log.info('login', { user: user.username, role: user.role });
    if (isForm) {
      return new Response(null, {
        status: 303,
        headers: { location: body.next ?? '/', 'set-cookie': cookie },
      });
    }
    return Response.json({ username: user.username, role: user.role }, { headers: { 'set-cookie': cookie } });
  },
);
