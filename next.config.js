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
  // Node libraries loaded at run time rather than bundled: native code (better-sqlite3), and the compression codecs,
  // whose zstd WebAssembly file is found relative to the package.
  serverExternalPackages: ['better-sqlite3', 'kafkajs', '@bokuweb/zstd-wasm', 'lz4js', 'snappyjs'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

module.exports = nextConfig;
