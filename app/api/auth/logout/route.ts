import { route } from '@/lib/api/route';
import { auditInBackground } from '@/lib/auth/audit-auth';
import { clearedSessionCookie } from '@/lib/auth/session-cookie';

// POST /api/auth/logout - end the session (the page's form gets a redirect to the login page)
export const POST = route({ access: 'viewer' }, ({ request, principal, secure }) => {
  if (principal?.kind === 'user') auditInBackground({ actor: principal.name, action: 'logout' });
  const cookie = clearedSessionCookie({ secure });
  const isForm = (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
  if (isForm)
    return new Response(null, { status: 303, headers: { location: '/login', 'set-cookie': cookie } });
  return new Response(null, { status: 204, headers: { 'set-cookie': cookie } });
});
