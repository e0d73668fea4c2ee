import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../config';
import { TEST_SECRET, useTestConfig } from '@/test/config';
import { addressMatcher, isIpOrCidr } from './ip-address';
import { clientAddress, PEER_HEADER } from './peer';
import { identify, pagePrincipal } from './principal';
import { roleForGroups } from './proxy-sign-on';

const stamped = globalThis as { __dlqdeskPeerHeader?: boolean };

beforeAll(() => {
  useTestConfig({
    DLQDESK_KAFKA_BROKERS: 'localhost:9092',
    DLQDESK_SESSION_SECRET: TEST_SECRET,
    DLQDESK_AUTH_PROXY: 'true',
    DLQDESK_AUTH_PROXY_TRUSTED_ADDRESSES: '10.1.0.0/16,fd00::7',
    DLQDESK_AUTH_PROXY_VIEWER_GROUPS: 'staff',
    DLQDESK_AUTH_PROXY_OPERATOR_GROUPS: 'sre,payments-oncall',
    DLQDESK_AUTH_PROXY_ADMIN_GROUPS: 'platform-admins',
    DLQDESK_API_TOKENS: 'ci:admin:tok_admin_0123456789abcdefghij',
  });
});
afterEach(() => {
  stamped.__dlqdeskPeerHeader = undefined;
});

const request = (headers: Record<string, string>) => new Headers(headers);

describe('addresses', () => {
  it('accepts IPs and CIDR blocks and matches peers, IPv4-mapped ones included', () => {
    for (const ok of ['10.0.0.5', '10.0.0.0/8', '::1', 'fd00::/8']) expect(isIpOrCidr(ok)).toBe(true);
    for (const bad of ['10.0.0', '10.0.0.0/33', 'proxy.local', '::1/129', '1.2.3.4/8/1'])
      expect(isIpOrCidr(bad)).toBe(false);
    const trusted = addressMatcher(['10.1.0.0/16', 'fd00::7']);
    expect(trusted('10.1.200.3')).toBe(true);
    expect(trusted('::ffff:10.1.0.9')).toBe(true);
    expect(trusted('fd00::7')).toBe(true);
    expect(trusted('10.2.0.1')).toBe(false);
    expect(trusted('garbage')).toBe(false);
  });
});

describe('proxy sign-on', () => {
  const ssoHeaders = (peer: string, extra: Record<string, string> = {}) =>
    request({
      [PEER_HEADER]: peer,
      'x-forwarded-user': 'mia@corp.example',
      'x-forwarded-groups': 'staff, payments-oncall',
      ...extra,
    });

  it('maps groups to the highest role they give', () => {
    const proxy = getConfig().auth.proxy;
    expect(roleForGroups(proxy, ['staff'])).toBe('viewer');
    expect(roleForGroups(proxy, ['sre', 'staff'])).toBe('operator');
    expect(roleForGroups(proxy, ['staff', 'platform-admins', 'sre'])).toBe('admin');
    expect(roleForGroups(proxy, ['visitors'])).toBeNull();
  });

  it('trusts the headers only from a configured proxy address stamped by the server', () => {
    const config = getConfig();
    // Unstamped (not started by `npm start`): the peer is unknown, so nobody is trusted.
    expect(identify(config, ssoHeaders('10.1.0.4'))).toBeNull();

    stamped.__dlqdeskPeerHeader = true;
    expect(identify(config, ssoHeaders('10.1.0.4'))).toEqual({
      kind: 'user',
      name: 'mia@corp.example',
      role: 'operator',
      via: 'proxy',
    });
    expect(pagePrincipal(config, ssoHeaders('::ffff:10.1.3.4'))?.name).toBe('mia@corp.example');
    expect(identify(config, ssoHeaders('192.168.1.9'))).toBeNull();
    // X-Forwarded-For is not the peer: a client naming the proxy there gains nothing.
    expect(identify(config, ssoHeaders('192.168.1.9', { 'x-forwarded-for': '10.1.0.4' }))).toBeNull();
    expect(identify(config, ssoHeaders('10.1.0.4', { 'x-forwarded-groups': 'visitors' }))).toBeNull();
    expect(identify(config, ssoHeaders('10.1.0.4', { 'x-forwarded-user': 'a b<script>' }))).toBeNull();
    // A bearer token decides alone.
    expect(
      identify(config, ssoHeaders('10.1.0.4', { authorization: 'Bearer tok_admin_0123456789abcdefghij' })),
    ).toMatchObject({ kind: 'token', name: 'ci', role: 'admin' });
  });

  it('takes the client address from the peer, or from X-Forwarded-For only behind a trusted proxy', () => {
    const config = getConfig();
    const xff = { 'x-forwarded-for': '6.6.6.6, 7.7.7.7' };
    expect(clientAddress(config, request(xff))).toBe('7.7.7.7');
    stamped.__dlqdeskPeerHeader = true;
    expect(clientAddress(config, request({ ...xff, [PEER_HEADER]: '192.168.1.9' }))).toBe('192.168.1.9');
    expect(clientAddress(config, request({ ...xff, [PEER_HEADER]: '10.1.0.4' }))).toBe('7.7.7.7');
  });

  it('refuses to start proxy sign-on without trusted addresses', () => {
    expect(() =>
      useTestConfig({
        DLQDESK_KAFKA_BROKERS: 'localhost:9092',
        DLQDESK_SESSION_SECRET: TEST_SECRET,
        DLQDESK_AUTH_PROXY: 'true',
      }),
    ).toThrow(/auth\.proxy\.trustedAddresses.*proxy addresses/);
    expect(() =>
      useTestConfig({
        DLQDESK_KAFKA_BROKERS: 'localhost:9092',
        DLQDESK_SESSION_SECRET: TEST_SECRET,
        DLQDESK_AUTH_PROXY_TRUSTED_ADDRESSES: 'proxy.internal',
      }),
    ).toThrow(/DLQDESK_AUTH_PROXY_TRUSTED_ADDRESSES.*IP address or CIDR/);
  });
});
