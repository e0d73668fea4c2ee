// Test support: a bare Kafka wire client over one TCP connection, for what real clients never send
// (malformed frames, unknown APIs, pipelined bursts) and to observe raw responses.
import { connect, type Socket } from 'node:net';
import { Writer } from '../protocol/writer';

export class RawClient {
  private buffered = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(address: string): Promise<RawClient> {
    const [host, port] = address.split(':');
    return new Promise((resolve, reject) => {
      const socket = connect({ host: host!, port: Number(port) }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends a request with header v1 (api key, version, correlation id, client id). */
  send(apiKey: number, version: number, correlationId: number, body: Buffer): void {
    const payload = new Writer()
      .int16(apiKey)
      .int16(version)
      .int32(correlationId)
      .string('raw-test')
      .raw(body)
      .build();
    this.sendRaw(new Writer().int32(payload.length).raw(payload).build());
  }

  /** The next response: its correlation id and body. Rejects if the connection closes first. */
  async receive(timeoutMs = 20_000): Promise<{ correlationId: number; body: Buffer }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length >= 4 + size) {
          const frame = this.buffered.subarray(4, 4 + size);
          this.buffered = this.buffered.subarray(4 + size);
          return { correlationId: frame.readInt32BE(0), body: frame.subarray(4) };
        }
      }
      if (this.closed) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error('no response');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once the broker has closed the connection. */
  async waitClosed(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
