// A TCP proxy between the worker and the local libSQL endpoint that a test breaks on demand: pass the
// traffic, reset every connection (the endpoint is closed), forward nothing and answer nothing (the
// endpoint hangs), or deliver the requests but drop the replies (a write commits, its answer is lost).
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'close' | 'hang' | 'drop-replies';

export interface FaultyProxy {
  /** http://127.0.0.1:<port>: the worker's DATABASE_URL. */
  url: string;
  readonly mode: ProxyMode;
  /** Where the traffic goes (the local endpoint's URL, known once the worker has started it). */
  target(url: string): void;
  /**
   * Takes effect at once, on the connections already open too (a pooled keep-alive connection must
   * not escape the fault). Closing resets them all; leaving a fault cuts them, since each may hold
   * half an exchange.
   */
  set(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startFaultyProxy(): Promise<FaultyProxy> {
  let target: { host: string; port: number } | null = null;
  let mode: ProxyMode = 'pass';
  const open = new Set<Socket>();
  const track = (s: Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => s.destroy());
  };
  const cutAll = () => {
    for (const s of open) s.resetAndDestroy();
    open.clear();
  };

  const server = createServer((client) => {
    track(client);
    if (mode === 'close' || !target) return void client.resetAndDestroy();
    const upstream = createConnection(target.port, target.host);
    track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    // Bytes are forwarded one by one according to the mode of the moment, not the mode at connection.
    client.on('data', (chunk) => {
      if (mode === 'pass' || mode === 'drop-replies') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode === 'pass') client.write(chunk);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    target(url) {
      const u = new URL(url);
      target = { host: u.hostname, port: Number(u.port) };
    },
    set(next) {
      const wasFaulty = mode !== 'pass';
      mode = next;
      if (next === 'close' || (wasFaulty && next === 'pass')) cutAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
