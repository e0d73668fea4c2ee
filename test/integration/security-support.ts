// Helpers of the security integration tests: a free port, and raw HTTP requests that can choose the local
// address they come from (all of 127.0.0.0/8 is loopback on Linux) and give up after a time limit.
import http from 'node:http';
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Local address to connect from. */
  from?: string;
  /** Fail when no complete answer came within this time (default 60 s). */
  timeoutMs?: number;
}

export type Requester = (method: string, urlPath: string, options?: RequestOptions) => Promise<Answer>;

/** Requests to `baseUrl` (JSON content type when there is a body, the app's own Origin); `seen` gets every answer. */
export function requester(baseUrl: () => string, seen?: (text: string) => void): Requester {
  return (method, urlPath, { headers = {}, body, from, timeoutMs = 60_000 } = {}) => {
    const base = baseUrl();
    const url = new URL(urlPath, base);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          method,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          localAddress: from,
          headers: {
            origin: base,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            const text = Buffer.concat(chunks).toString('utf8');
            seen?.(`${text}\n${JSON.stringify(res.headers)}`);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text,
              json: <T>() => JSON.parse(text) as T,
            });
          });
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error(`${method} ${urlPath.slice(0, 200)}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end(body);
    });
  };
}
