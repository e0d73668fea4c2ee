import 'server-only';
import type { Config, Role } from '../config/schema';
import { fromTrustedProxy } from './peer';
import type { Principal } from './principal';
import { hasRole } from './roles';

const USER_NAME = /^[\w.@+-]{1,256}$/;

/** The role a user's groups give: the highest one any of them maps to, or null. */
export function roleForGroups(proxy: Config['auth']['proxy'], groups: readonly string[]): Role | null {
  const mapped: [Role, string[]][] = [
    ['admin', proxy.adminGroups],
    ['operator', proxy.operatorGroups],
    ['viewer', proxy.viewerGroups],
  ];
  let best: Role | null = null;
  for (const [role, names] of mapped) {
    if (groups.some((g) => names.includes(g)) && (best === null || !hasRole(best, role))) best = role;
  }
  return best;
}

/**
 * The user a trusted sign-on proxy vouches for (oauth2-proxy style headers), or null: proxy sign-on off, the
 * request not from a configured proxy address, no or malformed user header, or no group with a role.
 */
export function principalFromProxy(config: Config, headers: Headers): Principal | null {
  const proxy = config.auth.proxy;
  if (!proxy.enabled || !fromTrustedProxy(config, headers)) return null;
  const user = headers.get(proxy.userHeader)?.trim();
  if (!user || !USER_NAME.test(user)) return null;
  const groups = (headers.get(proxy.groupsHeader) ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
  const role = roleForGroups(proxy, groups);
  return role === null ? null : { kind: 'user', name: user, role, via: 'proxy' };
}
