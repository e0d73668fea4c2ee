import { route } from '@/lib/api/route';

// GET /api/auth/session - who am I
export const GET = route({ access: 'viewer' }, ({ principal }) => ({
  name: principal!.name,
  kind: principal!.kind,
  role: principal!.role,
}));
