// The platform's categories and labels page: create, rename (fr/en), order, retire or bring back, and
// delete one nothing uses. Each write is audited; a delete of one in use is refused with the reason.
import { sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import * as v from 'valibot';
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import {
  createTaxonomyStatement,
  deleteUnusedTaxonomyStatement,
  retireTaxonomyStatement,
  taxonomyData,
  taxonomyEntry,
  taxonomySlugsLike,
  updateTaxonomyStatement,
  type TaxonomyEntry,
  type TaxonomyKind,
} from '../../../db/enterprises/platform.ts';
import { markStaleStatements, type CatalogChange } from '../../../db/publishing/stale-pages.ts';
import { slugify, uniqueSlug } from '../../../domain/catalog-edit.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { databaseFor } from '../../db.ts';
import { requirePermission } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { formStrings, parseOrThrow, unlessRefused } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { Csrf, FormErrors, Notice } from '../shared/ui.tsx';

const name = v.pipe(v.string(), v.trim(), v.nonEmpty('Donnez un nom.'), v.maxLength(80, '80 caractères au maximum.'));
const taxonomySchema = v.strictObject({
  kind: v.picklist(['category', 'label']),
  action: v.picklist(['create', 'save', 'retire', 'restore', 'delete']),
  id: v.optional(v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number))),
  nameFr: v.optional(name),
  nameEn: v.optional(name),
  position: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^\d{1,6}$/, 'Un nombre entier (0, 10, 20…).'), v.transform(Number))),
});
type TaxonomyInput = v.InferOutput<typeof taxonomySchema>;

/**
 * Whether the public pages show the change: the names of both, and the order of categories (shelves
 * and filters follow it; labels are shown in a fixed order).
 */
function shownChange(kind: TaxonomyKind, before: TaxonomyEntry, after: TaxonomyEntry): boolean {
  return before.nameFr !== after.nameFr || before.nameEn !== after.nameEn || (kind === 'category' && before.position !== after.position);
}
const taxonomyChange = (kind: TaxonomyKind, id: number): CatalogChange =>
  kind === 'category' ? { kind: 'category', categoryId: id } : { kind: 'label', labelId: id };

export async function changeTaxonomy(db: Db, actor: Actor, f: TaxonomyInput, now: number): Promise<void> {
  const who = auditActor(actor);
  const entry = () => {
    if (f.nameFr === undefined || f.nameEn === undefined || f.position === undefined)
      throw new DomainError('VALIDATION', 'Names and position are needed.', {
        fields: [{ field: 'nameFr', message: 'Donnez les deux noms et la position.' }],
      });
    return { nameFr: f.nameFr, nameEn: f.nameEn, position: f.position };
  };
  const id = () => {
    if (f.id === undefined) throw new DomainError('VALIDATION', 'Which one?', { fields: [{ field: 'id', message: 'Élément inconnu.' }] });
    return f.id;
  };
  const audit = (subject: string, details: unknown = {}) =>
    auditStatement(db, { userId: who.userId, enterpriseId: sql`NULL`, action: `${f.kind}.${f.action}`, subject, details, at: now });
  switch (f.action) {
    case 'create': {
      const e = entry();
      const slug = uniqueSlug(slugify(e.nameFr), await taxonomySlugsLike(db, f.kind, slugify(e.nameFr)));
      await db.batch(batchOf(createTaxonomyStatement(db, f.kind, { ...e, slug }), audit(`${f.kind}:${slug}`, e)));
      return;
    }
    case 'save': {
      const e = entry();
      const before = await taxonomyEntry(db, f.kind, id());
      if (!before) throw new DomainError('VALIDATION', 'No such entry.', { fields: [{ field: 'id', message: 'Élément inconnu.' }] });
      await db.batch(
        batchOf(
          updateTaxonomyStatement(db, f.kind, id(), e),
          shownChange(f.kind, before, e) ? markStaleStatements(db, taxonomyChange(f.kind, id()), `${f.kind} ${e.nameFr}`) : [],
          audit(`${f.kind}:${id()}`, e),
        ),
      );
      return;
    }
    // Retiring takes it off the product forms only: it stays on its products and their public pages
    // (db/catalog/products.ts, catalogVocabulary), so no public page changes.
    case 'retire':
    case 'restore':
      await db.batch(batchOf(retireTaxonomyStatement(db, f.kind, id(), f.action === 'retire' ? now : null), audit(`${f.kind}:${id()}`)));
      return;
    case 'delete': {
      const [deleted] = await db.batch(batchOf(deleteUnusedTaxonomyStatement(db, f.kind, id()), audit(`${f.kind}:${id()}`)));
      if ((deleted as { rowsAffected: number }).rowsAffected === 0)
        throw new DomainError('VALIDATION', 'In use: retire it instead.', {
          fields: [
            {
              field: 'id',
              message:
                f.kind === 'category'
                  ? 'Des produits sont rangés dans cette catégorie : retirez-la plutôt (elle reste sur ces produits).'
                  : 'Des produits ou des structures portent ce label : retirez-le plutôt (il reste sur eux).',
            },
          ],
        });
      return;
    }
    default:
      return f.action satisfies never;
  }
}

