// The bulk « Prix et stocks » editor in a real Chromium, with its script on: a save refused for one
// bad field, corrected, saves every change the producer made, not only the corrected one; and after a
// refusal a row the script left out still shows what is stored.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogVariants } from '../../db/catalog/products.ts';
import { enterpriseBySlug } from '../../db/enterprises/enterprises.ts';
import { launchChromium } from '../support/browser.ts';
import { signInFromMailbox } from '../support/mailbox.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let browser: Browser;

beforeAll(async () => {
  t = await startTestWorker({ bindings: { DEV_MAILBOX: '1' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the bulk price and stock editor', () => {
  it('keeps the other changes after a refused save, and saves them all once the bad field is fixed', async () => {
    const page = await browser.newPage();
    await signInFromMailbox(page, t.url, 'julie.moreau@example.org');
    const producer = (await enterpriseBySlug(t.conn.db, 'les-jardins-de-la-feuillade'))!;
    await page.goto(`${t.url}/gestion/${producer.slug}/prix-et-stocks`);
    await page.getByRole('heading', { name: 'Prix et stocks' }).waitFor();
    const before = await catalogVariants(t.conn.db, producer.id);
    const stocked = before.filter((v) => !v.onDemand);
    const [a, b] = stocked;
    const onDemand = before.find((v) => v.onDemand);
    const price = (v: { productName: string; name: string }) => page.getByLabel(`Prix de ${v.productName} — ${v.name}`);
    const stock = (v: { productName: string; name: string }) => page.getByLabel(`Stock de ${v.productName} — ${v.name}`);

    await price(a!).fill('7,35');
    await stock(a!).fill('42');
    await price(b!).fill('abc');
    await expect.poll(() => page.locator('#bulk-count').textContent()).toBe('2 ligne(s) modifiée(s)');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByRole('alert').waitFor();
    // Nothing was saved; the page shows what she typed.
    expect((await catalogVariants(t.conn.db, producer.id)).find((v) => v.variantId === a!.variantId)!.priceCents).toBe(a!.priceCents);
    expect(await price(a!).inputValue()).toBe('7,35');
    expect(await stock(a!).inputValue()).toBe('42');
    // A row the script did not send shows what is stored (an on-demand one stays ticked).
    if (onDemand) expect(await page.getByLabel(`${onDemand.productName} — ${onDemand.name} à la demande`).isChecked()).toBe(true);
    await expect.poll(() => page.locator('#bulk-count').textContent()).toBe('2 ligne(s) modifiée(s)');

    await price(b!).fill('3,10');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await expect.poll(() => page.getByTestId('bulk-saved').textContent()).toBe('2 variante(s) mise(s) à jour.');
    const after = await catalogVariants(t.conn.db, producer.id);
    expect(after.find((v) => v.variantId === a!.variantId)).toMatchObject({ priceCents: 735, onHand: 42 });
    expect(after.find((v) => v.variantId === b!.variantId)).toMatchObject({ priceCents: 310 });
    if (onDemand) expect(after.find((v) => v.variantId === onDemand.variantId)!.onDemand).toBe(true);
    await page.close();
  });
});
