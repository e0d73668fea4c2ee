// `next build` with output 'standalone' leaves static assets out of .next/standalone (they are meant for a CDN);
// copy them in so `node .next/standalone/server.js` serves a complete app.
import fs from 'node:fs';

const standalone = '.next/standalone';
if (!fs.existsSync(`${standalone}/server.js`)) {
  console.error('copy-standalone-assets: .next/standalone/server.js is missing; did `next build` run?');
  process.exit(1);
}
fs.cpSync('.next/static', `${standalone}/.next/static`, { recursive: true });
if (fs.existsSync('public')) fs.cpSync('public', `${standalone}/public`, { recursive: true });
