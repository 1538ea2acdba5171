// On a phone, as a shopper: the first screen of a shop shows products with their price and add button;
// no page is wider than a 360 px screen (shop, product, producer, the cart with lines, the order and its
// invoice, in French and English); the shelves' photos load; and axe finds nothing on those pages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../domain/catalog-paths.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { cartWith, variantWithStock } from '../support/checkout.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let browser: Browser;
let t: TestWorker;
let ruche: DemoShop;

beforeAll(async () => {
  [browser, t] = await Promise.all([launchChromium(), startTestWorker()]);
  ruche = (await openShops(t.conn.db)).find((s) => s.hub.slug === 'la-ruche-du-plateau')!;
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const phone = async (width: number, height: number) => (await browser.newContext({ viewport: { width, height } })).newPage();

/**
 * What sticks out of the screen: the document's scroll width, and the elements whose right edge is past
 * the viewport, except inside a box that scrolls sideways on purpose (the categories' row) and what is
 * clipped to a pixel for screen readers.
 */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const scrolls = (e: Element) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
    const out: string[] = [];
    for (const e of document.querySelectorAll('body *')) {
      const r = e.getBoundingClientRect();
      if (r.width <= 1 || r.right <= vw + 0.5) continue;
      let inside = false;
      for (let a = e.parentElement; a; a = a.parentElement) if (scrolls(a) && a.getBoundingClientRect().right <= vw + 0.5) inside = true;
      if (!inside) out.push(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')} → ${Math.round(r.right)}px`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport: vw, out: out.slice(0, 10) };
  });

async function expectFits(page: Page, what: string) {
  const o = await overflow(page);
  expect(o.out, `${what}: elements past the right edge`).toEqual([]);
  expect(o.scrollWidth, `${what}: document wider than the screen`).toBeLessThanOrEqual(o.viewport);
  expect(await axeViolations(page, { strict: true }), what).toEqual([]);
}

describe('the first screen of a phone', () => {
  // The smaller phone must show a price at least; the status line keeps room for a cycle chooser.
  for (const [width, height, needs] of [
    [390, 844, 'form.add button'],
    [360, 740, '.price'],
  ] as const)
    it(`shows a product with its price${needs === '.price' ? '' : ' and add button'} at ${width}×${height}`, async () => {
      const page = await phone(width, height);
      await page.goto(t.url + paths.shop('fr', ruche.hub.slug));
      await page.locator('.variant form.add button').first().waitFor();
      const first = await page.evaluate(
        ([h, control]) => {
          const seen = (e: Element | null) => {
            const r = e?.getBoundingClientRect();
            return !!r && r.width > 0 && r.top >= 0 && r.bottom <= h;
          };
          const v = [...document.querySelectorAll('.variant')].find(
            (x) => seen(x.querySelector('.price')) && seen(x.querySelector(control)),
          );
          const img = document.querySelector<HTMLImageElement>('.product img.thumb');
          return { variant: v?.getAttribute('data-variant-id') ?? null, thumb: img && seen(img) ? img.naturalWidth : null };
        },
        [height, needs] as const,
      );
      expect(first.variant, `a variant with its price and ${needs} on the first screen`).not.toBeNull();
      expect(first.thumb, 'the first row’s photo, loaded').toBe(240);
      await page.context().close();
    });
});

describe('nothing wider than a 360 px screen', () => {
  for (const lang of ['fr', 'en'] as const)
    it(`fits the shop, product, producer, cart, order and invoice pages in ${lang === 'fr' ? 'French' : 'English'}`, async () => {
      const page = await phone(360, 740);
      const item = await variantWithStock(t.conn.db, ruche, 20);
      const producer = ruche.items.find((i) => i.variantId === item.variantId)!;
      for (const path of [
        paths.shop(lang, ruche.hub.slug),
        paths.product(lang, producer.producerSlug, producer.productSlug),
        paths.producer(lang, producer.producerSlug),
      ]) {
        await page.goto(t.url + path);
        await page.waitForLoadState('networkidle');
        await expectFits(page, path);
      }

      const cartId = await cartWith(
        t,
        ruche,
        ruche.items.slice(0, 3).map((i) => [i.variantId, 1]),
      );
      await page.goto(`${t.url}${paths.checkout(lang, ruche.hub.slug)}?${lang === 'fr' ? 'panier' : 'cart'}=${cartId}`);
      await page
        .getByRole('button', { name: lang === 'fr' ? 'Retirer' : 'Remove' })
        .first()
        .waitFor();
      await expectFits(page, 'checkout');
      await page.getByLabel(lang === 'fr' ? 'Nom et prénom' : 'Full name').fill('Camille Martin');
      await page.getByLabel(lang === 'fr' ? 'Adresse e-mail' : 'E-mail address').fill('camille@example.org');
      await page.getByLabel(lang === 'fr' ? 'Téléphone' : 'Phone').fill('06 12 34 56 78');
      await page.getByRole('button', { name: lang === 'fr' ? 'Valider la commande' : 'Place the order' }).click();
      await page.waitForURL(/ord_[0-9A-Za-z]{22}$/);
      await page.getByTestId('order-total').waitFor();
      await expectFits(page, 'order');
      await page.getByRole('link', { name: lang === 'fr' ? /^Facture n°/ : /^Invoice no\./ }).click();
      await page.getByTestId('total-ttc').waitFor();
      await expectFits(page, 'invoice');
      await page.context().close();
    }, 120_000);
});
