import type { Role } from '../config/schema';

export type { Role };

const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** viewer < operator (replay, discard, edit) < admin (settings). */
export function hasRole(actual: Role, required: Role): boolean {
  return rank[actual] >= rank[required];
}
