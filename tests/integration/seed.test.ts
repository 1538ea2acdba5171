// The demo co-op and the load generator, on fresh migrated database files: what a visitor of the demo
// would notice (open shops, stock, units, fees), and that both are deterministic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InValue } from '@libsql/client';
import { connect, type Connection } from '../../db/core/connect.ts';
import { migrateDatabase } from '../../db/core/migrate.ts';
import { seedDemo, seedIfEmpty } from '../../db/seed/demo.ts';
import { generateLoad } from '../../db/seed/generate-load.ts';

// A summer date (Paris = UTC+2) at 09:30 UTC.
const NOW = Date.UTC(2026, 5, 10, 9, 30);

let dir: string;
const open: Connection[] = [];
let dbCount = 0;

async function freshDb(): Promise<Connection> {
  const conn = await connect(`file:${join(dir, `seed-${++dbCount}.db`)}`);
  open.push(conn);
  await migrateDatabase(conn.db);
  return conn;
}

async function rows(conn: Connection, sql: string, args: InValue[] = []): Promise<Record<string, unknown>[]> {
  const rs = await conn.client.execute({ sql, args });
  return rs.rows.map((r) => ({ ...r }));
}

async function scalar(conn: Connection, sql: string, args: InValue[] = []): Promise<number> {
  const [row] = await rows(conn, sql, args);
  return Number(Object.values(row ?? {})[0]);
}

/** Every row of every application table, in a stable order. */
async function dump(conn: Connection): Promise<Record<string, string[]>> {
  const tables = await rows(
    conn,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%drizzle%' ORDER BY name",
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const all = await rows(conn, `SELECT * FROM "${String(name)}"`);
    out[String(name)] = all.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** What each hub's open shop lists at `now`: hub override first, variants hidden behind a tag left out. */
async function openShops(conn: Connection, now: number) {
  const list = await rows(
    conn,
    `SELECT o.hub_id AS hubId, v.id AS variantId,
            COALESCE(vo.on_demand, v.on_demand) AS onDemand,
            COALESCE(vo.on_hand, v.on_hand) AS onHand
       FROM order_cycles c
       JOIN cycle_outgoing o ON o.cycle_id = c.id
       JOIN cycle_outgoing_variants ov ON ov.outgoing_id = o.id
       JOIN variants v ON v.id = ov.variant_id
       LEFT JOIN variant_overrides vo ON vo.hub_id = o.hub_id AND vo.variant_id = v.id
      WHERE c.opens_at <= ? AND c.closes_at > ?
        AND NOT EXISTS (SELECT 1 FROM tag_variant_rules r WHERE r.hub_id = o.hub_id AND r.variant_id = v.id)`,
    [now, now],
  );
  const byHub = new Map<number, Array<{ onDemand: boolean; onHand: number }>>();
  for (const r of list) {
    const hubId = Number(r.hubId);
    const shop = byHub.get(hubId) ?? [];
    shop.push({ onDemand: Number(r.onDemand) === 1, onHand: Number(r.onHand) });
    byHub.set(hubId, shop);
  }
  return byHub;
}

const parisHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-seed-'));
});

