// The rebuild watcher of `npm start` (scripts/catalog-rebuild.ts --watch) renders stale pages from the
// site's render bundle kept on disk or in memory (scripts/page-renderer.ts) instead of running Astro's
// build: what it publishes must be what `npm run build` writes from the same data at the same clock,
// byte for byte, whichever way the bundle was at hand.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentRebuilds } from '../../db/publishing/rebuilds.ts';
import { markStaleStatements } from '../../db/publishing/stale-pages.ts';
import { enterprises, variants } from '../../db/schema/index.ts';
import { paths } from '../../domain/catalog-paths.ts';
import { formatMoney } from '../../domain/money.ts';
import { build } from '../../scripts/build.ts';
import type { RebuildResult } from '../../scripts/catalog-rebuild.ts';
import { type DemoShop, openShops } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let s: TestWorker;
let shops: DemoShop[];
let watcher: ChildProcess | undefined;
const results: RebuildResult[] = [];
const fullDists: string[] = [];

/** The watcher as npm start runs it, serving through this worker. */
function startWatcher(): ChildProcess {
  const child = fork('scripts/catalog-rebuild.ts', ['--watch', '--dist', s.dist], {
    env: { ...process.env, DATABASE_URL: s.dbUrl },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.on('message', (m: { type?: string; id?: number; result?: RebuildResult }) => {
    if (m?.type === 'rebuilt' && m.result) results.push(m.result);
    if (m?.type !== 'reload-assets') return;
    s.worker.reloadAssets().then(
      () => child.send({ type: 'assets-reloaded', id: m.id }),
      (err: unknown) => child.send({ type: 'assets-reloaded', id: m.id, error: String(err) }),
    );
  });
  return child;
}

async function stopWatcher(): Promise<void> {
  const child = watcher;
  watcher = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise((done) => {
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}

beforeAll(async () => {
  s = await startTestWorker({ ownDist: true });
  shops = await openShops(s.conn.db);
});
afterAll(async () => {
  await stopWatcher();
  for (const d of fullDists) rmSync(d, { recursive: true, force: true });
  await s?.close();
});

/** Runs an edit (with the statements marking its pages stale) and waits for the watcher's rebuild. */
async function edit(statements: unknown[]): Promise<RebuildResult> {
  const before = results.length;
  await s.conn.db.batch(statements as never);
  await expect.poll(() => results.length, { timeout: 240_000, interval: 200 }).toBeGreaterThan(before);
  return results.at(-1)!;
}

/** Changes a variant's price as the back office does. */
async function changePrice(variantId: number, by: number): Promise<RebuildResult> {
  const [row] = await s.conn.db.select({ price: variants.priceCents }).from(variants).where(eq(variants.id, variantId));
  return edit([
    s.conn.db
      .update(variants)
      .set({ priceCents: row!.price + by })
      .where(eq(variants.id, variantId)),
    ...markStaleStatements(s.conn.db, { kind: 'variant', variantId }, 'prix modifié par le producteur'),
  ]);
}

/** A page's files (its index.html and a large shop's parts) under a served folder. */
function pageFiles(client: string, path: string): string[] {
  const dir = join(client, path.slice(1));
  const files = existsSync(join(dir, 'index.html')) ? ['index.html'] : [];
  if (existsSync(join(dir, 'page'))) for (const n of readdirSync(join(dir, 'page')).sort()) files.push(join('page', n, 'index.html'));
  return files.map((f) => join(path.slice(1), f));
}

/** `npm run build` from the test's database at the rebuild's clock. */
async function fullBuildAt(rebuild: RebuildResult): Promise<string> {
  const started = (await recentRebuilds(s.conn.db, 50)).find((r) => r.id === rebuild.ids.at(-1))!.startedAt!;
  const dist = mkdtempSync(join(tmpdir(), 'comptoir-full-'));
  fullDists.push(dist);
  build({ ...process.env, DATABASE_URL: s.dbUrl, COMPTOIR_BUILD_NOW: String(started) }, dist);
  return join(dist, 'client');
}

/** The rebuild's pages as served now (but those a later rebuild rendered again) against the full build's. */
function expectSamePages(rebuild: RebuildResult, fullClient: string, later: readonly string[] = []): void {
  const served = join(s.dist, 'client');
  const compared = rebuild.paths.filter((p) => !later.includes(p));
  expect(compared.length).toBeGreaterThan(0);
  for (const path of compared) {
    const files = pageFiles(served, path);
    expect(files.length, path).toBeGreaterThan(0);
    expect(files).toEqual(pageFiles(fullClient, path));
    for (const f of files) expect(readFileSync(join(served, f)).equals(readFileSync(join(fullClient, f))), f).toBe(true);
  }
}

describe('the rebuild watcher', () => {
  it('publishes pages rendered from its kept bundle, byte for byte those `npm run build` writes', async () => {
    const [a, b] = shops as [DemoShop, DemoShop];
    // A watcher that renders (and keeps the bundle, when none of these sources is kept yet), then stops.
    watcher = startWatcher();
    const first = await changePrice(a.items[0]!.variantId, 7);
    expect(first).toMatchObject({ state: 'published', parts: { renderedFrom: expect.stringMatching(/^(disk|build)$/) } });
    await stopWatcher();

    // A new watcher (as npm start starts one once the last went idle) renders from the bundle on disk…
    watcher = startWatcher();
    const item = a.items.find((i) => !b.items.some((j) => j.variantId === i.variantId))!;
    const fromDisk = await changePrice(item.variantId, 13);
    expect(fromDisk).toMatchObject({ state: 'published', parts: { renderedFrom: 'disk' } });
    const fresh = (await openShops(s.conn.db)).find((x) => x.hub.id === a.hub.id)!.items.find((i) => i.variantId === item.variantId)!;
    expect(fresh.price.priceCents).toBeGreaterThan(item.price.priceCents);
    for (const lang of ['fr', 'en'] as const) {
      const html = await (await fetch(s.url + paths.shop(lang, a.hub.slug))).text();
      const row = html.match(new RegExp(`data-variant-id="${item.variantId}">[\\s\\S]*?</li>`))?.[0];
      expect(row).toContain(`<span class="price">${formatMoney(fresh.price.priceCents, lang)}</span>`);
    }

    // …and the next edits (before it goes idle) from the bundle it keeps in memory.
    const other = b.items.find((i) => !a.items.some((j) => j.variantId === i.variantId)) ?? b.items[0]!;
    const fromMemory = await changePrice(other.variantId, 5);
    expect(fromMemory).toMatchObject({ state: 'published', parts: { renderedFrom: 'memory' } });
    await stopWatcher();

    expectSamePages(fromMemory, await fullBuildAt(fromMemory));
    expectSamePages(fromDisk, await fullBuildAt(fromDisk), fromMemory.paths);
  }, 600_000);

  it('reports a page it cannot render, with its path and reason, and publishes the others', async () => {
    const [a, b] = shops as [DemoShop, DemoShop];
    watcher = startWatcher();
    // A variant only the first hub sells, with a unit the code does not know.
    const broken = a.items.find((i) => !b.items.some((j) => j.variantId === i.variantId))!;
    await s.conn.client.execute({ sql: "UPDATE variants SET unit_kind = 'bogus' WHERE id = ?", args: [broken.variantId] });
    const shopA = paths.shop('fr', a.hub.slug);
    const before = readFileSync(join(s.dist, 'client', shopA.slice(1), 'index.html'), 'utf8');
    const result = await edit(
      [a, b].flatMap((shop) => [
        s.conn.db
          .update(enterprises)
          .set({ name: `${shop.hub.name} (renamed)` })
          .where(eq(enterprises.id, shop.hub.id)),
        ...markStaleStatements(s.conn.db, { kind: 'hub', enterpriseId: shop.hub.id }, 'nom de la boutique'),
      ]),
    );
    await stopWatcher();
    expect(result.parts?.renderedFrom).toMatch(/^(disk|memory)$/);
    expect(result.state).toBe('failed');
    expect(result.failedPages).toEqual(expect.arrayContaining([{ path: shopA, reason: expect.stringContaining('bogus') }]));
    expect(result.failedPages!.map((f) => f.path)).not.toContain(paths.shop('fr', b.hub.slug));
    expect(readFileSync(join(s.dist, 'client', shopA.slice(1), 'index.html'), 'utf8')).toBe(before);
    for (const lang of ['fr', 'en'] as const)
      expect(await (await fetch(s.url + paths.shop(lang, b.hub.slug))).text()).toContain(`${b.hub.name} (renamed)`);
  }, 300_000);
});
