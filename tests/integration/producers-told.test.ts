// Producers told what to bring when a cycle closes: one e-mail per producer with its quantities per
// hub (total weight where sold by weight) and each hub's collection time and place, a copy to each
// hub, in each one's managers' language; however often the scheduled job runs, sent once.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises, orderCycles } from '../../db/schema/index.ts';
import { runScheduled } from '../../scripts/local-worker.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { closeCycle, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { signInInEnglish, startMailProvider } from '../support/mail-provider.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

const RUCHE = 'la-ruche-du-plateau';
const DRIVE = 'drive-fermier-de-la-vallee';
const JARDINS = 'les-jardins-de-la-feuillade';
let provider: Awaited<ReturnType<typeof startMailProvider>>;
let t: TestWorker;
let elise: Session;
let ruche: DemoShop;
let drive: DemoShop;
let cycle: { id: number; name: string };
let other: string;

/** A producer's contact address, as the seed sets it. */
const contactOf = async (slug: string) =>
  (await t.conn.db.select({ email: enterprises.email }).from(enterprises).where(eq(enterprises.slug, slug)))[0]!.email!;

beforeAll(async () => {
  provider = await startMailProvider();
  t = await startTestWorker({ bindings: provider.bindings });
  elise = await signIn(t, 'elise.bernard@example.org');
  // The drive's manager works in English: its copy comes in English.
  await signInInEnglish(t, 'thomas.lefevre@example.org');
  ruche = await shopOf(t, RUCHE);
  cycle = { id: ruche.hub.open.cycleId, name: '' };
  cycle.name = (await t.conn.db.select({ name: orderCycles.name }).from(orderCycles).where(eq(orderCycles.id, cycle.id)))[0]!.name;
  // The drive sells Les Jardins' carrots and salads in the Ruche's cycle too (its own cycle closed first).
  await closeCycle(t.conn.db, (await shopOf(t, DRIVE)).hub.open.cycleId);
  const jardins = await t.conn.db.all<{ id: number }>(sql`SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id
    JOIN enterprises e ON e.id = p.producer_id WHERE e.slug = ${JARDINS} AND v.on_demand = 0 AND v.on_hand >= 20 ORDER BY v.id`);
  const start = Date.now() + 6 * 86_400_000;
  const put = await as(t, elise, 'PUT', `/api/manage/hubs/${RUCHE}/cycles/${cycle.id}/hubs/${DRIVE}`, {
    collectionStartsAt: start,
    collectionEndsAt: start + 7_200_000,
    collectionPlace: 'Place du marché, Treignac',
    instructions: '',
    variantIds: jardins.map((v) => v.id),
  });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  drive = await shopOf(t, DRIVE);
  expect(drive.hub.open.cycleId).toBe(cycle.id);
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

describe('producers told when a cycle closes', () => {
  it('sends each producer one e-mail with its quantities per hub, and each hub a copy, after two runs of the job', async () => {
    const jardinsOf = (s: DemoShop) => s.items.filter((i) => i.producerSlug === JARDINS && !i.onDemand);
    const carrots = jardinsOf(ruche).find((i) => i.unitKind === 'weight' && i.unitValue === 1000)!;
    const pieces = jardinsOf(ruche).find((i) => i.unitKind === 'items')!;
    const elsewhere = ruche.items.find((i) => i.producerSlug !== JARDINS && !i.onDemand && i.onHand >= 5)!;
    other = elsewhere.producerSlug;
    await placeOrder(t, ruche, [
      { item: carrots, quantity: 2 },
      { item: elsewhere, quantity: 1 },
    ]);
    await placeOrder(t, ruche, [{ item: carrots, quantity: 3 }]);
    const cancelled = await placeOrder(t, ruche, [{ item: carrots, quantity: 7 }]);
    expect((await as(t, elise, 'POST', `/api/manage/hubs/${RUCHE}/orders/${cancelled}/cancel`, { reason: 'doublon' })).status).toBe(200);
    const driveCarrots = jardinsOf(drive).find((i) => i.variantId === carrots.variantId)!;
    const drivePieces = jardinsOf(drive).find((i) => i.variantId === pieces.variantId)!;
    await placeOrder(t, drive, [
      { item: driveCarrots, quantity: 4 },
      { item: drivePieces, quantity: 1 },
    ]);

    // Still open: nobody is told.
    await runScheduled(t.worker.miniflare);
    expect(provider.to(await contactOf(JARDINS))).toHaveLength(0);

    await closeCycle(t.conn.db, cycle.id);
    for (let run = 0; run < 3; run++) await runScheduled(t.worker.miniflare);

    const toJardins = provider.to(await contactOf(JARDINS));
    expect(toJardins).toHaveLength(1);
    const mail = toJardins[0]!;
    expect(mail.subject).toBe(`à livrer pour « ${cycle.name} »`);
    // Per hub, in the order of the hubs' names; the cancelled order is not on the list.
    const [, atDrive, atRuche] = mail.text.split(/\n(?=Drive fermier|La Ruche)/);
    expect(atRuche).toContain(`5 × ${carrots.productName} — ${carrots.variantName} (total 5 kg)`);
    expect(atRuche).not.toContain(pieces.productName);
    expect(atRuche).toContain('La Ruche du Plateau, 7 Grande Rue, 23500 Felletin');
    expect(atDrive).toContain(`4 × ${carrots.productName} — ${carrots.variantName} (total 4 kg)`);
    expect(atDrive).toContain(`1 × ${pieces.productName} — ${pieces.variantName}\n`);
    expect(atDrive).toContain('retrait — ');
    expect(atDrive).toContain('Place du marché, Treignac');
    expect(mail.text).not.toContain(elsewhere.productName);
    expect(mail.html).not.toMatch(/<img|<script|<link/);

    // The hubs' copies: the Ruche's in French, the drive's in its manager's English.
    const rucheCopy = provider.to(await contactOf(RUCHE)).filter((m) => m.subject.includes(cycle.name));
    expect(rucheCopy).toHaveLength(2);
    expect(rucheCopy.map((m) => m.subject)).toContain(`Copie : Les Jardins de la Feuillade, à livrer pour « ${cycle.name} »`);
    const driveCopy = provider.to(await contactOf(DRIVE)).filter((m) => m.subject.includes(cycle.name));
    expect(driveCopy).toHaveLength(1);
    expect(driveCopy[0]!.subject).toBe(`Copy: Les Jardins de la Feuillade, to bring for “${cycle.name}”`);
    expect(driveCopy[0]!.text).toContain('(total 4 kg)');
    // Each hub's copy holds its own part only.
    expect(driveCopy[0]!.text).not.toContain('(total 5 kg)');
    expect(rucheCopy.find((m) => m.subject.includes('Les Jardins'))!.text).toContain('(total 5 kg)');
    expect(rucheCopy.find((m) => m.subject.includes('Les Jardins'))!.text).not.toContain('(total 4 kg)');

    // The other producer hears of its own line only, once.
    const toOther = provider.to(await contactOf(other));
    expect(toOther).toHaveLength(1);
    expect(toOther[0]!.text).toContain(`1 × ${elsewhere.productName}`);
    expect(toOther[0]!.text).not.toContain(carrots.productName);

    // More runs, later: nothing more is queued.
    const queued = async () =>
      (await t.conn.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM outbox WHERE topic LIKE 'cycle.closed.%'`))[0]!.n;
    const before = await queued();
    await runScheduled(t.worker.miniflare, Date.now() + 3_600_000);
    expect(await queued()).toBe(before);
    expect(before).toBe(2 + 3);
  });
});
