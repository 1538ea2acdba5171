// The local Hrana-over-HTTP server, driven by the same client (and drizzle driver) the worker uses against Turso.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, LibsqlError, type Client } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
import { eq, relations } from 'drizzle-orm';
import { startLibsqlHttpServer, type LibsqlHttpServer } from '../../scripts/libsql-http-server.ts';

const hubs = sqliteTable('hubs', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});
const items = sqliteTable('items', {
  id: integer('id').primaryKey(),
  hubId: integer('hub_id')
    .notNull()
    .references(() => hubs.id),
  label: text('label').notNull(),
});
const hubsRelations = relations(hubs, ({ many }) => ({ items: many(items) }));
const itemsRelations = relations(items, ({ one }) => ({ hub: one(hubs, { fields: [items.hubId], references: [hubs.id] }) }));
const schema = { hubs, items, hubsRelations, itemsRelations };

let dir: string;
let server: LibsqlHttpServer;
let client: Client;

async function rejection(p: Promise<unknown>): Promise<LibsqlError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LibsqlError);
  return e as LibsqlError;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'libsql-http-'));
  server = await startLibsqlHttpServer({ dbPath: join(dir, 'test.db'), port: 0 });
  client = createClient({ url: server.url });
  await client.executeMultiple(`
    CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL, f REAL, b BLOB);
    CREATE TABLE stock (id INTEGER PRIMARY KEY, n INTEGER NOT NULL CHECK (n >= 0));
    CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT NOT NULL);
    CREATE TABLE hubs (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE items (id INTEGER PRIMARY KEY, hub_id INTEGER NOT NULL REFERENCES hubs(id), label TEXT NOT NULL);
  `);
});

