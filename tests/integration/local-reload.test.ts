// What a shopper meets while the local server reloads its assets after a catalog change (workerd
// restarts under `npm start`): every request, page or API call with a body, gets a real answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let shop: DemoShop;

beforeAll(async () => {
  t = await startTestWorker();
  shop = (await openShops(t.conn.db))[0]!;
});
afterAll(() => t?.close());

interface Outcome {
  what: string;
  status: number | string;
}

/** Requests with a few connections, as shoppers would, until `until()`; every outcome is kept. */
async function shoppers(connections: number, until: () => boolean): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const asks: Array<[string, () => Promise<Response>]> = [
    [`GET ${shop.hub.slug} shop page`, () => fetch(`${t.url}/boutiques/${shop.hub.slug}/`)],
    ['GET /api/health', () => fetch(`${t.url}/api/health`)],
    [
      'POST /api/carts',
      () =>
        fetch(`${t.url}/api/carts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ hub: shop.hub.slug }),
        }),
    ],
  ];
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = c; !until(); i++) {
        const [what, ask] = asks[i % asks.length]!;
        try {
          const res = await ask();
          await res.arrayBuffer();
          outcomes.push({ what, status: res.status });
        } catch (err) {
          outcomes.push({ what, status: (err as { cause?: { code?: string } }).cause?.code ?? String(err) });
        }
      }
    }),
  );
  return outcomes;
}

describe('the local server during an asset reload', () => {
  it('answers every request, none refused or cut, while workerd restarts again and again', async () => {
    let reloading = true;
    const outcomes = shoppers(6, () => !reloading);
    for (let n = 0; n < 3; n++) {
      await new Promise((r) => setTimeout(r, 300));
      await t.worker.reloadAssets();
    }
    reloading = false;
    const all = await outcomes;
    const failed = all.filter((o) => typeof o.status !== 'number' || o.status >= 500);
    expect(all.length).toBeGreaterThan(18);
    expect(failed).toEqual([]);
    expect(new Set(all.map((o) => o.status))).toEqual(new Set([200, 201]));
  }, 180_000);

  it('still answers after the reloads, on the same address', async () => {
    const res = await fetch(`${t.url}/api/health`);
    expect(res.status).toBe(200);
  });
});
