// Local stand-in for Turso/sqld: serves libSQL's "Hrana over HTTP" v2 JSON protocol from a database file, so a
// worker in workerd (which cannot open files) reaches the embedded database exactly as it would reach sqld.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Database from 'libsql';

export interface LibsqlHttpServer {
  url: string;
  port: number;
  /** Pipeline requests served so far: one per database round trip, for tests and benches that count them. */
  readonly pipelines: number;
  close(): Promise<void>;
}

interface HandlerOptions {
  dbPath: string;
  authToken?: string;
}

// sqld expires idle streams after 10 s too; for us it also bounds how long an abandoned transaction blocks everyone.
const STREAM_IDLE_MS = 10_000;

// Wire format (docs/HTTP_V2_SPEC.md), only the parts we read.
type ProtoValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
interface ProtoStmt {
  sql?: string | null;
  sql_id?: number | null;
  args?: ProtoValue[];
  named_args?: { name: string; value: ProtoValue }[];
  want_rows?: boolean;
}
type ProtoCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: ProtoCond }
  | { type: 'and' | 'or'; conds: ProtoCond[] }
  | { type: 'is_autocommit' };
interface ProtoBatch {
  steps: { condition?: ProtoCond | null; stmt: ProtoStmt }[];
}
type StreamRequest =
  | { type: 'close' }
  | { type: 'get_autocommit' }
  | { type: 'execute'; stmt: ProtoStmt }
  | { type: 'batch'; batch: ProtoBatch }
  | { type: 'sequence' | 'describe'; sql?: string | null; sql_id?: number | null }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number };
interface ProtoError {
  message: string;
  code?: string;
}
interface StmtResult {
  cols: { name: string; decltype: string | null }[];
  rows: unknown[][];
  affected_row_count: number;
  last_insert_rowid: string;
}

type SqlValue = null | bigint | number | string | Buffer;

