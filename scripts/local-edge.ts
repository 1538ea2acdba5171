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
 * `outdate(etags)` covers a page republished without that restart: the asset server indexes the files
 * at start and keeps their ETags until the next restart, though it reads each file when asked (so it
 * serves the new page under the old page's ETag). A file replaced since is given out under its ETag
 * with the count of its replacements (`"<etag>.<n>"`); a revalidation naming the current one reaches
 * the asset server as its own ETag (a 304 when nothing changed), one naming an older version is
 * dropped, so no browser is told « 304: keep the old page ». Cloudflare's edge never needs this: a
 * deploy gives changed files new ETags.
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
  // ETag (without quotes) the asset server still gives a file replaced since it indexed it → replacements since.
  let outdated = new Map<string, number>();
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
    if (outdated.size > 0 && typeof headers['if-none-match'] === 'string') {
      const asked = askedVersions(headers['if-none-match'], outdated);
      if (asked) headers['if-none-match'] = asked;
      else delete headers['if-none-match'];
    }
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
          if (outdated.size > 0)
            for (let i = 0; i < raw.length; i += 2)
              if (raw[i]!.toLowerCase() === 'etag') raw[i + 1] = currentVersion(raw[i + 1]!, outdated);
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
          answer.pipe(res);
        },
      );
      inFlight++;
      forward.once('close', settle);
      forward.on('error', (err: NodeJS.ErrnoException) => {
        const restarting = !answered && whole && RESTARTING.has(err.code ?? '');
        // A kept-alive connection workerd had just closed: a whole request can be sent again. Reset
        // (ECONNRESET) or, when the close came first, refused at the write (EPIPE).
        if (restarting && retry && forward.reusedSocket && err.code !== 'ECONNREFUSED') return void send(false);
        // workerd restarted (or is restarting) since it was sent: sent again once the new one listens.
        if (restarting && (holds > 0 || generation !== sentIn) && resent++ < 3) return void send(false);
        // workerd stopped, or reset a body it did not read.
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`The local worker did not answer (${err.code ?? err.message}${forward.reusedSocket ? ', kept-alive connection' : ''}).`);
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
  // Clients (Node's fetch keeps an idle connection 4 s) must be the ones to close idle connections: with
  // Node's default of 5 s here, a slow machine lets a request go out on a socket the server is closing
  // (ECONNRESET). The same holds for browsers, which keep connections longer still.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
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
    /** ETags of files just replaced since the asset server indexed them (see startEdge); `reset` once it indexed them again. */
    outdate(etags: Iterable<string>, reset = false) {
      if (reset) outdated = new Map();
      for (const etag of etags) outdated.set(etag, (outdated.get(etag) ?? 0) + 1);
    },
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** An ETag of the asset server as given out: `"<etag>.<n>"` for a file replaced n times since it was indexed. */
function currentVersion(value: string, outdated: ReadonlyMap<string, number>): string {
  const m = /^(W\/)?"([^".]*)"$/.exec(value);
  const n = m && outdated.get(m[2]!);
  return n ? `${m[1] ?? ''}"${m[2]}.${n}"` : value;
}

/**
 * An If-None-Match list as the asset server must read it: a file's current version becomes its
 * indexed ETag again, an older version of a replaced file is dropped; null when nothing is left.
 */
function askedVersions(value: string, outdated: ReadonlyMap<string, number>): string | null {
  const kept = value.split(',').flatMap((raw) => {
    const tag = raw.trim();
    const m = /^(W\/)?"([^".]*)(?:\.(\d+))?"$/.exec(tag);
    const n = m && outdated.get(m[2]!);
    if (!n) return m?.[3] === undefined ? [tag] : []; // a version we did not give out: nothing to match
    return Number(m[3]) === n ? [`${m[1] ?? ''}"${m[2]}"`] : [];
  });
  return kept.length ? kept.join(', ') : null;
}

function socketAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  // An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; Cloudflare gives the plain form.
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
