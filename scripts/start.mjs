// `npm start`: run the production build (`node .next/standalone/server.js`), with relative paths in the
// configuration resolved against the directory you started from (the standalone server changes directory).
import fs from 'node:fs';
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
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
await import(pathToFileURL(server).href);
