// A large generated co-op built and served for this file alone: a 1,500-variant shop split into parts
// (each a complete page, the next fetched as the shopper scrolls, all of them when they search), a hub
// between cycles, and a members-only sale that is not published.
import { eq, sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../../db/core/connect.ts';
import { migrateDatabase } from '../../db/core/migrate.ts';
import { cycleOutgoing, orderCycles } from '../../db/schema/index.ts';
import { generateLoad } from '../../db/seed/generate-load.ts';
import { paths } from '../../domain/catalog-paths.ts';
import { PART_VARIANTS } from '../../site/lib/catalog-view.ts';
import { build } from '../../scripts/build.ts';
import { startLocalWorker, type LocalWorker } from '../../scripts/local-worker.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';

const VARIANTS = 1500;
let dir: string;
let conn: Connection;
let worker: LocalWorker;
let browser: Browser;
let hubs: Array<{ id: number; slug: string; cycleId: number; outgoingId: number }>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-large-'));
  const dbPath = join(dir, 'load.db');
  conn = await connect(`file:${dbPath}`);
  await migrateDatabase(conn.db);
  const now = Date.now();
  await generateLoad(conn.db, { producers: 60, hubs: 4, variants: VARIANTS, now, seed: 7 });
  hubs = await conn.db.all(
    sql`SELECT h.id, h.slug, co.cycle_id AS cycleId, co.id AS outgoingId FROM enterprises h JOIN cycle_outgoing co ON co.hub_id = h.id WHERE h.is_hub ORDER BY h.id`,
  );
  // The third hub is between cycles, the fourth sells to its members only.
  await conn.db
    .update(orderCycles)
    .set({ opensAt: now + 2 * 86_400_000, closesAt: now + 5 * 86_400_000 })
    .where(eq(orderCycles.id, hubs[2]!.cycleId));
  await conn.db.update(cycleOutgoing).set({ requiredTag: 'adhérent' }).where(eq(cycleOutgoing.id, hubs[3]!.outgoingId));
  await conn.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  const dist = join(dir, 'dist');
  build({ ...process.env, DATABASE_URL: `file:${dbPath}`, COMPTOIR_BUILD_NOW: String(now) }, dist);
  [worker, browser] = await Promise.all([startLocalWorker({ dbPath, dist }), launchChromium()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await worker?.close();
  conn?.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (page: Page) => page.locator('li.variant').count();

describe('a shop of 1,500 variants', () => {
  it('is published as parts that together hold every variant once', async () => {
    const ids = new Set<string>();
    let part = 1;
    for (;;) {
      const res = await fetch(worker.url + paths.shopPart('fr', hubs[0]!.slug, part));
      if (res.status === 404) break;
      const html = await res.text();
      const here = [...html.matchAll(/<li class="variant" data-variant-id="(\d+)"/g)].map((m) => m[1]!);
      expect(here.length).toBeLessThan(PART_VARIANTS + 40);
      for (const id of here) {
        expect(ids.has(id)).toBe(false);
        ids.add(id);
      }
      part++;
    }
    expect(part - 1).toBeGreaterThanOrEqual(Math.floor(VARIANTS / PART_VARIANTS));
    expect(ids.size).toBe(VARIANTS);
  });

  it('loads the next part as the shopper scrolls, and every part for a search', async () => {
    const page = await browser.newPage();
    await page.goto(worker.url + paths.shop('fr', hubs[0]!.slug));
    const first = await count(page);
    expect(first).toBeLessThan(PART_VARIANTS + 40);
    await page.locator('nav.parts').scrollIntoViewIfNeeded();
    await expect.poll(() => count(page), { timeout: 15_000 }).toBeGreaterThan(first);

    // A product from the last part, found from the first.
    const last = await (await fetch(worker.url + paths.shopPart('fr', hubs[0]!.slug, Math.ceil(VARIANTS / PART_VARIANTS)))).text();
    const name = last.match(/<h3><a href="[^"]+">([^<]+)<\/a><\/h3>/)![1]!;
    await page.getByLabel('Rechercher', { exact: true }).fill(name);
    await expect.poll(() => count(page), { timeout: 20_000 }).toBe(VARIANTS);
    await expect.poll(() => page.locator('#f-count').textContent(), { timeout: 15_000 }).toMatch(/produits? affichés?/);
    const shown = await page.$$eval('li.product', (items) =>
      items.filter((i) => (i as HTMLElement).offsetParent !== null).map((i) => i.querySelector('h3')!.textContent),
    );
    expect(shown).toContain(name);
    expect(shown.length).toBeLessThan(await page.locator('li.product').count());
    expect(await page.locator('nav.parts').isVisible()).toBe(false);
    await page.close();
  }, 60_000);

  it('is browsed part by part with JavaScript off, its categories reachable from every part', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(worker.url + paths.shop('en', hubs[0]!.slug));
    const firstIds = await page.$$eval('li.variant', (r) => r.map((x) => (x as HTMLElement).dataset.variantId));
    await page.getByRole('link', { name: 'Next products →' }).click();
    await page.waitForURL(worker.url + paths.shopPart('en', hubs[0]!.slug, 2));
    const secondIds = await page.$$eval('li.variant', (r) => r.map((x) => (x as HTMLElement).dataset.variantId));
    expect(secondIds.some((id) => firstIds.includes(id))).toBe(false);
    // The last category in the menu leads to the part where it starts.
    const lastCategory = page.locator('nav[aria-label="Categories"] a').last();
    const href = (await lastCategory.getAttribute('href'))!;
    await lastCategory.click();
    const slug = href.split('#')[1]!;
    await page.locator(`section#${slug}`).waitFor();
    await context.close();
    // axe runs as a script: check the part page in a normal tab.
    const checked = await browser.newPage();
    await checked.goto(worker.url + paths.shopPart('en', hubs[0]!.slug, 2));
    expect(await axeViolations(checked, { strict: true })).toEqual([]);
    await checked.close();
  }, 60_000);
});

describe('shops without a public sale', () => {
  it('between cycles: the hub page says when it reopens and lists no product', async () => {
    const page = await browser.newPage();
    await page.goto(worker.url + paths.shop('fr', hubs[2]!.slug));
    await page.getByText('La boutique est fermée. Prochaine ouverture le').waitFor();
    expect(await count(page)).toBe(0);
    expect(await axeViolations(page, { strict: true })).toEqual([]);
    await page.close();
  });

  it('members only: nothing of it is published', async () => {
    const res = await fetch(worker.url + paths.shop('en', hubs[3]!.slug));
    const html = await res.text();
    expect(html).toContain('for the shop’s members only');
    expect(html).not.toContain('class="variant"');
    const product = await conn.db.all<{
      producer: string;
      product: string;
    }>(sql`SELECT pr.slug AS producer, p.slug AS product FROM cycle_outgoing_variants cov JOIN variants v ON v.id = cov.variant_id
      JOIN products p ON p.id = v.product_id JOIN enterprises pr ON pr.id = p.producer_id WHERE cov.outgoing_id = ${hubs[3]!.outgoingId} LIMIT 1`);
    const productPage = await (await fetch(worker.url + paths.product('fr', product[0]!.producer, product[0]!.product))).text();
    expect(productPage).not.toContain(`id="o-${hubs[3]!.slug}"`);
  });
});
