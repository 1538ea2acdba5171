// Producers' catalog in the back office: product list, product form (variants, labels, category),
// archive, the bulk editor for prices and stock, CSV export and import with a preview; pages and JSON.
import { Hono } from 'hono';
import * as v from 'valibot';
import { catalogVariants, catalogVocabulary, producerProduct, producerProducts } from '../../../db/catalog/products.ts';
import type { Db } from '../../../db/core/client.ts';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { catalogCsvRows, type ImportPlan } from '../../../domain/catalog-csv.ts';
import type { VariantDraft } from '../../../domain/catalog-edit.ts';
import { toCsv } from '../../../domain/csv.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatQuantity, UNIT_KINDS, type UnitKind } from '../../../domain/units.ts';
import { formatVatRate, VAT_RATES_BP } from '../../../domain/vat.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { idParamSchema, idSchema, priceCentsSchema, slugSchema, stockSchema } from '../../schemas.ts';
import { MAX_QUANTITY, MAX_UNIT_VALUE } from '../../../domain/limits.ts';
import { validate } from '../../validate.ts';
import { eurosField, parseEuros, parseOrThrow, readForm } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { publicState, PublicStatus } from '../shared/public-status.tsx';
import { AdminLayout, Csrf, errorFor, FormErrors, Notice } from '../shared/ui.tsx';
import { imageSize } from './images.ts';
import { archiveVariant, createProduct, setProductImage, importCatalogCsv, setProductArchived, updateProduct, updateVariantsInBulk, type BulkRow, type ProductInput } from './use-cases.ts';

// ---------------------------------------------------------------------------------------------
// Input schemas (JSON); the forms are mapped onto the same shapes.

const int = (msg: string) => v.pipe(v.number(msg), v.integer(msg));
const variantSchema = v.strictObject({
  id: v.optional(idSchema),
  name: v.pipe(v.string('Nom de variante attendu.'), v.trim(), v.nonEmpty('Donnez un nom à la variante.'), v.maxLength(80)),
  unitKind: v.picklist(UNIT_KINDS, 'Unité : weight, volume ou items.'),
  unitValue: v.pipe(int('Quantité entière attendue.'), v.minValue(1, 'La quantité doit être positive.'), v.maxValue(MAX_UNIT_VALUE, 'Quantité trop grande (10 000 000 g, ml ou pièces au maximum).')),
  priceCents: priceCentsSchema,
  vatRateBp: v.picklist(VAT_RATES_BP, 'Taux de TVA inconnu.'),
  onHand: v.optional(stockSchema, 0),
  onHandWas: v.optional(stockSchema),
  onDemand: v.optional(v.boolean(), false),
  maxPerOrder: v.optional(v.nullable(v.pipe(int('Maximum entier attendu.'), v.minValue(1, 'Le maximum doit être positif.'), v.maxValue(MAX_QUANTITY, `${MAX_QUANTITY} au maximum.`))), null),
});
const productSchema = v.strictObject({
  name: v.pipe(v.string('Nom attendu.'), v.trim(), v.nonEmpty('Donnez un nom au produit.'), v.maxLength(120, '120 caractères au maximum.')),
  categoryId: idSchema,
  description: v.optional(v.pipe(v.string(), v.maxLength(2000, '2 000 caractères au maximum.')), ''),
  labelIds: v.optional(v.pipe(v.array(idSchema), v.maxLength(50, '50 labels au maximum.'), v.check((ids) => new Set(ids).size === ids.length, 'Un label est choisi deux fois.')), []),
  variants: v.pipe(v.array(variantSchema), v.maxLength(50, '50 variantes au maximum.')),
});
const bulkSchema = v.strictObject({
  variants: v.pipe(
    v.array(
      v.strictObject({
        id: idSchema,
        priceCents: priceCentsSchema,
        onHand: stockSchema,
        onHandWas: v.optional(stockSchema),
        onDemand: v.boolean('Vrai ou faux attendu.'),
      }),
    ),
    v.minLength(1, 'Aucune variante à modifier.'),
    v.maxLength(5000, '5 000 variantes au maximum par envoi.'),
  ),
});

// ---------------------------------------------------------------------------------------------
// Form reading.

