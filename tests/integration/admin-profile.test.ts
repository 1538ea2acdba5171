// A producer edits its public profile and legal identity in the back office: the producer page is
// marked stale for republishing, bad identifiers get field messages, and nothing is half-saved.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseLabels, enterpriseManagers, enterprises, stalePages, users } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

const PRODUCER = 'les-jardins-de-la-feuillade';
let t: TestWorker;
let me: Session;
let producerId: number;

beforeAll(async () => {
  t = await startTestWorker();
  const [row] = await t.conn.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.slug, PRODUCER));
  producerId = row!.id;
  const [manager] = await t.conn.db
    .select({ email: users.email })
    .from(users)
    .innerJoin(enterpriseManagers, eq(enterpriseManagers.userId, users.id))
    .where(eq(enterpriseManagers.enterpriseId, producerId));
  me = await signIn(t, manager!.email);
});
afterAll(() => t?.close());

describe('profile', () => {
  it('saves the profile from its page, with labels and a valid SIRET, and marks the producer page stale', async () => {
    const page = await as(t, me, 'GET', `/gestion/${PRODUCER}/profil`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Identité légale');
    const res = await as(
      t,
      me,
      'POST',
      `/gestion/${PRODUCER}/profil`,
      {
        name: 'Les Jardins de la Feuillade',
        description: 'Maraîchage sur sol vivant, 2 ha.',
        addressLine: 'La Feuillade',
        postalCode: '23500',
        commune: 'Felletin',
        email: 'jardins@example.org',
        phone: '05 55 00 00 00',
        website: 'https://jardins.example.org',
        legalName: 'EARL Les Jardins de la Feuillade',
        siret: '732 829 320 00074',
        vatNumber: '',
        label_1: 'on',
      },
      { form: true },
    );
    expect(res.status).toBe(303);
    const [row] = await t.conn.db.select().from(enterprises).where(eq(enterprises.id, producerId));
    expect(row).toMatchObject({
      description: 'Maraîchage sur sol vivant, 2 ha.',
      siret: '73282932000074',
      vatNumber: null,
      website: 'https://jardins.example.org',
    });
    expect(
      (await t.conn.db.select().from(enterpriseLabels).where(eq(enterpriseLabels.enterpriseId, producerId))).map((x) => x.labelId),
    ).toEqual([1]);
    const stale = (await t.conn.db.select().from(stalePages)).map((s) => s.path);
    expect(stale).toContain(`/producteurs/${PRODUCER}/`);
    expect(stale).toContain(`/en/producers/${PRODUCER}/`);
  });

  it('refuses a mistyped SIRET or VAT number field by field, and changes nothing', async () => {
    const before = (await t.conn.db.select().from(enterprises).where(eq(enterprises.id, producerId)))[0]!;
    const res = await as(t, me, 'PUT', `/api/manage/enterprises/${PRODUCER}/profile`, {
      name: 'Autre nom',
      description: '',
      addressLine: '',
      postalCode: '2350',
      commune: '',
      email: null,
      phone: null,
      website: 'jardins',
      legalName: null,
      siret: '73282932000075',
      vatNumber: 'FR00732829320',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['postalCode', 'siret', 'vatNumber', 'website']);
    expect((await t.conn.db.select().from(enterprises).where(eq(enterprises.id, producerId)))[0]).toEqual(before);
  });
});
