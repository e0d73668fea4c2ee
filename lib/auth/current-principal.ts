import 'server-only';
import { headers } from 'next/headers';
import { getConfig } from '../config';
import { identify, type Principal } from './principal';

/** The principal of the request being rendered (server components and pages). */
export async function currentPrincipal(): Promise<Principal | null> {
  return identify(getConfig(), await headers());
}
