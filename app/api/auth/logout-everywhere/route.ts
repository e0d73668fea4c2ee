import { ForbiddenError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { appendAudit } from '@/lib/state/audit';
import { clearedSessionCookie } from '@/lib/auth/session-cookie';
import { revokeSessions } from '@/lib/auth/session-revocation-store';
import { logoutEverywhereBody } from '@/lib/schemas/auth';

// POST /api/auth/logout-everywhere - end every session of a user (yourself; others need the admin role)
export const POST = route(
  { access: 'viewer', body: logoutEverywhereBody },
  async ({ principal, body, secure }) => {
    const me = principal!;
    const user = body.username;
    const self = user === me.name && me.kind === 'user';
    if (!self && me.role !== 'admin')
      throw new ForbiddenError(`ending another user's sessions needs the admin role; you are ${me.role}`);
    const revokedThrough = await revokeSessions(user, me.name);
    await appendAudit({ actor: me.name, action: 'logout-everywhere', target: user });
    const headers =
      self && me.via !== 'proxy' ? { 'set-cookie': clearedSessionCookie({ secure }) } : undefined;
    return Response.json({ username: user, revokedThrough }, { headers });
  },
);
