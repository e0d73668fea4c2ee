// The brokers' TCP listeners on loopback. Stopping a broker closes its listener and drops its
// connections at once; starting it again listens on the same port.
import { createServer, type Server, type Socket } from 'node:net';
import type { BrokerNetwork } from '../cluster/cluster';
import { Connection, type ConnectionOptions } from './connection';

interface Listener {
  server: Server;
  sockets: Set<Socket>;
}

export class NetworkLayer implements BrokerNetwork {
  private readonly listeners = new Map<number, Listener>();

  constructor(
    private readonly host: string,
    private readonly connectionOptions: (brokerId: number) => ConnectionOptions,
  ) {}

  listen(brokerId: number, port: number): Promise<number> {
    const sockets = new Set<Socket>();
    const options = this.connectionOptions(brokerId);
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      new Connection(socket, options);
    });
    this.listeners.set(brokerId, { server, sockets });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.host, port }, () => {
        server.off('error', reject);
        server.on('error', (err) => options.log(`broker ${brokerId}: listener error: ${err.message}`));
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  close(brokerId: number): void {
    const listener = this.listeners.get(brokerId);
    if (!listener) return;
    this.listeners.delete(brokerId);
    listener.server.close();
    for (const s of listener.sockets) s.destroy();
  }
}