const TaxonomyTable: FC<{
  l: Locale;
  csrf: string | null;
  kind: TaxonomyKind;
  rows: Awaited<ReturnType<typeof taxonomyData>>['categories'];
}> = ({ l, csrf, kind, rows }) => {
  const p = paths(l);
  const tr = translator(l);
  const fields = (r?: (typeof rows)[number]) => (
    <>
      <Csrf token={csrf} />
      <input type="hidden" name="kind" value={kind} />
      {r ? <input type="hidden" name="id" value={String(r.id)} /> : null}
      <input name="nameFr" aria-label={tr('Nom en français', 'French name')} value={r?.nameFr ?? ''} required maxlength={80} />
      <input name="nameEn" aria-label={tr('Nom en anglais', 'English name')} value={r?.nameEn ?? ''} required maxlength={80} />
      <input name="position" aria-label={tr('Position', 'Position')} value={String(r?.position ?? 0)} inputmode="numeric" size={4} />
    </>
  );
  return (
    <>
      <ul class="taxonomy">
        {rows.map((r) => (
          <li class={r.retiredAt !== null ? 'retired' : undefined}>
            <form method="post" action={p.platformTaxonomy} class="filters">
              {fields(r)}
              <small class="muted">
                {r.slug} · {tr(`${r.uses} utilisation(s)`, `${r.uses} use(s)`)}
                {r.retiredAt !== null ? tr(' · retiré', ' · retired') : ''}
              </small>
              <button type="submit" name="action" value="save">
                {tr('Enregistrer', 'Save')}
              </button>
              {r.retiredAt === null ? (
                <button type="submit" name="action" value="retire" class="secondary">
                  {tr('Retirer', 'Retire')}
                </button>
              ) : (
                <button type="submit" name="action" value="restore" class="secondary">
                  {tr('Remettre', 'Bring back')}
                </button>
              )}
              {r.uses === 0 ? (
                <button type="submit" name="action" value="delete" class="secondary">
                  {tr('Supprimer', 'Delete')}
                </button>
              ) : null}
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={p.platformTaxonomy} class="filters">
        {fields()}
        <button type="submit" name="action" value="create">
          {tr('Ajouter', 'Add')}
        </button>
      </form>
    </>
  );
};

export function taxonomyPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const page = async (c: Context<AdminEnv>, errors: FieldError[] = []) => {
    const data = await taxonomyData(databaseFor(c.env));
    if (errors.length) c.status(422);
    return c.render(
      <>
        <h1>{tr('Catégories et labels', 'Categories and labels')}</h1>
        {c.req.query('saved') ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
        <FormErrors errors={errors} l={l} />
        <p class="muted">
          {tr(
            'Un élément retiré n’est plus proposé dans les formulaires des produits, mais reste sur les produits qui l’ont.',
            'A retired entry is no longer offered on product forms, but stays on the products that have it.',
          )}
        </p>
        <h2>{tr('Catégories', 'Categories')}</h2>
        <TaxonomyTable l={l} csrf={csrfOf(c)} kind="category" rows={data.categories} />
        <h2>{tr('Labels', 'Labels')}</h2>
        <TaxonomyTable l={l} csrf={csrfOf(c)} kind="label" rows={data.labels} />
      </>,
      { title: tr('Catégories et labels', 'Categories and labels'), current: p.platformTaxonomy },
    );
  };
  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.platformTaxonomy, async (c) => {
      requirePermission(c, 'platform.administer');
      return page(c);
    })
    .post(p.platformTaxonomy, async (c) => {
      requirePermission(c, 'platform.administer');
      const f = await formStrings(c);
      const { _csrf: _, ...fields } = f;
      const done = await unlessRefused([], async () =>
        changeTaxonomy(databaseFor(c.env), c.get('actor'), parseOrThrow(taxonomySchema, fields), Date.now()),
      );
      if (!done.ok) return page(c, done.errors);
      return c.redirect(`${p.platformTaxonomy}?saved=1`, 303);
    });
}
