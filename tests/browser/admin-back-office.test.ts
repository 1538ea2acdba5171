// The back office in a real Chromium: a producer signs in from the development mailbox, changes a
// price in the bulk editor, sees the public page go from « waiting » to published by the catalog
// rebuilder, and the shop shows the new price; a hub manager clones a cycle and prints the packing report.
// The worker here serves its own copy of the built site, since the rebuild rewrites pages in it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseBySlug } from '../../db/enterprises/enterprises.ts';
import { catalogVariants } from '../../db/catalog/products.ts';
import { shopItems } from '../../db/catalog/shop.ts';
import { orderCycles } from '../../db/schema/index.ts';
import { cloneName } from '../../worker/admin/cycles/form.ts';
import { eq } from 'drizzle-orm';
import { formatMoney } from '../../domain/money.ts';
import { rebuildCatalog } from '../../scripts/catalog-rebuild.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { signInFromMailbox } from '../support/mailbox.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

let t: TestWorker;
let browser: Browser;

beforeAll(async () => {
  // Its own copy of the build: this test republishes pages.
  t = await startTestWorker({ ownDist: true, bindings: { DEV_MAILBOX: '1' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a producer', () => {
  it('signs in from the mailbox, changes a price in bulk, sees it published, and the shop shows the new price', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(t.url) && !r.url().startsWith('data:')) external.push(r.url());
    });
    await signInFromMailbox(page, t.url, 'julie.moreau@example.org');
    await page.getByRole('heading', { name: 'Les Jardins de la Feuillade' }).waitFor();
    await page.getByRole('link', { name: 'Prix et stocks' }).first().click();
    await page.getByRole('heading', { name: 'Prix et stocks' }).waitFor();

    const producer = (await enterpriseBySlug(t.conn.db, 'les-jardins-de-la-feuillade'))!;
    const shop = await shopOf(t, 'la-ruche-du-plateau');
    const sold = new Set(shop.items.map((i) => i.variantId));
    const variant = (await catalogVariants(t.conn.db, producer.id)).find((v) => sold.has(v.variantId));
    const price = page.getByLabel(`Prix de ${variant!.productName} — ${variant!.name}`);
    await price.fill('4,85');
    // The enhancement counts the changed row and sends only it.
    await expect.poll(() => page.locator('#bulk-count').textContent()).toBe('1 ligne(s) modifiée(s)');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await expect.poll(() => page.getByTestId('bulk-saved').textContent()).toBe('1 variante(s) mise(s) à jour.');
    expect(await page.getByLabel(`Prix de ${variant!.productName} — ${variant!.name}`).inputValue()).toBe('4,85');
    expect(await page.getByTestId('public-status').getAttribute('data-state')).toBe('stale');
    expect(await page.getByTestId('public-status').textContent()).toContain('publication en attente');
    expect((await catalogVariants(t.conn.db, producer.id)).find((v) => v.variantId === variant!.variantId)!.priceCents).toBe(485);

    // The catalog rebuilder (beside `npm start`) renders the stale pages and has them served.
    const rebuilt = await rebuildCatalog({ db: t.conn.db, databaseUrl: t.dbUrl, dist: t.dist, serve: () => t.worker.reloadAssets() });
    expect(rebuilt, rebuilt?.error).toMatchObject({ state: 'published' });
    await page.reload();
    expect(await page.getByTestId('public-status').getAttribute('data-state')).toBe('up-to-date');
    expect(await page.getByTestId('public-status').textContent()).toMatch(/à jour · dernière publication le/);

    const shelf = (
      await shopItems(t.conn.db, { hubId: shop.hub.id, cycleId: shop.hub.open.cycleId, outgoingId: shop.hub.open.outgoingId })
    ).find((i) => i.variantId === variant!.variantId)!;
    expect(shelf.price.basePriceCents).toBe(485);
    await page.goto(`${t.url}/boutiques/la-ruche-du-plateau/`);
    const row = page.locator(`li.variant[data-variant-id="${variant!.variantId}"]`);
    expect(await row.locator('.price').textContent()).toBe(formatMoney(shelf.price.priceCents));
    expect(external).toEqual([]);
    await page.close();
  }, 180_000);
});

