// The catalog's pages: the product list and the product form (variants, labels, photo, archive).
// The bulk editor and the CSV import are in bulk-views.tsx.
import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { UNIT_KINDS } from '../../../domain/units.ts';
import { formatVatRate, VAT_RATES_BP } from '../../../domain/vat.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { PublicStatus } from '../shared/public-status.tsx';
import { Csrf, errorFor, FormErrors, Notice } from '../shared/ui.tsx';
import { BLANK_VARIANT, type ProductForm, type VariantForm } from './form.ts';
import { PhotoSection } from '../shared/photo-section.tsx';
import type { ProductPageData, productsPage } from './use-cases.ts';

interface Page {
  l: Locale;
  slug: string;
}

export const ProductsPage: FC<Page & Awaited<ReturnType<typeof productsPage>> & { showArchived: boolean }> = ({
  l,
  slug,
  list,
  status,
  showArchived,
}) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Produits', 'Products')}</h1>
      <PublicStatus status={status} l={l} />
      <p class="actions">
        <a href={p.newProduct(slug)}>{tr('Ajouter un produit', 'Add a product')}</a>
        <a href={p.bulk(slug)}>{tr('Modifier prix et stocks en masse', 'Edit prices and stock in bulk')}</a>
        <a href={showArchived ? p.products(slug) : `${p.products(slug)}?archives=1`}>
          {showArchived ? tr('Masquer les archivés', 'Hide archived') : tr('Voir aussi les archivés', 'Show archived too')}
        </a>
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
                <a href={p.product(slug, prod.id)}>{prod.name}</a>
                {prod.archivedAt ? <span class="pill stale"> {tr('archivé', 'archived')}</span> : null}
              </td>
              <td>{prod.categoryName}</td>
              <td>
                {prod.variants
                  .filter((x) => showArchived || x.archivedAt === null)
                  .map(
                    (x) =>
                      `${x.name} — ${formatMoney(x.priceCents, l)} — ${x.onDemand ? tr('à la demande', 'on demand') : tr(`stock ${x.onHand}`, `stock ${x.onHand}`)}`,
                  )
                  .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
};

/** The product form: its fields, the table of variants with a blank row to add one; then, once the product exists, its photo and archive buttons. */
export const ProductPage: FC<
  Page & { csrf: string | null; productId: number | null; form: ProductForm; errors: FieldError[]; saved: boolean; data: ProductPageData }
> = ({ l, slug, csrf, productId, form, errors, saved, data }) => {
  const p = paths(l);
  const tr = translator(l);
  const { vocab, existing, status } = data;
  return (
    <>
      <p class="eyebrow">
        <a href={p.products(slug)}>{tr('Produits', 'Products')}</a>
      </p>
      <h1>{productId ? form.name : tr('Nouveau produit', 'New product')}</h1>
      {saved ? (
        <Notice kind="ok">
          {tr(
            'Produit enregistré. La page publique sera republiée dans un instant.',
            'Product saved. The public page will be republished shortly.',
          )}
        </Notice>
      ) : null}
      {status ? <PublicStatus status={status} l={l} /> : null}
      <FormErrors errors={errors} l={l} />
      <form method="post" action={productId ? p.product(slug, productId) : p.newProduct(slug)}>
        <Csrf token={csrf} />
        <div class="field">
          <label for="name">{tr('Nom du produit', 'Product name')}</label>
          <input
            id="name"
            name="name"
            required
            maxlength={120}
            value={form.name}
            aria-invalid={errorFor(errors, 'name') ? 'true' : undefined}
          />
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
              <input type="checkbox" name="labelIds" value={String(lab.id)} checked={form.labelIds.includes(String(lab.id))} />{' '}
              {l === 'fr' ? lab.nameFr : lab.nameEn}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{tr('Variantes', 'Variants')}</legend>
          <VariantTable l={l} rows={[...form.variants, BLANK_VARIANT]} errors={errors} />
        </fieldset>
        <button type="submit">{tr('Enregistrer', 'Save')}</button>
      </form>
      {existing ? <ProductPhoto l={l} slug={slug} csrf={csrf} product={existing.product} /> : null}
      {existing ? <ProductArchive l={l} slug={slug} csrf={csrf} existing={existing} /> : null}
    </>
  );
};

/** One row per variant (fields v<i>_…), each with the messages of its fields. */
const VariantTable: FC<{ l: Locale; rows: VariantForm[]; errors: FieldError[] }> = ({ l, rows, errors }) => {
  const tr = translator(l);
  return (
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
              <input
                type="text"
                name={`v${i}_name`}
                value={r.name}
                aria-label={tr('Nom de la variante', 'Variant name')}
                placeholder={r.id ? '' : tr('nouvelle variante', 'new variant')}
              />
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
              <input
                type="number"
                min="1"
                name={`v${i}_unitValue`}
                value={r.unitValue}
                aria-label={tr('Quantité par article', 'Amount per item')}
              />
            </td>
            <td>
              <input type="text" inputmode="decimal" name={`v${i}_price`} value={r.price} aria-label={tr('Prix TTC', 'Price incl. VAT')} />
              {errorFor(errors, `variants.${i}.priceCents`) ? (
                <div class="row-error">{errorFor(errors, `variants.${i}.priceCents`)}</div>
              ) : null}
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
  );
};

type Existing = NonNullable<ProductPageData['existing']>;

const ProductPhoto: FC<Page & { csrf: string | null; product: Existing['product'] }> = ({ l, slug, csrf, product }) => {
  const tr = translator(l);
  return (
    <PhotoSection
      l={l}
      csrf={csrf}
      heading={tr('Photo', 'Photo')}
      photoKey={product.imageKey}
      alt={product.name}
      testId="product-image"
      action={paths(l).productImage(slug, product.id)}
      fileLabel={tr(
        'Nouvelle photo (JPEG, PNG ou WebP, 10 Mo au plus ; réduite à 800 px de large)',
        'New photo (JPEG, PNG or WebP, 10 MB at most; reduced to 800 px wide)',
      )}
    />
  );
};

/** A button per active variant to archive it, and one to archive (or restore) the product. */
const ProductArchive: FC<Page & { csrf: string | null; existing: Existing }> = ({ l, slug, csrf, existing }) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <div class="actions">
      {existing.variants
        .filter((x) => x.archivedAt === null)
        .map((x) => (
          <form method="post" action={p.variantArchive(slug, existing.product.id, x.variantId)} class="inline">
            <Csrf token={csrf} />
            <button type="submit" class="link">
              {tr('Archiver la variante', 'Archive variant')} « {x.name} »
            </button>
          </form>
        ))}
      <form method="post" action={p.productArchive(slug, existing.product.id)} class="inline">
        <Csrf token={csrf} />
        <input type="hidden" name="archived" value={existing.product.archivedAt ? '0' : '1'} />
        <button type="submit">
          {existing.product.archivedAt ? tr('Rétablir le produit', 'Restore product') : tr('Archiver le produit', 'Archive product')}
        </button>
      </form>
    </div>
  );
};
