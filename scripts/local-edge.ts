// Cloudflare's edge in front of workerd, as far as the worker can tell (see startEdge): used by the local
// runner (scripts/local-worker.ts) for `npm start`, `npm run dev` and the tests.
import { once } from 'node:events';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** Headers that concern one connection only (RFC 9110 §7.6.1), never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
]);
/** Bodies up to this size reach workerd whole, in one write with their headers (see startEdge). */
const BUFFERED_BODY_BYTES = 256 * 1024;

/**
 * Cloudflare's edge in front of workerd, as far as the worker can tell: CF-Connecting-IP is the address
 * of the socket, whatever the client sent (Cloudflare overwrites it; Miniflare keeps a client's value and
 * fills it in only when absent, which would let anyone pick their own rate-limit bucket), and
 * Miniflare's MF-* control headers (which set request.cf or the route) never come from a client.
 * workerd resets a connection it closes with body bytes unread, which can drop an answer given before
 * reading (a 403, a 413): small bodies are therefore passed on whole, larger ones streamed.
 */
export async function startEdge(host: string, port: number) {
  const agent = new Agent({ keepAlive: true });
  let upstream: URL | null = null;

  async function pass(req: IncomingMessage, res: ServerResponse, target: URL): Promise<void> {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      // Expect: 100-continue was answered here already (Node does, before 'request').
      if (value === undefined || HOP_BY_HOP.has(name) || name.startsWith('mf-') || name === 'cf-connecting-ip' || name === 'expect')
        continue;
      headers[name] = value;
    }
    headers['cf-connecting-ip'] = socketAddress(req);
    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
    const body = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const head: Buffer[] = [];
    let size = 0;
    let whole = false;
    if (declared === null || declared <= BUFFERED_BODY_BYTES) {
      for (;;) {
        const next = await body.next();
        if (next.done) {
          whole = true;
          break;
        }
        head.push(next.value);
        size += next.value.length;
        if (size > BUFFERED_BODY_BYTES) break;
      }
      if (whole && (size > 0 || declared !== null || req.headers['transfer-encoding'])) headers['content-length'] = String(size);
    }
    const send = (retry: boolean) => {
      // The retry takes a fresh connection: the other pooled ones may have been closed by workerd just as well.
      const forward = httpRequest(
        { agent: retry ? agent : false, host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (answer) => {
          const raw = answer.rawHeaders.filter((_, i, all) => !HOP_BY_HOP.has(all[i - (i % 2)]!.toLowerCase()));
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
          answer.pipe(res);
        },
      );
      forward.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive connection workerd had just closed: a whole request can be sent again.
        if (retry && whole && forward.reusedSocket && err.code === 'ECONNRESET') return send(false);
        // workerd restarting (an asset reload), stopped, or resetting a body it did not read.
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('The local worker did not answer.');
      });
      res.on('close', () => {
        if (!res.writableFinished) forward.destroy();
      });
      if (whole) return void forward.end(Buffer.concat(head));
      // Headers at once, so the worker can answer a body that has not come (yet).
      forward.flushHeaders();
      for (const chunk of head) forward.write(chunk);
      void (async () => {
        for (let next = await body.next(); !next.done; next = await body.next())
          if (!forward.write(next.value)) await once(forward, 'drain');
        forward.end();
      })().catch(() => forward.destroy());
    };
    send(true);
  }

  const server = createServer((req, res) => {
    if (!upstream) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('Starting.');
    pass(req, res, upstream).catch(() => res.destroy());
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const address = server.address() as AddressInfo;
  const shown =
    address.family === 'IPv6'
      ? `[${address.address === '::' ? '::1' : address.address}]`
      : address.address === '0.0.0.0'
        ? '127.0.0.1'
        : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    forwardTo(target: URL) {
      upstream = target;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function socketAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  // An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; Cloudflare gives the plain form.
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