describe('a hub manager', () => {
  it('clones a cycle and prints the packing report', async () => {
    const shop = await shopOf(t, 'la-ruche-du-plateau');
    const item = shop.items.find((i) => i.onDemand || i.onHand >= 3)!;
    await placeOrder(t, shop, [{ item, quantity: 2 }], {
      name: 'Youssef Haddad',
      email: 'youssef.haddad@example.org',
      phone: '06 39 98 00 02',
    });

    const context = await browser.newContext();
    const page = await context.newPage();
    await signInFromMailbox(page, t.url, 'elise.bernard@example.org');
    await page.getByRole('link', { name: 'Cycles de vente et commandes' }).click();
    await page.getByRole('heading', { name: 'Cycles de vente' }).waitFor();
    const before = await page.locator('[data-testid="cycles"] tbody tr').count();
    await page.getByRole('button', { name: `Dupliquer ${shop.hub.open.name}` }).click();
    await page.getByText('Cycle enregistré.').waitFor();
    // The copy is named for its own dates (moved by whole weeks past the original's close), not the old ones.
    const copyId = Number(/\/cycles\/(\d+)/.exec(page.url())![1]);
    const [copy] = await t.conn.db.select().from(orderCycles).where(eq(orderCycles.id, copyId));
    expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe(cloneName(shop.hub.open.name, copy!, 'fr'));
    expect(copy!.opensAt).toBeGreaterThanOrEqual(shop.hub.open.closesAt);
    await page.getByRole('link', { name: 'Cycles de vente' }).first().click();
    await expect.poll(() => page.locator('[data-testid="cycles"] tbody tr').count()).toBe(before + 1);

    await page.getByRole('link', { name: shop.hub.open.name, exact: true }).click();
    await page.getByRole('link', { name: 'Colisage par client' }).click();
    await page.getByRole('heading', { name: /Colisage par client/ }).waitFor();
    const bag = page.getByTestId('bag').filter({ hasText: 'Youssef Haddad' });
    expect(await bag.textContent()).toContain(`2 ×${item.productName} — ${item.variantName}`);
    await page.getByRole('button', { name: 'Imprimer' }).waitFor();

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.admin-nav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false);
    expect(await bag.isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  }, 90_000);
});

describe('accessibility', () => {
  it('back-office pages pass axe (WCAG rules), in French and English', async () => {
    const shop = await shopOf(t, 'la-ruche-du-plateau');
    const producer = (await enterpriseBySlug(t.conn.db, 'les-jardins-de-la-feuillade'))!;
    const [variant] = await catalogVariants(t.conn.db, producer.id);
    const found: Record<string, string[]> = {};
    const check = async (page: Page, path: string) => {
      await page.goto(`${t.url}${path}`);
      const v = await axeViolations(page);
      if (v.length) found[path] = v;
    };
    const anonymous = await browser.newPage();
    await check(anonymous, '/gestion/connexion');
    await check(anonymous, '/en/manage/sign-in');
    await anonymous.close();

    const julie = await (await browser.newContext()).newPage();
    await signInFromMailbox(julie, t.url, 'julie.moreau@example.org');
    for (const path of [
      '/gestion/',
      `/gestion/${producer.slug}/produits`,
      `/gestion/${producer.slug}/produits/${variant!.productId}`,
      `/gestion/${producer.slug}/produits/nouveau`,
      `/gestion/${producer.slug}/prix-et-stocks`,
      `/gestion/${producer.slug}/import`,
      `/gestion/${producer.slug}/ventes`,
      `/gestion/${producer.slug}/jetons`,
      `/en/manage/${producer.slug}/prices-and-stock`,
    ])
      await check(julie, path);

    const elise = await (await browser.newContext()).newPage();
    await signInFromMailbox(elise, t.url, 'elise.bernard@example.org');
    const c = shop.hub.open.cycleId;
    for (const path of [
      `/gestion/${shop.hub.slug}/cycles`,
      `/gestion/${shop.hub.slug}/cycles/${c}`,
      `/gestion/${shop.hub.slug}/cycles/${c}/commandes`,
      `/gestion/${shop.hub.slug}/cycles/${c}/rapports/producteurs`,
      `/gestion/${shop.hub.slug}/cycles/${c}/rapports/paniers`,
      `/gestion/${shop.hub.slug}/cycles/${c}/rapports/produits`,
      `/gestion/${shop.hub.slug}/cycles/${c}/rapports/paiements`,
      `/gestion/${shop.hub.slug}/retrait-et-paiement`,
      `/gestion/${shop.hub.slug}/clients`,
      `/en/manage/${shop.hub.slug}/cycles`,
    ])
      await check(elise, path);
    expect(found).toEqual({});
  }, 120_000);
});
