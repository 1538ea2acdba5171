// The platform administrator's pages and JSON: enterprises (create, roles, managers) and the
// relationships that let a hub sell a producer's products. Nothing about orders or customers.
import { asc, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { Hono } from 'hono';
import * as v from 'valibot';
import { auditStatement } from '../../../db/catalog/products.ts';
import type { Db } from '../../../db/core/client.ts';
import { enterpriseManagers, enterpriseRelationships, enterprises, users } from '../../../db/schema/index.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { databaseFor } from '../../db.ts';
import { requirePermission } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { emailSchema, formStrings, parseOrThrow } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { AdminLayout, Csrf, Notice } from '../shared/ui.tsx';
import { auditActor } from '../catalog/use-cases.ts';
import { refusingConstraints } from '../shared/constraints.ts';

type Batch = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

const enterpriseSchema = v.strictObject({
  slug: slugSchema,
  name: v.pipe(v.string(), v.trim(), v.nonEmpty('Donnez un nom.'), v.maxLength(120)),
  isProducer: v.boolean(),
  isHub: v.boolean(),
  managerEmail: emailSchema,
});
const relationshipSchema = v.strictObject({ producer: slugSchema, hub: slugSchema, canAddToCycles: v.optional(v.boolean(), true), canOverridePrice: v.optional(v.boolean(), false), canOverrideStock: v.optional(v.boolean(), false) });

async function platformData(db: Db) {
  const [list, rels, managers] = await db.batch([
    db.select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name, isProducer: enterprises.isProducer, isHub: enterprises.isHub }).from(enterprises).orderBy(asc(enterprises.name)),
    db.all<{ producer: string; hub: string; canAddToCycles: number; canOverridePrice: number; canOverrideStock: number }>(sql`SELECT p.slug AS producer, h.slug AS hub, r.can_add_to_cycles AS canAddToCycles, r.can_override_price AS canOverridePrice, r.can_override_stock AS canOverrideStock
      FROM enterprise_relationships r JOIN enterprises p ON p.id = r.producer_id JOIN enterprises h ON h.id = r.hub_id ORDER BY h.slug, p.slug`),
    db.select({ enterpriseId: enterpriseManagers.enterpriseId, email: users.email }).from(enterpriseManagers).innerJoin(users, eq(users.id, enterpriseManagers.userId)),
  ]);
  return { enterprises: list.map((e) => ({ ...e, managers: managers.filter((m) => m.enterpriseId === e.id).map((m) => m.email) })), relationships: rels };
}

export async function createEnterprise(db: Db, actor: Actor, input: v.InferOutput<typeof enterpriseSchema>, now: number) {
  const taken = await db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.slug, input.slug));
  if (taken.length) throw new DomainError('VALIDATION', 'This identifier is taken.', { fields: [{ field: 'slug', message: 'Cet identifiant est déjà pris.' }] });
  const id = sql`(SELECT id FROM enterprises WHERE slug = ${input.slug})`;
  const who = auditActor(actor);
  // Two administrators creating the same identifier at once: the second is told, as by the check above.
  await refusingConstraints(() => db.batch([
    db.insert(enterprises).values({ slug: input.slug, name: input.name, isProducer: input.isProducer, isHub: input.isHub, createdAt: now, updatedAt: now }),
    db.insert(users).values({ email: input.managerEmail, createdAt: now }).onConflictDoNothing(),
    db.run(sql`INSERT INTO enterprise_managers (user_id, enterprise_id) SELECT id, ${id} FROM users WHERE email = ${input.managerEmail}`),
    db.run(sql`INSERT INTO audit_log (user_id, enterprise_id, action, subject, details, at) SELECT ${who.userId}, ${id}, 'enterprise.create', 'enterprise:' || ${input.slug}, ${JSON.stringify({ manager: input.managerEmail })}, ${now}`),
  ] as Batch), [{ field: 'slug', message: 'Cet identifiant est déjà pris.' }]);
}

export async function setRelationship(db: Db, actor: Actor, r: v.InferOutput<typeof relationshipSchema>, present: boolean, now: number) {
  const [producer] = await db.select().from(enterprises).where(eq(enterprises.slug, r.producer));
  const [hub] = await db.select().from(enterprises).where(eq(enterprises.slug, r.hub));
  if (!producer?.isProducer) throw new DomainError('VALIDATION', 'No such producer.', { fields: [{ field: 'producer', message: 'Producteur inconnu.' }] });
  if (!hub?.isHub) throw new DomainError('VALIDATION', 'No such hub.', { fields: [{ field: 'hub', message: 'Boutique inconnue.' }] });
  const who = auditActor(actor);
  const rel = { producerId: producer.id, hubId: hub.id, canAddToCycles: r.canAddToCycles, canOverridePrice: r.canOverridePrice, canOverrideStock: r.canOverrideStock };
  await db.batch([
    present
      ? db.insert(enterpriseRelationships).values(rel).onConflictDoUpdate({ target: [enterpriseRelationships.producerId, enterpriseRelationships.hubId], set: { canAddToCycles: r.canAddToCycles, canOverridePrice: r.canOverridePrice, canOverrideStock: r.canOverrideStock } })
      : db.run(sql`DELETE FROM enterprise_relationships WHERE producer_id = ${producer.id} AND hub_id = ${hub.id}`),
    ...markStaleStatements(db, { kind: 'hub', enterpriseId: hub.id }, `relation ${producer.name} → ${hub.name}`),
    auditStatement(db, { userId: who.userId, enterpriseId: hub.id, action: present ? 'relationship.set' : 'relationship.remove', subject: `relationship:${producer.id}:${hub.id}`, details: rel, at: now }),
  ] as Batch);
}

