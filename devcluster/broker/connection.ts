// One client connection: size-prefixed frames in, request header v1 parsed, requests dispatched as they
// arrive (so their effects happen in arrival order) and responses written strictly in request order,
// as Kafka does. A malformed or unsupported request closes this connection and nothing else.
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultRegistry } from '../faults/fault-registry';
import { ApiKey, apiName } from '../protocol/api-keys';
import { ProtocolDecodeError, Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import type { DispatchTable } from './dispatch';
import type { RequestContext } from './handler';

/** Kafka's socket.request.max.bytes default. */
const MAX_FRAME_SIZE = 104857600;

export interface ConnectionOptions {
  brokerId: number;
  table: DispatchTable;
  faults: FaultRegistry;
  /** The response to an ApiVersions request of a version we do not support. */
  unsupportedApiVersions: () => Writer;
  log: (message: string) => void;
}

interface Slot {
  correlationId: number;
  done: boolean;
  response: Writer | null;
  drop: boolean;
}

export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private frameSize = -1;
  private readonly queue: Slot[] = [];
  private closed = false;
  private readonly remote: string;

  constructor(
    private readonly socket: Socket,
    private readonly opts: ConnectionOptions,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => {
      this.closed = true;
    });
  }

  close(reason?: string): void {
    if (reason) this.opts.log(`broker ${this.opts.brokerId}: closing ${this.remote}: ${reason}`);
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (!this.closed) {
      if (this.frameSize < 0) {
        if (this.buffered < 4) return;
        this.compact();
        this.frameSize = this.chunks[0]!.readInt32BE(0);
        if (this.frameSize < 8 || this.frameSize > MAX_FRAME_SIZE) {
          this.close(`invalid frame size ${this.frameSize}`);
          return;
        }
      }
      if (this.buffered < 4 + this.frameSize) return;
      this.compact();
      const buf = this.chunks[0]!;
      const frame = buf.subarray(4, 4 + this.frameSize);
      const rest = buf.subarray(4 + this.frameSize);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.frameSize = -1;
      this.onFrame(frame);
    }
  }

  /** Joins the buffered chunks into one, once per frame rather than once per chunk. */
  private compact(): void {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
  }

  private onFrame(frame: Buffer): void {
    const body = new Reader(frame);
    let ctx: RequestContext;
    try {
      const apiKey = body.int16();
      const apiVersion = body.int16();
      const correlationId = body.int32();
      const clientId = body.nullableString();
      ctx = {
        brokerId: this.opts.brokerId,
        apiKey,
        apiVersion,
        correlationId,
        clientId,
        remote: this.remote,
      };
    } catch {
      this.close('malformed request header');
      return;
    }
    const entry = this.opts.table.get(ctx.apiKey);
    if (!entry) {
      this.close(`unknown API key ${ctx.apiKey}`);
      return;
    }
    const slot: Slot = { correlationId: ctx.correlationId, done: false, response: null, drop: false };
    if (ctx.apiVersion < entry.minVersion || ctx.apiVersion > entry.maxVersion) {
      // Kafka answers only ApiVersions (in the v0 layout, error 35) and closes the connection otherwise.
      if (ctx.apiKey !== ApiKey.ApiVersions) {
        this.close(`unsupported ${apiName(ctx.apiKey)} version ${ctx.apiVersion}`);
        return;
      }
      this.queue.push(slot);
      this.complete(slot, this.opts.unsupportedApiVersions(), false);
      return;
    }
    this.queue.push(slot);
    void this.process(slot, ctx, body);
  }

  private async process(slot: Slot, ctx: RequestContext, body: Reader): Promise<void> {
    const { faults, brokerId } = this.opts;
    const entry = this.opts.table.get(ctx.apiKey)!;
    try {
      const injected = entry.errorResponse ? faults.takeError(ctx.apiKey, brokerId) : null;
      const response =
        injected !== null ? entry.errorResponse!(ctx, body, injected) : await entry.handle(ctx, body);
      const drop = faults.takeDrop(ctx.apiKey, brokerId);
      const latency = faults.latencyFor(ctx.apiKey, brokerId);
      if (latency > 0) await sleep(latency);
      this.complete(slot, response, drop);
    } catch (err) {
      if (err instanceof ProtocolDecodeError)
        this.close(`malformed ${apiName(ctx.apiKey)} v${ctx.apiVersion}: ${err.message}`);
      else
        this.close(
          `${apiName(ctx.apiKey)} v${ctx.apiVersion} failed: ${(err as Error).stack ?? String(err)}`,
        );
    }
  }

  private complete(slot: Slot, response: Writer | null, drop: boolean): void {
    slot.done = true;
    slot.response = response;
    slot.drop = drop;
    while (!this.closed && this.queue[0]?.done) {
      const next = this.queue.shift()!;
      if (next.drop) {
        // The request took effect; the client sees the connection break instead of the response.
        this.close();
        return;
      }
      if (next.response) this.send(next.correlationId, next.response);
    }
  }

  private send(correlationId: number, response: Writer): void {
    const body = response.build();
    const head = Buffer.allocUnsafe(8);
    head.writeInt32BE(body.length + 4, 0);
    head.writeInt32BE(correlationId, 4);
    this.socket.cork();
    this.socket.write(head);
    this.socket.write(body);
    this.socket.uncork();
  }
}