class HranaError extends Error {
  code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

interface Stream {
  baton: string;
  sqls: Map<number, string>; // store_sql texts, scoped to the stream like in sqld
  closed: boolean;
  busy: boolean; // a pipeline for this stream is in flight; the client never overlaps them
  timer?: NodeJS.Timeout;
}

export function createHranaHandler(opts: HandlerOptions): {
  fetch(req: Request): Promise<Response>;
  close(): void;
  readonly pipelines: number;
} {
  // One connection for everything: the engine is synchronous, so more connections would only add SQLITE_BUSY.
  const db = new Database(opts.dbPath);
  // synchronous = NORMAL is WAL's usual setting (and sqld's): a commit is not fsynced on its own, which
  // can lose the last commits on a power cut but never corrupts; for a local stand-in, the fsync per
  // commit was a quarter of the endpoint's time under load.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  // Prepared statements by SQL text, as sqld keeps them per connection: the worker sends the same few
  // statements again and again, and preparing them was the endpoint's largest cost after the fsync.
  // SQLite prepares a statement again by itself after a schema change; what is kept beside it (whether
  // it reads, its columns, read as raw bigint rows) is forgotten on any DDL (forgetPrepared). Bounded,
  // oldest out first. A cart change runs nine statements, so each native call saved per statement counts.
  type Prepared = { stmt: ReturnType<typeof db.prepare>; cols: StmtResult['cols'] | null };
  const prepared = new Map<string, Prepared>();
  const prepare = (sql: string): Prepared => {
    let entry = prepared.get(sql);
    if (entry) {
      prepared.delete(sql);
    } else {
      const stmt = db.prepare(sql);
      // bigint for INTEGER, number for REAL: keeps the two apart
      const cols = stmt.reader
        ? stmt
            .raw(true)
            .safeIntegers(true)
            .columns()
            .map((c) => ({ name: c.name, decltype: c.type }))
        : null;
      entry = { stmt, cols };
      if (prepared.size >= 500) prepared.delete(prepared.keys().next().value!);
    }
    prepared.set(sql, entry);
    return entry;
  };
  const forgetPrepared = () => prepared.clear();
  const isDdl = (sql: string) => /^\s*(CREATE|ALTER|DROP)\b/i.test(sql);
  // Every statement is followed by this: run() rounds rowids to a JS number, and changes() is stale after
  // statements that change nothing (SELECT, DDL), so total_changes() is compared with its value before the
  // statement: `totalChanges`, read when a pipeline starts and after each statement (one read per
  // statement, not two; everything between runs synchronously on this one connection).
  const countersStmt = db.prepare('SELECT changes(), last_insert_rowid(), total_changes()').raw(true).safeIntegers(true);
  const counters = () => (countersStmt.all([]) as bigint[][])[0] as [bigint, bigint, bigint];
  let totalChanges = 0n;
  // Always all(), never get(): a statement stepped only once stays "in progress" until GC and makes COMMIT
  // fail with SQLITE_BUSY (db.pragma() does exactly that).
  const fkStmt = db.prepare('PRAGMA foreign_keys').raw(true);
  const foreignKeysOn = () => (fkStmt.all([]) as number[][])[0]?.[0] === 1;

  const streams = new Map<string, Stream>();
  let closed = false;
  let pipelines = 0;

  // The connection is shared, so a stream with an open transaction must have it to itself until it ends.
  // `owner` is the stream currently allowed to run statements; others queue (FIFO) without blocking the loop.
  let owner: Stream | undefined;
  const waiters: { stream: Stream; resolve(): void; reject(e: Error): void }[] = [];
  const acquire = (stream: Stream): Promise<void> => {
    if (owner === undefined || owner === stream) {
      owner = stream;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => waiters.push({ stream, resolve, reject }));
  };
  const release = () => {
    // Connection-level settings must not leak from one stream to the next (client.migrate() turns FKs off).
    if (!foreignKeysOn()) db.exec('PRAGMA foreign_keys = ON');
    const next = waiters.shift(); // hand over directly, so a newcomer cannot overtake the queue
    owner = next?.stream;
    next?.resolve();
  };
  const rollbackIfOpen = () => {
    if (db.inTransaction) db.exec('ROLLBACK');
  };

  const expire = (stream: Stream) => {
    streams.delete(stream.baton);
    stream.closed = true;
    if (owner === stream) {
      rollbackIfOpen();
      release();
    }
  };

  const bindArgs = (sql: string, stmt: ProtoStmt): SqlValue[] => {
    const values: (SqlValue | undefined)[] = (stmt.args ?? []).map(decodeValue);
    if (stmt.named_args?.length) {
      // libsql's own object binding aborts the process on an anonymous '?', so we always bind by position.
      const params = scanSql(sql).params;
      for (const { name, value } of stmt.named_args) {
        // Like sqld, a bare name matches any of SQLite's prefixes; unknown names are ignored.
        const i = [name, `:${name}`, `@${name}`, `$${name}`].map((n) => params.indexOf(n)).find((j) => j >= 0);
        if (i !== undefined) values[i] = decodeValue(value);
      }
    }
    return Array.from(values, (v) => v ?? null);
  };

  const resolveSql = (stream: Stream, sql: string | null | undefined, sqlId: number | null | undefined): string => {
    if (typeof sql === 'string') return sql;
    if (typeof sqlId === 'number') {
      const stored = stream.sqls.get(sqlId);
      if (stored === undefined) throw new HranaError(`SQL text ${sqlId} not found`, 'SQL_NOT_FOUND');
      return stored;
    }
    throw new HranaError('Statement has neither sql nor sql_id', 'SQL_MISSING');
  };

  const execute = (stream: Stream, s: ProtoStmt): StmtResult => {
    const sql = resolveSql(stream, s.sql, s.sql_id);
    if (/^\s*EXPLAIN\s+(?!QUERY\s+PLAN\b)/i.test(sql)) {
      // libsql leaves an EXPLAINed write "in progress" after all(); until GC, every COMMIT fails with SQLITE_BUSY.
      throw new HranaError('Plain EXPLAIN is not supported by the local server; use EXPLAIN QUERY PLAN', 'SQLITE_ERROR');
    }
    const { stmt, cols: readCols } = prepare(sql);
    const args = bindArgs(sql, s);
    const totalBefore = totalChanges;
    let cols: StmtResult['cols'] = [];
    let rows: unknown[][] = [];
    try {
      if (readCols) {
        cols = readCols;
        const all = stmt.all(args) as unknown[][];
        if (s.want_rows !== false) rows = all.map((row) => row.map(encodeValue));
      } else {
        stmt.run(args);
        if (isDdl(sql)) forgetPrepared();
      }
    } catch (e) {
      totalChanges = counters()[2]; // whatever a failed statement counted, the next one compares from here
      throw e;
    }
    const [changes, rowid, totalAfter] = counters();
    totalChanges = totalAfter;
    return {
      cols,
      rows,
      affected_row_count: totalAfter !== totalBefore ? Number(changes) : 0,
      last_insert_rowid: String(rowid),
    };
  };

  const evalCond = (c: ProtoCond, results: unknown[], errors: unknown[]): boolean => {
    switch (c.type) {
      case 'ok':
        return results[c.step] != null;
      case 'error':
        return errors[c.step] != null;
      case 'not':
        return !evalCond(c.cond, results, errors);
      case 'and':
        return c.conds.every((x) => evalCond(x, results, errors));
      case 'or':
        return c.conds.some((x) => evalCond(x, results, errors));
      case 'is_autocommit':
        return !db.inTransaction;
      default:
        throw new HranaError('Unknown batch condition', 'BATCH_COND_INVALID');
    }
  };

  const batch = (stream: Stream, b: ProtoBatch) => {
    const step_results: (StmtResult | null)[] = [];
    const step_errors: (ProtoError | null)[] = [];
    for (const step of b.steps) {
      step_results.push(null);
      step_errors.push(null);
      if (step.condition && !evalCond(step.condition, step_results, step_errors)) continue;
      try {
        step_results[step_results.length - 1] = execute(stream, step.stmt);
      } catch (e) {
        step_errors[step_errors.length - 1] = toProtoError(e);
      }
    }
    return { step_results, step_errors };
  };

  // Best effort: libsql exposes neither parameter names nor sqlite3_stmt_readonly(), and EXPLAIN (which would
  // tell) leaves statements in progress, see execute().
  const describe = (sql: string) => {
    const stmt = db.prepare(sql); // surfaces syntax errors
    const { words, params } = scanSql(sql);
    const first = words[0] ?? '';
    const isReadonly =
      ['SELECT', 'VALUES', 'EXPLAIN', 'BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE'].includes(first) ||
      (first === 'WITH' && !words.some((w) => w === 'INSERT' || w === 'UPDATE' || w === 'DELETE')) ||
      (first === 'PRAGMA' && !sql.includes('='));
    return {
      params: params.map((name) => ({ name })),
      cols: stmt.reader ? stmt.columns().map((c) => ({ name: c.name, decltype: c.type })) : [],
      is_explain: first === 'EXPLAIN',
      is_readonly: isReadonly,
    };
  };

  const runRequest = (stream: Stream, r: StreamRequest): object => {
    if (stream.closed) throw new HranaError('Stream is closed', 'STREAM_CLOSED');
    switch (r.type) {
      case 'execute':
        return { type: 'execute', result: execute(stream, r.stmt) };
      case 'batch':
        return { type: 'batch', result: batch(stream, r.batch) };
      case 'sequence':
        forgetPrepared(); // a script may change the schema
        db.exec(resolveSql(stream, r.sql, r.sql_id));
        totalChanges = counters()[2];
        return { type: 'sequence' };
      case 'describe':
        return { type: 'describe', result: describe(resolveSql(stream, r.sql, r.sql_id)) };
      case 'store_sql':
        stream.sqls.set(r.sql_id, r.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        stream.sqls.delete(r.sql_id);
        return { type: 'close_sql' };
      case 'get_autocommit':
        return { type: 'get_autocommit', is_autocommit: !db.inTransaction };
      case 'close':
        stream.closed = true;
        rollbackIfOpen(); // like sqld dropping the connection
        return { type: 'close' };
      default:
        throw new HranaError(`Unknown request type ${JSON.stringify((r as { type: unknown }).type)}`, 'PROTO_ERROR');
    }
  };

  const pipeline = async (body: { baton?: string | null; requests: StreamRequest[] }) => {
    if (!Array.isArray(body?.requests)) throw new HranaError('Expected a "requests" array', 'PROTO_ERROR');
    let stream: Stream;
    if (body.baton == null) {
      stream = { baton: '', sqls: new Map(), closed: false, busy: false };
    } else {
      const found = streams.get(body.baton);
      if (found === undefined || found.busy) throw new HranaError('Stream expired or baton invalid', 'STREAM_EXPIRED');
      stream = found;
      streams.delete(stream.baton);
      clearTimeout(stream.timer);
    }
    stream.busy = true;
    try {
      await acquire(stream);
      // From here to the end everything is synchronous, so the pipeline runs atomically.
      totalChanges = counters()[2];
      const results = body.requests.map((r) => {
        try {
          return { type: 'ok', response: runRequest(stream, r) };
        } catch (e) {
          return { type: 'error', error: toProtoError(e) };
        }
      });
      // Keep the connection only while this stream is inside a transaction it opened.
      if (stream.closed || !db.inTransaction) {
        rollbackIfOpen();
        release();
      }
      if (stream.closed) return { baton: null, base_url: null, results };
      // A fresh baton per response, as sqld does: a replayed or concurrent request with an old one is refused.
      stream.baton = randomBytes(18).toString('base64url');
      streams.set(stream.baton, stream);
      stream.timer = setTimeout(() => expire(stream), STREAM_IDLE_MS);
      stream.timer.unref();
      return { baton: stream.baton, base_url: null, results };
    } finally {
      stream.busy = false;
    }
  };

  return {
    get pipelines() {
      return pipelines;
    },
    async fetch(req: Request): Promise<Response> {
      const { pathname } = new URL(req.url);
      if (req.method === 'GET' && (pathname === '/health' || pathname === '/')) return new Response('ok');
      if (closed) return jsonError(503, 'Server is closed', 'SERVER_CLOSED');
      if (opts.authToken !== undefined && req.headers.get('authorization') !== `Bearer ${opts.authToken}`) {
        return jsonError(401, 'Unauthorized', 'UNAUTHORIZED');
      }
      // The client (@libsql/client 0.18 with its default protocol version 2) posts straight to /v2/pipeline;
      // a v3-capable client probes /v3-protobuf first and falls back to v2 on any non-2xx, hence the 404s.
      if (req.method === 'GET' && pathname === '/v2') return new Response(null, { status: 200 });
      if (req.method !== 'POST' || pathname !== '/v2/pipeline')
        return jsonError(404, `No route for ${req.method} ${pathname}`, 'NOT_FOUND');
      pipelines++;
      let body;
      try {
        body = await req.json();
      } catch {
        return jsonError(400, 'Request body is not valid JSON', 'PROTO_ERROR');
      }
      try {
        return Response.json(await pipeline(body as Parameters<typeof pipeline>[0]));
      } catch (e) {
        const status = e instanceof HranaError && e.code === 'SERVER_CLOSED' ? 503 : e instanceof HranaError ? 400 : 500;
        const { message, code } = toProtoError(e);
        return jsonError(status, message, code ?? 'INTERNAL_ERROR');
      }
    },
    close() {
      if (closed) return;
      closed = true;
      for (const w of waiters.splice(0)) w.reject(new HranaError('Server is closed', 'SERVER_CLOSED'));
      for (const s of streams.values()) clearTimeout(s.timer);
      streams.clear();
      rollbackIfOpen();
      db.close();
    },
  };
}

export async function startLibsqlHttpServer(opts: {
  dbPath: string;
  host?: string;
  port?: number;
  authToken?: string;
}): Promise<LibsqlHttpServer> {
  const handler = createHranaHandler(opts);
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => void serveNode(handler, req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
  } catch (e) {
    handler.close();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    get pipelines() {
      return handler.pipelines;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        handler.close(); // fails requests still waiting for the lock
        server.closeAllConnections();
      }),
  };
}

async function serveNode(handler: { fetch(req: Request): Promise<Response> }, req: IncomingMessage, res: ServerResponse) {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      body: hasBody ? new Uint8Array(Buffer.concat(chunks)) : null,
    });
    const response = await handler.fetch(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (e) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(e));
  }
}

