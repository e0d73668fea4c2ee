// @ts-check

/** Headers every response carries. The Content-Security-Policy with nonces is set per request in proxy.ts. */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  // Types are checked once, over the whole repository, by `npm run typecheck` (part of `npm test`).
  typescript: { ignoreBuildErrors: true },
  // better-sqlite3 and kafkajs are Node libraries; keep them out of the server bundle and load them at run time.
  serverExternalPackages: ['better-sqlite3', 'kafkajs'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

module.exports = nextConfig;
