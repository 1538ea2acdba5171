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
/** How long a hold lets the answers under way finish before workerd restarts. */
const DRAIN_MS = 5000;
/** What a connection to a workerd that is restarting (or has just restarted) fails with. */
const RESTARTING = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

/**
 * Cloudflare's edge in front of workerd, as far as the worker can tell: CF-Connecting-IP is the address
 * of the socket, whatever the client sent (Cloudflare overwrites it; Miniflare keeps a client's value and
 * fills it in only when absent, which would let anyone pick their own rate-limit bucket), and
 * Miniflare's MF-* control headers (which set request.cf or the route) never come from a client.
 * workerd resets a connection it closes with body bytes unread, which can drop an answer given before
 * reading (a 403, a 413): small bodies are therefore passed on whole, larger ones streamed.
 * `hold(fn)` covers a restart of workerd (an asset reload): the requests being answered finish first,
 * new ones wait until fn is done, and a whole request that workerd refused or reset before answering is
 * sent again after it, so a shopper never sees the restart.
 */
export async function startEdge(host: string, port: number) {
  const agent = new Agent({ keepAlive: true });
  let upstream: URL | null = null;
  // While a hold runs: `held` settles when the last one ends; `generation` counts holds begun, so a
  // request can tell whether a restart happened since it was sent.
  let holds = 0;
  let held: Promise<void> | null = null;
  let release = () => {};
  let generation = 0;
  // Requests forwarded and not yet answered in full: a hold lets them finish before workerd restarts.
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const settle = () => {
    if (--inFlight === 0) drained?.();
  };

  async function hold<T>(fn: () => Promise<T>): Promise<T> {
    if (holds++ === 0) {
      generation++;
      held = new Promise((ok) => (release = ok));
      if (inFlight > 0) {
        // Bounded: a long download must not stop a reload for ever (a cut answer is then the only loss).
        await Promise.race([new Promise<void>((ok) => (drained = ok)), new Promise((ok) => setTimeout(ok, DRAIN_MS))]);
        drained = null;
      }
    }
    try {
      return await fn();
    } finally {
      if (--holds === 0) {
        held = null;
        release();
      }
    }
  }

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
    let resent = 0;
    const send = async (retry: boolean): Promise<void> => {
      while (held) await held;
      if (res.destroyed) return;
      const sentIn = generation;
      let answered = false;
      // The retry takes a fresh connection: the other pooled ones may have been closed by workerd just as well.
      const forward = httpRequest(
        { agent: retry ? agent : false, host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (answer) => {
          answered = true;
          const raw = answer.rawHeaders.filter((_, i, all) => !HOP_BY_HOP.has(all[i - (i % 2)]!.toLowerCase()));
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
          answer.pipe(res);
        },
      );
      inFlight++;
      forward.once('close', settle);
      forward.on('error', (err: NodeJS.ErrnoException) => {
        const restarting = !answered && whole && RESTARTING.has(err.code ?? '');
        // A kept-alive connection workerd had just closed: a whole request can be sent again.
        if (restarting && retry && forward.reusedSocket && err.code === 'ECONNRESET') return void send(false);
        // workerd restarted (or is restarting) since it was sent: sent again once the new one listens.
        if (restarting && (holds > 0 || generation !== sentIn) && resent++ < 3) return void send(false);
        // workerd stopped, or reset a body it did not read.
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
    await send(true);
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
    /** Runs fn (a restart of workerd) with requests held back, and those it cut sent again (see startEdge). */
    hold,
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