async function formFields(c: Ctx): Promise<Record<string, string | string[]>> {
  const body = await readForm(c, { all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, val] of Object.entries(body)) {
    if (k === '_csrf') continue;
    if (typeof val === 'string') out[k] = val;
    else if (Array.isArray(val)) out[k] = val.filter((x): x is string => typeof x === 'string');
  }
  return out;
}
const one = (f: Record<string, string | string[]>, k: string) => {
  const x = f[k];
  return (Array.isArray(x) ? x[0] : x) ?? '';
};

interface VariantForm {
  id: string;
  name: string;
  unitKind: string;
  unitValue: string;
  price: string;
  vat: string;
  onHand: string;
  onHandWas: string;
  onDemand: boolean;
  max: string;
}
interface ProductForm {
  name: string;
  categoryId: string;
  description: string;
  labelIds: string[];
  variants: VariantForm[];
}

function readProductForm(f: Record<string, string | string[]>): ProductForm {
  const variants: VariantForm[] = [];
  for (let i = 0; i < 50; i++) {
    if (!(`v${i}_name` in f)) continue;
    const row: VariantForm = {
      id: one(f, `v${i}_id`),
      name: one(f, `v${i}_name`),
      unitKind: one(f, `v${i}_unitKind`),
      unitValue: one(f, `v${i}_unitValue`),
      price: one(f, `v${i}_price`),
      vat: one(f, `v${i}_vat`),
      onHand: one(f, `v${i}_onHand`),
      onHandWas: one(f, `v${i}_onHandWas`),
      onDemand: one(f, `v${i}_onDemand`) === 'on',
      max: one(f, `v${i}_max`),
    };
    // The blank row offered for a new variant is ignored when left empty.
    if (!row.id && !row.name.trim() && !row.price.trim()) continue;
    variants.push(row);
  }
  const labels = f.labelIds;
  return { name: one(f, 'name'), categoryId: one(f, 'categoryId'), description: one(f, 'description'), labelIds: Array.isArray(labels) ? labels : labels ? [labels] : [], variants };
}

function productInputFrom(form: ProductForm): { input: ProductInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const intOr = (text: string, field: string, message: string, fallback = 0) => {
    if (/^\d{1,9}$/.test(text.trim())) return Number(text.trim());
    errors.push({ field, message });
    return fallback;
  };
  const variants = form.variants.map((r, i) => {
    const price = parseEuros(r.price);
    if (price === null) errors.push({ field: `variants.${i}.priceCents`, message: `Prix illisible « ${r.price} » : écrivez par exemple 3,50.` });
    const draft: VariantDraft & { id?: number; onHandWas?: number } = {
      name: r.name,
      unitKind: (UNIT_KINDS as readonly string[]).includes(r.unitKind) ? (r.unitKind as UnitKind) : 'items',
      unitValue: intOr(r.unitValue, `variants.${i}.unitValue`, 'Quantité par article : un nombre entier (g, ml ou pièces).'),
      priceCents: price ?? 0,
      vatRateBp: Number(r.vat),
      onHand: r.onDemand && !r.onHand.trim() ? 0 : intOr(r.onHand || '0', `variants.${i}.onHand`, 'Stock : un nombre entier positif ou nul.'),
      onDemand: r.onDemand,
      maxPerOrder: r.max.trim() ? intOr(r.max, `variants.${i}.maxPerOrder`, 'Maximum par commande : un nombre entier, ou vide.') : null,
    };
    if (r.id) draft.id = Number(r.id);
    if (r.onHandWas && /^\d+$/.test(r.onHandWas)) draft.onHandWas = Number(r.onHandWas);
    return draft;
  });
  return {
    input: { name: form.name, categoryId: Number(form.categoryId), description: form.description, labelIds: form.labelIds.map(Number).filter((n) => Number.isInteger(n) && n > 0), variants },
    errors,
  };
}

// ---------------------------------------------------------------------------------------------
// Pages.

const publicPathsOfProduct = (producerSlug: string, productSlug: string) => [publicPaths.product('fr', producerSlug, productSlug), publicPaths.product('en', producerSlug, productSlug)];
const publicPathsOfProducer = (producerSlug: string) => [publicPaths.producer('fr', producerSlug), publicPaths.producer('en', producerSlug)];

