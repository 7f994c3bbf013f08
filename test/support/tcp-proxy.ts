/**
 * A loopback TCP proxy in front of an API server (plain or TLS: it never looks inside), for
 * faults a real cluster cannot be asked to produce: dropped connections and silence.
 */
import net from 'node:net';

export type ProxyMode = { kind: 'pass' } | { kind: 'drop'; connections: number } | { kind: 'hang' };

export class TcpProxy {
  mode: ProxyMode = { kind: 'pass' };
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    let proxy!: TcpProxy;
    const server = net.createServer((client) => {
      proxy.sockets.add(client);
      client.on('close', () => proxy.sockets.delete(client));
      const mode = proxy.mode;
      if (mode.kind === 'drop' && mode.connections > 0) {
        mode.connections--;
        client.destroy();
        return;
      }
      if (mode.kind === 'hang') {
        client.on('error', () => {});
        return;
      }
      const upstream = net.connect(target.port, target.host);
      proxy.sockets.add(upstream);
      upstream.on('close', () => proxy.sockets.delete(upstream));
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  /** Ends every open connection (so the next request opens a new one and meets the current mode). */
  reset(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
