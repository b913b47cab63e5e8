// A TCP proxy in front of the test Postgres that a test can cut: refuse (connections refused at once) or hang
// (connections accepted, nothing forwarded), as a database host that is down or unreachable behaves.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'up' | 'refuse' | 'hang';

export interface TcpProxy {
  port: number;
  set(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  let mode: ProxyMode = 'up';
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'hang') return; // accepted, never answered
    const upstream = createConnection({ host, port });
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  };
  let server: Server = createServer(onConnection);
  const listen = (p: number) => new Promise<void>((r) => server.listen(p, '127.0.0.1', () => r()));
  await listen(0);
  const own = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return {
    port: own,
    async set(next) {
      await stop();
      mode = next;
      server = createServer(onConnection);
      if (next !== 'refuse') await listen(own);
    },
    close: stop,
  };
}