export function catalogPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const app = new Hono<AdminEnv>();

  app.get(p.products(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const db = databaseFor(c.env);
    const showArchived = c.req.query('archives') === '1';
    const [list, status] = await Promise.all([producerProducts(db, e.id, { archived: showArchived }), publicState(db, publicPathsOfProducer(e.slug))]);
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.products(e.slug) })} title={tr('Produits', 'Products')}>
        <h1>{tr('Produits', 'Products')}</h1>
        <PublicStatus status={status} l={l} />
        <p class="actions">
          <a href={p.newProduct(e.slug)}>{tr('Ajouter un produit', 'Add a product')}</a>
          <a href={p.bulk(e.slug)}>{tr('Modifier prix et stocks en masse', 'Edit prices and stock in bulk')}</a>
          <a href={showArchived ? p.products(e.slug) : `${p.products(e.slug)}?archives=1`}>{showArchived ? tr('Masquer les archivés', 'Hide archived') : tr('Voir aussi les archivés', 'Show archived too')}</a>
        </p>
        <table class="grid">
          <thead>
            <tr>
              <th>{tr('Produit', 'Product')}</th>
              <th>{tr('Catégorie', 'Category')}</th>
              <th>{tr('Variantes', 'Variants')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((prod) => (
              <tr>
                <td>
                  <a href={p.product(e.slug, prod.id)}>{prod.name}</a>
                  {prod.archivedAt ? <span class="pill stale"> {tr('archivé', 'archived')}</span> : null}
                </td>
                <td>{prod.categoryName}</td>
                <td>
                  {prod.variants
                    .filter((x) => showArchived || x.archivedAt === null)
                    .map((x) => `${x.name} — ${money(x.priceCents)} — ${x.onDemand ? tr('à la demande', 'on demand') : tr(`stock ${x.onHand}`, `stock ${x.onHand}`)}`)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </AdminLayout>,
    );
  });

  const renderProductForm = async (c: Ctx, e: { slug: string; id: number; name: string; isProducer: boolean; isHub: boolean }, productId: number | null, form: ProductForm, errors: FieldError[], saved = false) => {
    const db = databaseFor(c.env);
    const vocab = await catalogVocabulary(db);
    const existing = productId ? await producerProduct(db, e.id, productId) : null;
    const status = existing ? await publicState(db, publicPathsOfProduct(e.slug, existing.product.slug)) : null;
    const rows = [...form.variants, { id: '', name: '', unitKind: 'weight', unitValue: '', price: '', vat: '550', onHand: '0', onHandWas: '', onDemand: false, max: '' }];
    const action = productId ? p.product(e.slug, productId) : p.newProduct(e.slug);
    const csrf = frameOf(c, l).csrf;
    return (
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.products(e.slug) })} title={form.name || tr('Nouveau produit', 'New product')}>
        <p class="eyebrow">
          <a href={p.products(e.slug)}>{tr('Produits', 'Products')}</a>
        </p>
        <h1>{productId ? form.name : tr('Nouveau produit', 'New product')}</h1>
        {saved ? <Notice kind="ok">{tr('Produit enregistré. La page publique sera republiée dans un instant.', 'Product saved. The public page will be republished shortly.')}</Notice> : null}
        {status ? <PublicStatus status={status} l={l} /> : null}
        <FormErrors errors={errors} l={l} />
        <form method="post" action={action}>
          <Csrf token={csrf} />
          <div class="field">
            <label for="name">{tr('Nom du produit', 'Product name')}</label>
            <input id="name" name="name" required maxlength={120} value={form.name} aria-invalid={errorFor(errors, 'name') ? 'true' : undefined} />
          </div>
          <div class="field">
            <label for="categoryId">{tr('Catégorie', 'Category')}</label>
            <select id="categoryId" name="categoryId">
              {vocab.categories.map((cat) => (
                <option value={String(cat.id)} selected={String(cat.id) === form.categoryId}>
                  {l === 'fr' ? cat.nameFr : cat.nameEn}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="description">{tr('Description', 'Description')}</label>
            <textarea id="description" name="description" rows={3} maxlength={2000}>
              {form.description}
            </textarea>
          </div>
          <fieldset>
            <legend>{tr('Labels', 'Labels')}</legend>
            {vocab.labels.map((lab) => (
              <label class="choice">
                <input type="checkbox" name="labelIds" value={String(lab.id)} checked={form.labelIds.includes(String(lab.id))} /> {l === 'fr' ? lab.nameFr : lab.nameEn}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{tr('Variantes', 'Variants')}</legend>
            <table class="grid">
              <thead>
                <tr>
                  <th>{tr('Nom', 'Name')}</th>
                  <th>{tr('Unité', 'Unit')}</th>
                  <th>{tr('Quantité', 'Amount')}</th>
                  <th>{tr('Prix TTC (€)', 'Price incl. VAT (€)')}</th>
                  <th>{tr('TVA', 'VAT')}</th>
                  <th>{tr('Stock', 'Stock')}</th>
                  <th>{tr('À la demande', 'On demand')}</th>
                  <th>{tr('Max / commande', 'Max / order')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr>
                    <td>
                      <input type="hidden" name={`v${i}_id`} value={r.id} />
                      <input type="hidden" name={`v${i}_onHandWas`} value={r.onHandWas} />
                      <input type="text" name={`v${i}_name`} value={r.name} aria-label={tr('Nom de la variante', 'Variant name')} placeholder={r.id ? '' : tr('nouvelle variante', 'new variant')} />
                      {errorFor(errors, `variants.${i}.name`) ? <div class="row-error">{errorFor(errors, `variants.${i}.name`)}</div> : null}
                    </td>
                    <td>
                      <select name={`v${i}_unitKind`} aria-label={tr('Unité', 'Unit')}>
                        {UNIT_KINDS.map((k) => (
                          <option value={k} selected={k === r.unitKind}>
                            {{ weight: tr('poids (g)', 'weight (g)'), volume: tr('volume (ml)', 'volume (ml)'), items: tr('pièces', 'pieces') }[k]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input type="number" min="1" name={`v${i}_unitValue`} value={r.unitValue} aria-label={tr('Quantité par article', 'Amount per item')} />
                    </td>
                    <td>
                      <input type="text" inputmode="decimal" name={`v${i}_price`} value={r.price} aria-label={tr('Prix TTC', 'Price incl. VAT')} />
                      {errorFor(errors, `variants.${i}.priceCents`) ? <div class="row-error">{errorFor(errors, `variants.${i}.priceCents`)}</div> : null}
                    </td>
                    <td>
                      <select name={`v${i}_vat`} aria-label={tr('TVA', 'VAT')}>
                        {VAT_RATES_BP.map((bp) => (
                          <option value={String(bp)} selected={String(bp) === r.vat}>
                            {formatVatRate(bp, l)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input type="number" min="0" name={`v${i}_onHand`} value={r.onHand} aria-label={tr('Stock', 'Stock')} />
                    </td>
                    <td>
                      <input type="checkbox" name={`v${i}_onDemand`} checked={r.onDemand} aria-label={tr('À la demande', 'On demand')} />
                    </td>
                    <td>
                      <input type="number" min="1" name={`v${i}_max`} value={r.max} aria-label={tr('Maximum par commande', 'Maximum per order')} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          <button type="submit">{tr('Enregistrer', 'Save')}</button>
        </form>
        {existing ? (
          <section>
            <h2>{tr('Photo', 'Photo')}</h2>
            {existing.product.imageKey ? (
              <img src={`/images/${existing.product.imageKey}`} alt={existing.product.name} width={imageSize(existing.product.imageKey)?.width} height={imageSize(existing.product.imageKey)?.height} style="max-width:100%;height:auto" data-testid="product-image" />
            ) : (
              <p class="muted">{tr('Pas encore de photo.', 'No photo yet.')}</p>
            )}
            <form method="post" action={p.productImage(e.slug, existing.product.id)} enctype="multipart/form-data" class="filters">
              <Csrf token={csrf} />
              <div class="field">
                <label for="image">{tr('Nouvelle photo (JPEG, PNG ou WebP, 10 Mo au plus ; réduite à 800 px de large)', 'New photo (JPEG, PNG or WebP, 10 MB at most; reduced to 800 px wide)')}</label>
                <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp" required />
              </div>
              <button type="submit">{tr('Envoyer la photo', 'Upload the photo')}</button>
            </form>
          </section>
        ) : null}
        {existing ? (
          <div class="actions">
            {existing.variants
              .filter((x) => x.archivedAt === null)
              .map((x) => (
                <form method="post" action={p.variantArchive(e.slug, existing.product.id, x.variantId)} class="inline">
                  <Csrf token={csrf} />
                  <button type="submit" class="link">
                    {tr('Archiver la variante', 'Archive variant')} « {x.name} »
                  </button>
                </form>
              ))}
            <form method="post" action={p.productArchive(e.slug, existing.product.id)} class="inline">
              <Csrf token={csrf} />
              <input type="hidden" name="archived" value={existing.product.archivedAt ? '0' : '1'} />
              <button type="submit">{existing.product.archivedAt ? tr('Rétablir le produit', 'Restore product') : tr('Archiver le produit', 'Archive product')}</button>
            </form>
          </div>
        ) : null}
      </AdminLayout>
    );
  };

  const formOf = (found: NonNullable<Awaited<ReturnType<typeof producerProduct>>>): ProductForm => ({
    name: found.product.name,
    categoryId: String(found.product.categoryId),
    description: found.product.description,
    labelIds: found.labelIds.map(String),
    variants: found.variants
      .filter((x) => x.archivedAt === null)
      .map((x) => ({
        id: String(x.variantId),
        name: x.name,
        unitKind: x.unitKind,
        unitValue: String(x.unitValue),
        price: eurosField(x.priceCents, l),
        vat: String(x.vatRateBp),
        onHand: String(x.onHand),
        onHandWas: String(x.onHand),
        onDemand: x.onDemand,
        max: x.maxPerOrder === null ? '' : String(x.maxPerOrder),
      })),
  });

  app.get(p.newProduct(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    return c.html(await renderProductForm(c, e, null, { name: '', categoryId: '1', description: '', labelIds: [], variants: [] }, []));
  });
  app.post(p.newProduct(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const form = readProductForm(await formFields(c));
    const { input, errors } = productInputFrom(form);
    try {
      if (errors.length) throw new DomainError('VALIDATION', 'Invalid product.', { fields: errors });
      const id = await createProduct({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, input, now: Date.now() });
      return c.redirect(`${p.product(e.slug, id)}?saved=1`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'VALIDATION') return c.html(await renderProductForm(c, e, null, form, err.fields), 422);
      throw err;
    }
  });
  app.get(p.product(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const found = await producerProduct(databaseFor(c.env), e.id, id);
    if (!found) throw new DomainError('NOT_FOUND', tr('Ce produit n’existe pas dans votre catalogue.', 'No such product in your catalog.'));
    return c.html(await renderProductForm(c, e, id, formOf(found), [], c.req.query('saved') === '1'));
  });
  app.post(p.product(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const form = readProductForm(await formFields(c));
    const { input, errors } = productInputFrom(form);
    try {
      if (errors.length) throw new DomainError('VALIDATION', 'Invalid product.', { fields: errors });
      await updateProduct({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, productId: id, input, now: Date.now() });
      return c.redirect(`${p.product(e.slug, id)}?saved=1`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'VALIDATION') return c.html(await renderProductForm(c, e, id, form, err.fields), 422);
      throw err;
    }
  });
  app.post(p.productArchive(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const archived = one(await formFields(c), 'archived') !== '0';
    await setProductArchived({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, productId: id, archived, now: Date.now() });
    return c.redirect(p.product(e.slug, id), 303);
  });
  app.post(p.productImage(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const file = (await readForm(c)).image;
    const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    await setProductImage({ db: databaseFor(c.env), bucket: c.env.IMAGES, actor: c.get('actor'), producer: e, productId: id, bytes, now: Date.now() });
    return c.redirect(`${p.product(e.slug, id)}?saved=1`, 303);
  });
  app.post(p.variantArchive(':ent', ':id', ':vid'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const vid = parseOrThrow(idParamSchema, param(c, 'vid'));
    await archiveVariant({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, productId: id, variantId: vid, now: Date.now() });
    return c.redirect(p.product(e.slug, id), 303);
  });

  // Bulk editor: every active variant on one screen, saved in one request.
  const renderBulk = async (c: Ctx, e: { id: number; slug: string; name: string; isProducer: boolean; isHub: boolean }, opts: { saved?: number; errors?: FieldError[]; typed?: Record<string, string | string[]>; status?: number } = {}) => {
    const db = databaseFor(c.env);
    const [list, status] = await Promise.all([catalogVariants(db, e.id), publicState(db, publicPathsOfProducer(e.slug))]);
    const typed = opts.typed;
    const errs = opts.errors ?? [];
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.bulk(e.slug) })} title={tr('Prix et stocks', 'Prices and stock')}>
        <h1>{tr('Prix et stocks', 'Prices and stock')}</h1>
        <PublicStatus status={status} l={l} />
        {opts.saved !== undefined ? (
          <Notice kind="ok">
            <span data-testid="bulk-saved">{tr(`${opts.saved} variante(s) mise(s) à jour.`, `${opts.saved} variant(s) updated.`)}</span>
          </Notice>
        ) : null}
        <FormErrors errors={errs} l={l} />
        <p class="muted">{tr('Prix TTC en euros. Le stock saisi remplace celui affiché ; les commandes passées entre-temps restent décomptées.', 'Prices include VAT, in euros. The stock you type replaces the one shown; orders placed meanwhile stay counted.')}</p>
        <form method="post" action={p.bulk(e.slug)} id="bulk-form">
          <Csrf token={frameOf(c, l).csrf} />
          <table class="grid">
            <thead>
              <tr>
                <th>{tr('Produit', 'Product')}</th>
                <th>{tr('Variante', 'Variant')}</th>
                <th class="num">{tr('Prix TTC (€)', 'Price (€)')}</th>
                <th class="num">{tr('Stock', 'Stock')}</th>
                <th>{tr('À la demande', 'On demand')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => {
                const t = (k: string, dflt: string) => (typed ? one(typed, `${k}_${x.variantId}`) || (k === 'demand' ? '' : dflt) : dflt);
                return (
                  <tr data-variant-id={String(x.variantId)}>
                    <td>{x.productName}</td>
                    <td>
                      {x.name} <small class="muted">{formatQuantity(x.unitKind, x.unitValue, l)}</small>
                    </td>
                    <td class="num">
                      <input type="text" inputmode="decimal" name={`price_${x.variantId}`} value={t('price', eurosField(x.priceCents, l))} aria-label={tr(`Prix de ${x.productName} — ${x.name}`, `Price of ${x.productName} — ${x.name}`)} />
                    </td>
                    <td class="num">
                      <input type="hidden" name={`was_${x.variantId}`} value={String(x.onHand)} />
                      <input type="number" min="0" name={`stock_${x.variantId}`} value={t('stock', String(x.onHand))} aria-label={tr(`Stock de ${x.productName} — ${x.name}`, `Stock of ${x.productName} — ${x.name}`)} />
                    </td>
                    <td>
                      <input type="checkbox" name={`demand_${x.variantId}`} checked={typed ? one(typed, `demand_${x.variantId}`) === 'on' : x.onDemand} aria-label={tr(`${x.productName} — ${x.name} à la demande`, `${x.productName} — ${x.name} on demand`)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="actions">
            <button type="submit">{tr('Enregistrer les modifications', 'Save changes')}</button> <span id="bulk-count" aria-live="polite"></span>
          </p>
        </form>
        <script src={paths('fr').asset('bulk-edit.js')} defer></script>
      </AdminLayout>,
      (opts.status ?? 200) as 200,
    );
  };

  app.get(p.bulk(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const saved = c.req.query('saved');
    return renderBulk(c, e, saved !== undefined && /^\d+$/.test(saved) ? { saved: Number(saved) } : {});
  });
  app.post(p.bulk(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const f = await formFields(c);
    const rows: BulkRow[] = [];
    const errors: FieldError[] = [];
    for (const key of Object.keys(f)) {
      const m = /^price_(\d+)$/.exec(key);
      if (!m) continue;
      const id = Number(m[1]);
      const price = parseEuros(one(f, key));
      const stockText = one(f, `stock_${id}`).trim();
      const onDemand = one(f, `demand_${id}`) === 'on';
      if (price === null) errors.push({ field: `price_${id}`, message: tr(`Prix illisible « ${one(f, key)} » (variante ${id}) : écrivez par exemple 3,50.`, `Unreadable price "${one(f, key)}" (variant ${id}): write e.g. 3.50.`) });
      if (!onDemand && !/^\d{1,7}$/.test(stockText)) errors.push({ field: `stock_${id}`, message: tr(`Stock illisible « ${stockText} » (variante ${id}) : un nombre entier.`, `Unreadable stock "${stockText}" (variant ${id}): a whole number.`) });
      const was = one(f, `was_${id}`);
      rows.push({ id, priceCents: price ?? 0, onHand: /^\d+$/.test(stockText) ? Number(stockText) : 0, onHandWas: /^\d+$/.test(was) ? Number(was) : undefined, onDemand });
    }
    if (errors.length) return renderBulk(c, e, { errors, typed: f, status: 422 });
    if (rows.length === 0) return c.redirect(`${p.bulk(e.slug)}?saved=0`, 303);
    const { updated } = await updateVariantsInBulk({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, rows, now: Date.now() });
    return c.redirect(`${p.bulk(e.slug)}?saved=${updated}`, 303);
  });

  // CSV export and import.
  app.get(p.csvExport(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    return csvResponse(await catalogCsv(databaseFor(c.env), e.id), `catalogue-${e.slug}.csv`);
  });

  const renderImport = async (c: Ctx, e: { id: number; slug: string; name: string; isProducer: boolean; isHub: boolean }, result?: ImportPlan & { applied: boolean }, csv = '') => {
    const csrf = frameOf(c, l).csrf;
    const status = await publicState(databaseFor(c.env), publicPathsOfProducer(e.slug));
    const action: Record<string, string> = { create: tr('ajout', 'new'), update: tr('modification', 'change'), unchanged: tr('inchangé', 'unchanged') };
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.csvImport(e.slug) })} title={tr('Import / export du catalogue', 'Catalog import / export')}>
        <h1>{tr('Import / export du catalogue', 'Catalog import / export')}</h1>
        <PublicStatus status={status} l={l} />
        <p>
          <a href={p.csvExport(e.slug)} download>
            {tr('Télécharger le catalogue (CSV)', 'Download the catalog (CSV)')}
          </a>{' '}
          <span class="muted">{tr('— s’ouvre dans un tableur ; modifiez, enregistrez en CSV, puis importez-le ci-dessous.', '— opens in a spreadsheet; edit, save as CSV, then import it below.')}</span>
        </p>
        {result?.applied ? (
          <Notice kind="ok">
            <span data-testid="import-applied">{tr(`Import enregistré : ${result.counts.create} ajout(s), ${result.counts.update} modification(s).`, `Import saved: ${result.counts.create} added, ${result.counts.update} changed.`)}</span>
          </Notice>
        ) : null}
        {result && !result.applied ? (
          <>
            <h2>{tr('Aperçu de l’import', 'Import preview')}</h2>
            {result.errors.length ? (
              <Notice kind="bad">
                <p>
                  <strong>{tr(`${result.errors.length} erreur(s) : rien n’a été enregistré. Corrigez le fichier et réessayez.`, `${result.errors.length} error(s): nothing was saved. Fix the file and try again.`)}</strong>
                </p>
                <ul class="errors" data-testid="import-errors">
                  {result.errors.map((x) => (
                    <li>
                      {tr('Ligne', 'Line')} {x.line}
                      {x.column ? ` (${x.column})` : ''} : {x.message}
                    </li>
                  ))}
                </ul>
              </Notice>
            ) : (
              <Notice kind="warn">{tr(`Rien n’est encore enregistré : ${result.counts.create} ajout(s), ${result.counts.update} modification(s), ${result.counts.unchanged} inchangée(s).`, `Nothing saved yet: ${result.counts.create} new, ${result.counts.update} changed, ${result.counts.unchanged} unchanged.`)}</Notice>
            )}
            <table class="grid">
              <thead>
                <tr>
                  <th>{tr('Ligne', 'Line')}</th>
                  <th>{tr('Action', 'Action')}</th>
                  <th>{tr('Produit', 'Product')}</th>
                  <th>{tr('Détail', 'Details')}</th>
                </tr>
              </thead>
              <tbody>
                {result.rows
                  .filter((r) => r.action !== 'unchanged')
                  .map((r) => (
                    <tr>
                      <td>{r.line}</td>
                      <td>{action[r.action]}</td>
                      <td>{r.productName}</td>
                      <td>{r.action === 'update' ? r.changes.join(' ; ') : r.action === 'create' ? `${r.variant.name} — ${money(r.variant.priceCents)}` : ''}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
            {result.errors.length === 0 && result.counts.create + result.counts.update > 0 ? (
              <form method="post" action={p.csvImport(e.slug)}>
                <Csrf token={csrf} />
                <input type="hidden" name="apply" value="1" />
                <textarea name="csv" hidden>
                  {csv}
                </textarea>
                <button type="submit">{tr('Confirmer l’import', 'Confirm the import')}</button>
              </form>
            ) : null}
          </>
        ) : null}
        <h2>{tr('Importer un fichier', 'Import a file')}</h2>
        <form method="post" action={p.csvImport(e.slug)} enctype="multipart/form-data">
          <Csrf token={csrf} />
          <div class="field">
            <label for="file">{tr('Fichier CSV', 'CSV file')}</label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" required />
          </div>
          <button type="submit">{tr('Voir l’aperçu', 'Preview')}</button>
        </form>
      </AdminLayout>,
      result && result.errors.length ? 422 : 200,
    );
  };

  app.get(p.csvImport(':ent'), async (c) => renderImport(c, await requireEnterprise(c, param(c, 'ent'), 'catalog.edit')));
  app.post(p.csvImport(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
    const body = await readForm(c);
    const file = body.file;
    const csv = file instanceof File ? await file.text() : typeof body.csv === 'string' ? body.csv : '';
    if (csv.length > 5_000_000) throw new DomainError('VALIDATION', 'File too large.', { fields: [{ field: 'file', message: tr('Fichier trop gros (5 Mo au maximum).', 'File too large (5 MB at most).') }] });
    const result = await importCatalogCsv({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, csv, apply: body.apply === '1', now: Date.now() });
    return renderImport(c, e, result, csv);
  });

  return app;
}

export async function catalogCsv(db: Db, producerId: number): Promise<string> {
  return toCsv(catalogCsvRows(await catalogVariants(db, producerId)));
}

export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'private, no-store' } });
}

// ---------------------------------------------------------------------------------------------
// JSON API.

const entParam = validate('param', v.object({ ent: slugSchema }));
const productParam = validate('param', v.object({ ent: slugSchema, id: idParamSchema }));

export const catalogApi = new Hono<AdminEnv>()
  .get('/producers/:ent/products', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    return c.json({ products: await producerProducts(databaseFor(c.env), e.id, { archived: c.req.query('archived') === 'true' }) });
  })
  .post('/producers/:ent/products', entParam, validate('json', productSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    const id = await createProduct({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, input: c.req.valid('json'), now: Date.now() });
    return c.json({ id }, 201, { location: `/api/manage/producers/${e.slug}/products/${id}` });
  })
  .get('/producers/:ent/products/:id', productParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    const found = await producerProduct(databaseFor(c.env), e.id, c.req.valid('param').id);
    if (!found) throw new DomainError('NOT_FOUND', 'No such product in this catalog.');
    return c.json(found);
  })
  .put('/producers/:ent/products/:id', productParam, validate('json', productSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    await updateProduct({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, productId: c.req.valid('param').id, input: c.req.valid('json'), now: Date.now() });
    return c.json(await producerProduct(databaseFor(c.env), e.id, c.req.valid('param').id));
  })
  .post('/producers/:ent/products/:id/archive', productParam, validate('json', v.strictObject({ archived: v.boolean() })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    await setProductArchived({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, productId: c.req.valid('param').id, archived: c.req.valid('json').archived, now: Date.now() });
    return c.body(null, 204);
  })
  .put('/producers/:ent/products/:id/image', productParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(await setProductImage({ db: databaseFor(c.env), bucket: c.env.IMAGES, actor: c.get('actor'), producer: e, productId: c.req.valid('param').id, bytes, now: Date.now() }));
  })
  .delete('/producers/:ent/products/:id/variants/:vid', validate('param', v.object({ ent: slugSchema, id: idParamSchema, vid: idParamSchema })), async (c) => {
    const { ent, id, vid } = c.req.valid('param');
    const e = await requireEnterprise(c, ent, 'catalog.edit');
    await archiveVariant({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, productId: id, variantId: vid, now: Date.now() });
    return c.body(null, 204);
  })
  .patch('/producers/:ent/variants', entParam, validate('json', bulkSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    return c.json(await updateVariantsInBulk({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, rows: c.req.valid('json').variants, now: Date.now() }));
  })
  .get('/producers/:ent/catalog.csv', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    return csvResponse(await catalogCsv(databaseFor(c.env), e.id), `catalogue-${e.slug}.csv`);
  })
  .post('/producers/:ent/catalog/import', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    const csv = await c.req.text();
    if (csv.length > 5_000_000) throw new DomainError('VALIDATION', 'The file is larger than 5 MB.');
    const apply = c.req.query('apply') === 'true';
    const result = await importCatalogCsv({ db: databaseFor(c.env), actor: c.get('actor'), producer: e, csv, apply, now: Date.now() });
    if (result.errors.length) {
      throw new DomainError('VALIDATION', `The file has ${result.errors.length} invalid row(s); nothing was saved.`, {
        fields: result.errors.map((x) => ({ field: `line.${x.line}${x.column ? `.${x.column}` : ''}`, message: x.message })),
        details: { rows: result.errors },
      });
    }
    return c.json({ applied: result.applied, counts: result.counts, rows: result.rows }, result.applied ? 200 : 200);
  });
