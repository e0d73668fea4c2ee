// `npm start`: run the production build (`node .next/standalone/server.js`), with relative paths in the
// configuration resolved against the directory you started from (the standalone server changes directory).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const server = path.resolve('.next/standalone/server.js');
if (!fs.existsSync(server)) {
  console.error(
    'DLQ Desk is not built yet: run `npm run build` first (or `npm run demo` to try it with demo data).',
  );
  process.exit(1);
}
process.env.DLQDESK_BASE_DIR ??= process.cwd();
// Next.js gives the app no socket: stamp every request with its TCP peer address, replacing any header of that
// name a client sent, so that proxy sign-on and login limits know who really connected (lib/auth/peer.ts).
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    const request = args[0];
    request.headers['x-dlqdesk-peer'] = request.socket.remoteAddress ?? '';
  }
  return emit.call(this, event, ...args);
};
globalThis.__dlqdeskPeerHeader = true;
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
await import(pathToFileURL(server).href);