export function platformPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const app = new Hono<AdminEnv>();
  app.get(p.platform, async (c) => {
    requirePermission(c, 'platform.administer');
    const data = await platformData(databaseFor(c.env));
    const csrf = frameOf(c, l).csrf;
    return c.html(
      <AdminLayout frame={frameOf(c, l, { current: p.platform })} title={tr('Plateforme', 'Platform')}>
        <h1>{tr('Structures et relations', 'Enterprises and relationships')}</h1>
        {c.req.query('saved') ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
        <table class="grid">
          <thead>
            <tr>
              <th>{tr('Structure', 'Enterprise')}</th>
              <th>{tr('Rôles', 'Roles')}</th>
              <th>{tr('Gestionnaires', 'Managers')}</th>
            </tr>
          </thead>
          <tbody>
            {data.enterprises.map((e) => (
              <tr>
                <td>
                  {e.name} <small class="muted">{e.slug}</small>
                </td>
                <td>{[e.isProducer ? tr('producteur', 'producer') : '', e.isHub ? tr('boutique', 'shop') : ''].filter(Boolean).join(', ')}</td>
                <td>{e.managers.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{tr('Nouvelle structure', 'New enterprise')}</h2>
        <form method="post" action={`${p.platform}/structures`} class="filters">
          <Csrf token={csrf} />
          <div class="field">
            <label for="ename">{tr('Nom', 'Name')}</label>
            <input id="ename" name="name" required />
          </div>
          <div class="field">
            <label for="eslug">{tr('Identifiant (dans les adresses)', 'Identifier (in URLs)')}</label>
            <input id="eslug" name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          </div>
          <label class="choice">
            <input type="checkbox" name="isProducer" /> {tr('producteur', 'producer')}
          </label>
          <label class="choice">
            <input type="checkbox" name="isHub" /> {tr('boutique', 'shop')}
          </label>
          <div class="field">
            <label for="emanager">{tr('E-mail du gestionnaire', 'Manager’s e-mail')}</label>
            <input id="emanager" name="managerEmail" type="email" required />
          </div>
          <button type="submit">{tr('Créer', 'Create')}</button>
        </form>
        <h2>{tr('Relations producteur → boutique', 'Producer → shop relationships')}</h2>
        <ul>
          {data.relationships.map((r) => (
            <li>
              {r.producer} → {r.hub}
              {r.canOverridePrice ? tr(' · prix modifiable', ' · price override') : ''}
              {r.canOverrideStock ? tr(' · stock modifiable', ' · stock override') : ''}
            </li>
          ))}
        </ul>
        <form method="post" action={`${p.platform}/relations`} class="filters">
          <Csrf token={csrf} />
          <div class="field">
            <label for="rproducer">{tr('Producteur', 'Producer')}</label>
            <input id="rproducer" name="producer" required />
          </div>
          <div class="field">
            <label for="rhub">{tr('Boutique', 'Shop')}</label>
            <input id="rhub" name="hub" required />
          </div>
          <select name="action" aria-label={tr('Action', 'Action')}>
            <option value="set">{tr('autoriser', 'allow')}</option>
            <option value="remove">{tr('retirer', 'remove')}</option>
          </select>
          <button type="submit">{tr('Enregistrer', 'Save')}</button>
        </form>
      </AdminLayout>,
    );
  });
  app.post(`${p.platform}/structures`, async (c) => {
    requirePermission(c, 'platform.administer');
    const f = await formStrings(c);
    const input = parseOrThrow(enterpriseSchema, { slug: f.slug, name: f.name, isProducer: f.isProducer === 'on', isHub: f.isHub === 'on', managerEmail: f.managerEmail });
    await createEnterprise(databaseFor(c.env), c.get('actor'), input, Date.now());
    return c.redirect(`${p.platform}?saved=1`, 303);
  });
  app.post(`${p.platform}/relations`, async (c) => {
    requirePermission(c, 'platform.administer');
    const f = await formStrings(c);
    const r = parseOrThrow(relationshipSchema, { producer: f.producer, hub: f.hub });
    await setRelationship(databaseFor(c.env), c.get('actor'), r, f.action !== 'remove', Date.now());
    return c.redirect(`${p.platform}?saved=1`, 303);
  });
  return app;
}

export const platformApi = new Hono<AdminEnv>()
  .get('/enterprises', async (c) => {
    requirePermission(c, 'platform.administer');
    return c.json(await platformData(databaseFor(c.env)));
  })
  .post('/enterprises', validate('json', enterpriseSchema), async (c) => {
    requirePermission(c, 'platform.administer');
    await createEnterprise(databaseFor(c.env), c.get('actor'), c.req.valid('json'), Date.now());
    return c.body(null, 201);
  })
  .put('/relationships', validate('json', relationshipSchema), async (c) => {
    requirePermission(c, 'platform.administer');
    await setRelationship(databaseFor(c.env), c.get('actor'), c.req.valid('json'), true, Date.now());
    return c.body(null, 204);
  })
  .delete('/relationships', validate('json', relationshipSchema), async (c) => {
    requirePermission(c, 'platform.administer');
    await setRelationship(databaseFor(c.env), c.get('actor'), c.req.valid('json'), false, Date.now());
    return c.body(null, 204);
  });