afterAll(() => {
  for (const c of open) c.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo co-op', () => {
  let conn: Connection;
  let summary: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    conn = await freshDb();
    summary = await seedDemo(conn.db, { now: NOW });
  });

  it('reports what it inserted', async () => {
    expect(summary.hubs).toBe(await scalar(conn, 'SELECT count(*) FROM enterprises WHERE is_hub = 1'));
    expect(summary.producers).toBe(await scalar(conn, 'SELECT count(*) FROM enterprises WHERE is_producer = 1'));
    expect(summary.variants).toBe(await scalar(conn, 'SELECT count(*) FROM variants'));
    expect(summary.cycles).toBe(await scalar(conn, 'SELECT count(*) FROM order_cycles'));
    expect(summary.hubs).toBeGreaterThanOrEqual(2);
    expect(summary.producers).toBeGreaterThanOrEqual(8);
    expect(summary.variants).toBeGreaterThanOrEqual(60);
  });

  it('has every hub open now, with an upcoming cycle after it', async () => {
    const hubs = await rows(conn, 'SELECT id, slug FROM enterprises WHERE is_hub = 1');
    for (const hub of hubs) {
      const openNow = await rows(
        conn,
        'SELECT c.opens_at AS opensAt, c.closes_at AS closesAt, o.collection_starts_at AS collectionAt FROM order_cycles c JOIN cycle_outgoing o ON o.cycle_id = c.id WHERE o.hub_id = ? AND c.opens_at <= ? AND c.closes_at > ?',
        [Number(hub.id), NOW, NOW],
      );
      expect(openNow.length, String(hub.slug)).toBeGreaterThanOrEqual(1);
      for (const cycle of openNow) {
        // Whole hours, Paris time: opens at 08:00, closes at 20:00, collection after closing.
        expect(parisHour.format(Number(cycle.opensAt))).toBe('08:00');
        expect(parisHour.format(Number(cycle.closesAt))).toBe('20:00');
        expect(Number(cycle.collectionAt)).toBeGreaterThan(Number(cycle.closesAt));
      }
      const upcoming = await scalar(
        conn,
        'SELECT count(*) FROM order_cycles c JOIN cycle_outgoing o ON o.cycle_id = c.id WHERE o.hub_id = ? AND c.opens_at > ?',
        [Number(hub.id), NOW],
      );
      expect(upcoming, String(hub.slug)).toBeGreaterThanOrEqual(1);
    }
  });

  it('has a hub selling two sales at once, with different pickup days and places', async () => {
    const sales = await rows(
      conn,
      `SELECT o.hub_id AS hubId, o.collection_starts_at AS startsAt, o.collection_place AS place FROM order_cycles c
        JOIN cycle_outgoing o ON o.cycle_id = c.id WHERE c.opens_at <= ? AND c.closes_at > ? AND o.required_tag IS NULL`,
      [NOW, NOW],
    );
    const byHub = new Map<number, Array<{ startsAt: number; place: string }>>();
    for (const r of sales)
      byHub.set(Number(r.hubId), [...(byHub.get(Number(r.hubId)) ?? []), { startsAt: Number(r.startsAt), place: String(r.place) }]);
    const two = [...byHub.values()].find((list) => list.length === 2);
    expect(two).toBeDefined();
    const day = (ms: number) => new Date(ms).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
    expect(day(two![0]!.startsAt)).not.toBe(day(two![1]!.startsAt));
    expect(two![0]!.place).not.toBe(two![1]!.place);
  });

  it('lists 30+ variants in each open shop, with a scarce and an on-demand one', async () => {
    const shops = await openShops(conn, NOW);
    expect(shops.size).toBeGreaterThanOrEqual(2);
    for (const [hubId, shop] of shops) {
      expect(shop.length, `hub ${hubId}`).toBeGreaterThanOrEqual(30);
      expect(
        shop.some((v) => v.onDemand),
        `on demand at hub ${hubId}`,
      ).toBe(true);
      expect(
        shop.some((v) => !v.onDemand && v.onHand >= 1 && v.onHand <= 5),
        `scarce at hub ${hubId}`,
      ).toBe(true);
    }
  });

  it('sells by weight, volume and piece, at 5.5 % and 20 % VAT', async () => {
    const kinds = await rows(conn, 'SELECT DISTINCT unit_kind AS kind FROM variants ORDER BY 1');
    expect(kinds.map((k) => k.kind)).toEqual(['items', 'volume', 'weight']);
    const rates = await rows(conn, 'SELECT DISTINCT vat_rate_bp AS rate FROM variants ORDER BY 1');
    expect(rates.map((r) => Number(r.rate))).toEqual([550, 2000]);
    // Alcohol is at 20 %.
    expect(
      await scalar(
        conn,
        "SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id WHERE (p.name LIKE 'Cidre%' OR p.name LIKE 'Bière%') AND v.vat_rate_bp <> 2000",
      ),
    ).toBe(0);
  });

  it('charges per-item and per-order fees in the open cycles', async () => {
    const fees = await rows(
      conn,
      'SELECT DISTINCT f.calculator AS calculator, cf.role AS role FROM cycle_fees cf JOIN enterprise_fees f ON f.id = cf.fee_id JOIN order_cycles c ON c.id = cf.cycle_id WHERE c.opens_at <= ? AND c.closes_at > ?',
      [NOW, NOW],
    );
    const calculators = new Set(fees.map((f) => String(f.calculator)));
    expect(['flat_per_item', 'percent_per_item', 'per_kg'].some((c) => calculators.has(c))).toBe(true);
    expect(['flat_per_order', 'percent_per_order'].some((c) => calculators.has(c))).toBe(true);
    expect(calculators.has('per_kg')).toBe(true);
    expect(new Set(fees.map((f) => String(f.role)))).toEqual(new Set(['hub', 'platform', 'producer']));
  });

  it('offers pickup everywhere, and delivery, card payment and a minimum order somewhere', async () => {
    const hubs = await rows(conn, 'SELECT id FROM enterprises WHERE is_hub = 1');
    for (const hub of hubs) {
      expect(
        await scalar(conn, "SELECT count(*) FROM shipping_methods WHERE hub_id = ? AND kind = 'pickup' AND fee_cents = 0", [
          Number(hub.id),
        ]),
      ).toBe(1);
      expect(await scalar(conn, "SELECT count(*) FROM payment_methods WHERE hub_id = ? AND kind = 'offline'", [Number(hub.id)])).toBe(1);
    }
    expect(await scalar(conn, "SELECT count(*) FROM shipping_methods WHERE kind = 'delivery' AND fee_cents > 0")).toBeGreaterThanOrEqual(1);
    // A hub taking cards has a connected account.
    expect(
      await scalar(
        conn,
        "SELECT count(*) FROM payment_methods p JOIN enterprises e ON e.id = p.hub_id WHERE p.kind = 'card' AND e.stripe_account_id IS NOT NULL",
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await scalar(conn, 'SELECT count(*) FROM enterprises WHERE is_hub = 1 AND min_order_cents > 0 AND terms_text IS NOT NULL'),
    ).toBeGreaterThanOrEqual(1);
    expect(await scalar(conn, "SELECT count(*) FROM customer_tags WHERE tag = 'adhérent'")).toBeGreaterThanOrEqual(1);
  });

  it('is consistent: hubs sell only what their producers let them, and what came in', async () => {
    const notAllowed = await scalar(
      conn,
      `SELECT count(*) FROM cycle_outgoing o
         JOIN cycle_outgoing_variants ov ON ov.outgoing_id = o.id
         JOIN variants v ON v.id = ov.variant_id JOIN products p ON p.id = v.product_id
        WHERE NOT EXISTS (SELECT 1 FROM enterprise_relationships r WHERE r.producer_id = p.producer_id AND r.hub_id = o.hub_id AND r.can_add_to_cycles = 1)
           OR NOT EXISTS (SELECT 1 FROM cycle_incoming i JOIN cycle_incoming_variants iv ON iv.incoming_id = i.id
                           WHERE i.cycle_id = o.cycle_id AND i.producer_id = p.producer_id AND iv.variant_id = v.id)`,
    );
    expect(notAllowed).toBe(0);
    const overridesWithoutRight = await scalar(
      conn,
      `SELECT count(*) FROM variant_overrides vo JOIN variants v ON v.id = vo.variant_id JOIN products p ON p.id = v.product_id
         JOIN enterprise_relationships r ON r.producer_id = p.producer_id AND r.hub_id = vo.hub_id
        WHERE (vo.price_cents IS NOT NULL AND r.can_override_price = 0) OR ((vo.on_hand IS NOT NULL OR vo.on_demand IS NOT NULL) AND r.can_override_stock = 0)`,
    );
    expect(overridesWithoutRight).toBe(0);
    expect(await scalar(conn, 'SELECT count(*) FROM variant_overrides')).toBeGreaterThanOrEqual(2);
    expect(await rows(conn, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('gives identical rows for the same now', async () => {
    const again = await freshDb();
    await seedDemo(again.db, { now: NOW });
    expect(await dump(again)).toEqual(await dump(conn));
  });

  it('keeps cycle times on Paris hours in winter and across a DST change', async () => {
    // 30 March 2026: summer time started the day before, so the cycle opened in winter time.
    for (const now of [Date.UTC(2026, 0, 15, 23, 30), Date.UTC(2026, 2, 30, 12, 0)]) {
      const winter = await freshDb();
      await seedDemo(winter.db, { now });
      const cycles = await rows(winter, 'SELECT opens_at AS opensAt, closes_at AS closesAt FROM order_cycles');
      for (const c of cycles) {
        expect(parisHour.format(Number(c.opensAt))).toBe('08:00');
        expect(parisHour.format(Number(c.closesAt))).toBe('20:00');
      }
      expect((await openShops(winter, now)).size).toBe(2);
    }
  });

  it('seeds an empty database once, and skips one that has data', async () => {
    const empty = await freshDb();
    const first = await seedIfEmpty(empty.db, NOW);
    expect(first).toEqual(summary);
    const before = await dump(empty);
    expect(await seedIfEmpty(empty.db, NOW + 86_400_000)).toBeNull();
    expect(await dump(empty)).toEqual(before);
  });
});

describe('load generator', () => {
  const opts = { producers: 20, hubs: 5, variants: 500, now: NOW, seed: 7 };
  let conn: Connection;
  let summary: Awaited<ReturnType<typeof generateLoad>>;
  const progress: string[] = [];

  beforeAll(async () => {
    conn = await freshDb();
    summary = await generateLoad(conn.db, { ...opts, onProgress: (done, total, what) => progress.push(`${what} ${done}/${total}`) });
  });

  it('creates the requested numbers', async () => {
    expect(await scalar(conn, 'SELECT count(*) FROM enterprises WHERE is_producer = 1')).toBe(20);
    expect(await scalar(conn, 'SELECT count(*) FROM enterprises WHERE is_hub = 1')).toBe(5);
    expect(await scalar(conn, 'SELECT count(*) FROM variants')).toBe(500);
    expect(summary).toMatchObject({ producers: 20, hubs: 5, variants: 500, cycles: 5 });
    // 1–3 variants per product, every producer selling something.
    const perProduct = await rows(conn, 'SELECT min(n) AS lo, max(n) AS hi FROM (SELECT count(*) AS n FROM variants GROUP BY product_id)');
    expect(Number(perProduct[0]?.lo)).toBeGreaterThanOrEqual(1);
    expect(Number(perProduct[0]?.hi)).toBeLessThanOrEqual(3);
    expect(await scalar(conn, 'SELECT count(DISTINCT producer_id) FROM products')).toBe(20);
    expect(progress).toContain('variants 500/500');
  });

  it('opens one shop per hub, the first two at their benchmark sizes', async () => {
    const shops = await openShops(conn, NOW);
    expect(shops.size).toBe(5);
    const hubs = await rows(conn, 'SELECT id FROM enterprises WHERE is_hub = 1 ORDER BY id');
    const sizes = hubs.map((h) => shops.get(Number(h.id))?.length ?? 0);
    expect(sizes[0]).toBe(500);
    expect(sizes[1]).toBe(200);
    expect(sizes).toEqual(summary.shopSizes);
    for (const shop of shops.values()) expect(shop.every((v) => v.onDemand || v.onHand >= 1)).toBe(true);
    for (const hub of hubs) {
      expect(await scalar(conn, 'SELECT count(*) FROM shipping_methods WHERE hub_id = ?', [Number(hub.id)])).toBeGreaterThanOrEqual(1);
      expect(await scalar(conn, 'SELECT count(*) FROM payment_methods WHERE hub_id = ?', [Number(hub.id)])).toBeGreaterThanOrEqual(1);
      expect(
        await scalar(conn, 'SELECT count(*) FROM cycle_fees cf JOIN cycle_outgoing o ON o.cycle_id = cf.cycle_id WHERE o.hub_id = ?', [
          Number(hub.id),
        ]),
      ).toBeGreaterThanOrEqual(2);
    }
    expect(await rows(conn, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('is deterministic for the same sizes, now and seed', async () => {
    const again = await freshDb();
    await generateLoad(again.db, opts);
    expect(await dump(again)).toEqual(await dump(conn));
    const other = await freshDb();
    await generateLoad(other.db, { ...opts, seed: 8 });
    expect(await dump(other)).not.toEqual(await dump(conn));
  });
});
