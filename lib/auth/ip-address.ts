import 'server-only';
import { BlockList, isIP } from 'node:net';

/** `10.0.0.5`, `10.0.0.0/24`, `::1` or `fd00::/8`. */
export function isIpOrCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** An IPv4 client seen on a dual-stack socket is written `::ffff:a.b.c.d`; compare it as the IPv4 address. */
export function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** A matcher for a list of addresses and CIDR blocks. */
export function addressMatcher(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const normal = normaliseAddress(address);
    const family = isIP(normal);
    if (family === 0) return false;
    return list.check(normal, family === 6 ? 'ipv6' : 'ipv4');
  };
}