// Tokenises just enough SQL to number parameters the way SQLite does (sqlite3ExprAssignVarNumber): '?' takes
// the next index, '?N' takes N, a name reuses its index or takes the next one. Strings, quoted identifiers and
// comments are skipped; words are collected (upper-cased) for describe. Returns params[index - 1] = name.
function scanSql(sql: string): { words: string[]; params: (string | null)[] } {
  const words: string[] = [];
  const params: (string | null)[] = [];
  const token =
    /'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|\[[^\]]*\]?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|\?(\d*)|([:@$][\p{L}\p{N}_$]+)|([\p{L}_][\p{L}\p{N}_$]*)|[\s\S]/gu;
  for (const [, num, name, word] of sql.matchAll(token)) {
    if (num !== undefined) {
      const i = num === '' ? params.length + 1 : Number(num);
      while (params.length < i) params.push(null);
      if (num !== '') params[i - 1] = `?${num}`;
    } else if (name !== undefined) {
      if (!params.includes(name)) params.push(name);
    } else if (word !== undefined) {
      words.push(word.toUpperCase());
    }
  }
  return { words, params };
}

function decodeValue(v: ProtoValue): SqlValue {
  switch (v?.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(v.value);
    case 'float':
      return Number(v.value);
    case 'text':
      return v.value;
    case 'blob':
      return Buffer.from(v.base64, 'base64');
    default:
      throw new HranaError('Invalid value', 'VALUE_INVALID');
  }
}

function encodeValue(v: unknown): ProtoValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number') return { type: 'float', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  throw new HranaError(`Cannot encode value of type ${typeof v}`, 'VALUE_INVALID');
}

// SqliteError from libsql carries the extended code (SQLITE_CONSTRAINT_CHECK, ...); the client exposes it as
// LibsqlError.code, which is what application code maps.
function toProtoError(e: unknown): ProtoError {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { message, code } : { message };
}

function jsonError(status: number, message: string, code: string): Response {
  return Response.json({ message, code }, { status });
}
