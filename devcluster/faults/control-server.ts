// Loopback-only HTTP control endpoint (JSON) so tests in other processes can inject failures:
//   GET  /state                      brokers, controller, topics with leaders, ISR and offsets
//   POST /brokers/:id/stop           {"controlled": true|false} (default true); answers after the election
//   POST /brokers/:id/start
//   POST /leaders                    {"topic", "partition", "brokerId"}
//   POST /faults/errors              {"api", "code", "count", "brokerId"?}  api: name ("Produce") or key
//   POST /faults/drops               {"api", "count", "brokerId"?}
//   POST /faults/latency             {"api"?, "ms", "brokerId"?}
//   POST /faults/clear
//   POST /settings                   {"electionDelayMs"?, "replicationLagMs"?}
//   POST /topics                     {"name", "partitions"?, "replicationFactor"?, "configs"?}
//   DELETE /topics/:name
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Cluster } from '../cluster/cluster';
import { ErrorCode } from '../protocol/error-codes';
import { ApiKey } from '../protocol/api-keys';
import type { Faults } from './faults';

const apiRef = z.union([
  z.number().int(),
  z.enum(Object.keys(ApiKey) as [keyof typeof ApiKey, ...(keyof typeof ApiKey)[]]),
]);
const schemas = {
  stop: z.object({ controlled: z.boolean().optional() }),
  leader: z.object({ topic: z.string(), partition: z.number().int(), brokerId: z.number().int() }),
  errors: z.object({
    api: apiRef,
    code: z.number().int(),
    count: z.number().int().positive(),
    brokerId: z.number().int().optional(),
  }),
  drops: z.object({ api: apiRef, count: z.number().int().positive(), brokerId: z.number().int().optional() }),
  latency: z.object({
    api: apiRef.optional(),
    ms: z.number().int().nonnegative(),
    brokerId: z.number().int().optional(),
  }),
  settings: z.object({
    electionDelayMs: z.number().int().nonnegative().optional(),
    replicationLagMs: z.number().int().nonnegative().optional(),
  }),
  topic: z.object({
    name: z.string(),
    partitions: z.number().int().optional(),
    replicationFactor: z.number().int().optional(),
    configs: z.record(z.string(), z.string()).optional(),
  }),
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function clusterState(cluster: Cluster, faults: Faults): unknown {
  return {
    clusterId: cluster.settings.clusterId,
    controllerId: cluster.controllerId,
    brokers: [...cluster.brokers.values()].map((b) => ({ ...b })),
    topics: [...cluster.topics.values()].map((t) => ({
      name: t.name,
      configs: Object.fromEntries(t.overrides),
      partitions: t.partitions.map((p) => ({
        partition: p.index,
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicas,
        isr: p.isr,
        logStartOffset: p.log.logStartOffset,
        highWatermark: p.highWatermark,
      })),
    })),
    faults: faults.pending(),
    settings: {
      electionDelayMs: cluster.settings.electionDelayMs,
      replicationLagMs: cluster.settings.replicationLagMs,
    },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new HttpError(400, result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

async function route(cluster: Cluster, faults: Faults, req: IncomingMessage): Promise<unknown> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const brokerMatch = /^\/brokers\/(\d+)\/(stop|start)$/.exec(path);
  if (method === 'GET' && path === '/state') return clusterState(cluster, faults);
  if (method === 'POST' && brokerMatch) {
    const id = Number(brokerMatch[1]);
    if (!cluster.brokers.has(id)) throw new HttpError(404, `no broker ${id}`);
    if (brokerMatch[2] === 'stop') await faults.stopBroker(id, parse(schemas.stop, await readJson(req)));
    else await faults.startBroker(id);
    return clusterState(cluster, faults);
  }
  if (method === 'POST' && path === '/leaders') {
    const body = parse(schemas.leader, await readJson(req));
    try {
      faults.moveLeader(body.topic, body.partition, body.brokerId);
    } catch (err) {
      throw new HttpError(409, (err as Error).message);
    }
    return clusterState(cluster, faults);
  }
  if (method === 'POST' && path === '/faults/errors')
    faults.injectErrors(parse(schemas.errors, await readJson(req)));
  else if (method === 'POST' && path === '/faults/drops')
    faults.dropResponses(parse(schemas.drops, await readJson(req)));
  else if (method === 'POST' && path === '/faults/latency')
    faults.setLatency(parse(schemas.latency, await readJson(req)));
  else if (method === 'POST' && path === '/faults/clear') faults.clear();
  else if (method === 'POST' && path === '/settings') {
    const body = parse(schemas.settings, await readJson(req));
    if (body.electionDelayMs !== undefined) faults.setElectionDelay(body.electionDelayMs);
    if (body.replicationLagMs !== undefined) faults.setReplicationLag(body.replicationLagMs);
  } else if (method === 'POST' && path === '/topics') {
    const result = cluster.createTopic(parse(schemas.topic, await readJson(req)));
    if (result.code !== ErrorCode.NONE) throw new HttpError(409, result.message ?? `error ${result.code}`);
  } else if (method === 'DELETE' && path.startsWith('/topics/')) {
    const result = cluster.deleteTopic(decodeURIComponent(path.slice('/topics/'.length)));
    if (result.code !== ErrorCode.NONE) throw new HttpError(404, result.message ?? `error ${result.code}`);
  } else throw new HttpError(404, `no route ${method} ${path}`);
  return clusterState(cluster, faults);
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startControlServer(
  cluster: Cluster,
  faults: Faults,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      reply(res, 403, { error: 'the control endpoint only answers loopback clients' });
      return;
    }
    route(cluster, faults, req).then(
      (body) => reply(res, 200, body),
      (err: unknown) =>
        reply(res, err instanceof HttpError ? err.status : 500, { error: (err as Error).message }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