afterAll(async () => {
  client?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('libsql http server', () => {
  it('answers /health', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
  });

  it('requires the bearer token when one is configured', async () => {
    const guarded = await startLibsqlHttpServer({ dbPath: join(dir, 'auth.db'), authToken: 'sekrit' });
    try {
      const anonymous = createClient({ url: guarded.url });
      expect((await rejection(anonymous.execute('SELECT 1'))).code).toBe('UNAUTHORIZED');
      const authed = createClient({ url: guarded.url, authToken: 'sekrit' });
      expect((await authed.execute('SELECT 1 AS one')).rows[0]!.one).toBe(1);
      anonymous.close();
      authed.close();
    } finally {
      await guarded.close();
    }
  });

  it('executes inserts and selects with positional and named args, round-tripping value types', async () => {
    const ins = await client.execute({
      sql: 'INSERT INTO kv (k, v, f, b) VALUES (?, ?, ?, ?)',
      args: ['a', 42, 1.5, new Uint8Array([0, 255, 7])],
    });
    expect(ins.rowsAffected).toBe(1);
    expect(typeof ins.lastInsertRowid).toBe('bigint');
    await client.execute({ sql: 'INSERT INTO kv (k, v) VALUES (:k, $v)', args: { k: 'big', v: 9007199254740993n } });

    const rs = await client.execute({ sql: 'SELECT k, v, f, b, v + 1 AS next FROM kv WHERE k = :k', args: { k: 'a' } });
    expect(rs.columns).toEqual(['k', 'v', 'f', 'b', 'next']);
    expect(rs.columnTypes).toEqual(['TEXT', 'INTEGER', 'REAL', 'BLOB', '']);
    expect(rs.rowsAffected).toBe(0);
    const row = rs.rows[0]!;
    expect(row.k).toBe('a');
    expect(row.v).toBe(42);
    expect(row.f).toBe(1.5);
    expect([...new Uint8Array(row.b as ArrayBuffer)]).toEqual([0, 255, 7]);

    const bigClient = createClient({ url: server.url, intMode: 'bigint' });
    const big = await bigClient.execute({ sql: 'SELECT v FROM kv WHERE k = ?', args: ['big'] });
    expect(big.rows[0]!.v).toBe(9007199254740993n);
    bigClient.close();

    // INSERT ... RETURNING is a reader statement but still reports its changes.
    const ret = await client.execute({ sql: 'INSERT INTO log (msg) VALUES (?) RETURNING id, msg', args: ['hi'] });
    expect(ret.rowsAffected).toBe(1);
    expect(ret.rows[0]!.msg).toBe('hi');
    expect(Number(ret.lastInsertRowid)).toBe(ret.rows[0]!.id);
  });

  it("commits every statement of a 'write' batch", async () => {
    const results = await client.batch(
      [
        { sql: 'INSERT INTO stock (id, n) VALUES (?, ?)', args: [1, 10] },
        { sql: 'UPDATE stock SET n = n - 3 WHERE id = ?', args: [1] },
        'SELECT n FROM stock WHERE id = 1',
      ],
      'write',
    );
    expect(results.map((r) => r.rowsAffected)).toEqual([1, 1, 0]);
    expect(results[2]!.rows[0]!.n).toBe(7);
    const rs = await client.execute('SELECT n FROM stock WHERE id = 1');
    expect(rs.rows[0]!.n).toBe(7);
  });

  it('rolls back the whole batch when a later statement violates a CHECK constraint', async () => {
    const err = await rejection(
      client.batch(
        [
          { sql: 'INSERT INTO log (msg) VALUES (?)', args: ['should vanish'] },
          { sql: 'UPDATE stock SET n = n - 100 WHERE id = ?', args: [1] },
        ],
        'write',
      ),
    );
    expect(err.code).toBe('SQLITE_CONSTRAINT_CHECK');
    const log = await client.execute({ sql: 'SELECT count(*) AS c FROM log WHERE msg = ?', args: ['should vanish'] });
    expect(log.rows[0]!.c).toBe(0);
    const rs = await client.execute('SELECT n FROM stock WHERE id = 1');
    expect(rs.rows[0]!.n).toBe(7);
  });

  it('reports the extended codes for NOT NULL, UNIQUE and FOREIGN KEY violations', async () => {
    expect((await rejection(client.execute('INSERT INTO log (msg) VALUES (NULL)'))).code).toBe('SQLITE_CONSTRAINT_NOTNULL');
    expect((await rejection(client.execute({ sql: 'INSERT INTO kv (k, v) VALUES (?, 1)', args: ['a'] }))).code).toBe(
      'SQLITE_CONSTRAINT_PRIMARYKEY',
    );
    await client.execute('CREATE UNIQUE INDEX kv_v ON kv (v)');
    expect((await rejection(client.execute("INSERT INTO kv (k, v) VALUES ('dup', 42)"))).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect((await rejection(client.execute("INSERT INTO items (hub_id, label) VALUES (999, 'orphan')"))).code).toBe(
      'SQLITE_CONSTRAINT_FOREIGNKEY',
    );
    expect((await rejection(client.execute('SELEC 1'))).code).toBe('SQLITE_ERROR');
  });

  it('commits an interactive transaction', async () => {
    const tx = await client.transaction('write');
    await tx.execute({ sql: 'INSERT INTO log (msg) VALUES (?)', args: ['tx-commit'] });
    const inside = await tx.execute({ sql: 'SELECT count(*) AS c FROM log WHERE msg = ?', args: ['tx-commit'] });
    expect(inside.rows[0]!.c).toBe(1);
    await tx.commit();
    const rs = await client.execute({ sql: 'SELECT count(*) AS c FROM log WHERE msg = ?', args: ['tx-commit'] });
    expect(rs.rows[0]!.c).toBe(1);
  });

  it('rolls back an interactive transaction, also after a failed statement inside it', async () => {
    const tx = await client.transaction('write');
    await tx.execute({ sql: 'INSERT INTO log (msg) VALUES (?)', args: ['tx-rollback'] });
    const err = await rejection(tx.execute({ sql: 'UPDATE stock SET n = -1 WHERE id = ?', args: [1] }));
    expect(err.code).toBe('SQLITE_CONSTRAINT_CHECK');
    await tx.rollback();
    const rs = await client.execute({ sql: 'SELECT count(*) AS c FROM log WHERE msg = ?', args: ['tx-rollback'] });
    expect(rs.rows[0]!.c).toBe(0);
  });

  it('lets exactly as many concurrent write batches succeed as the CHECK allows', async () => {
    await client.execute('INSERT INTO stock (id, n) VALUES (2, 5)');
    const attempts = Array.from({ length: 20 }, (_, i) =>
      client.batch(
        [
          { sql: 'UPDATE stock SET n = n - 1 WHERE id = ?', args: [2] },
          { sql: 'INSERT INTO log (msg) VALUES (?)', args: [`order ${i}`] },
        ],
        'write',
      ),
    );
    const outcomes = await Promise.allSettled(attempts);
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(ok).toHaveLength(5);
    expect(failed.every((o) => (o.reason as LibsqlError).code === 'SQLITE_CONSTRAINT_CHECK')).toBe(true);
    const rs = await client.execute('SELECT n FROM stock WHERE id = 2');
    expect(rs.rows[0]!.n).toBe(0);
    const log = await client.execute("SELECT count(*) AS c FROM log WHERE msg LIKE 'order %'");
    expect(log.rows[0]!.c).toBe(5);
  });

  it('serialises concurrent interactive transactions without deadlocking', async () => {
    await client.execute('INSERT INTO stock (id, n) VALUES (3, 0)');
    const bump = async () => {
      const tx = await client.transaction('write');
      try {
        const rs = await tx.execute('SELECT n FROM stock WHERE id = 3');
        await new Promise((r) => setTimeout(r, 20)); // hold the transaction open across requests
        await tx.execute({ sql: 'UPDATE stock SET n = ? WHERE id = 3', args: [Number(rs.rows[0]!.n) + 1] });
        await tx.commit();
      } finally {
        tx.close();
      }
    };
    await Promise.all([bump(), bump()]);
    // A lost update would leave 1: the second transaction must only have read after the first committed.
    const rs = await client.execute('SELECT n FROM stock WHERE id = 3');
    expect(rs.rows[0]!.n).toBe(2);
  });

  it('works under drizzle: insert, select, relational query, transaction', async () => {
    const db = drizzle(client, { schema });
    await db.insert(hubs).values({ id: 1, name: 'Hub A' });
    const inserted = await db
      .insert(items)
      .values([
        { hubId: 1, label: 'apples' },
        { hubId: 1, label: 'pears' },
      ])
      .returning();
    expect(inserted.map((i) => i.label)).toEqual(['apples', 'pears']);
    expect(await db.select().from(hubs).where(eq(hubs.id, 1))).toEqual([{ id: 1, name: 'Hub A' }]);

    const hub = await db.query.hubs.findFirst({ where: eq(hubs.id, 1), with: { items: { orderBy: items.id } } });
    expect(hub?.items.map((i) => i.label)).toEqual(['apples', 'pears']);

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(items).values({ hubId: 1, label: 'plums' });
        await tx.insert(items).values({ hubId: 42, label: 'orphan' }); // foreign key violation
      }),
    ).rejects.toMatchObject({ cause: { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' } });
    expect(await db.select().from(items).where(eq(items.label, 'plums'))).toEqual([]);
  });
});
