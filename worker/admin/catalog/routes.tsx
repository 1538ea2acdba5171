// Producers' catalog pages in the back office: product list, product form (variants, labels, photo),
// archive, the bulk editor for prices and stock, CSV export and import with a preview.
import { Hono } from 'hono';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';
import { idParamSchema } from '../../schemas.ts';
import { countQuery, parseOrThrow, unlessRefused, writeContext, type FormFields } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { ADMIN_BASE, paths, translator, type Locale } from '../shared/paths.ts';
import { BulkPage, ImportPage } from './bulk-views.tsx';
import { csvResponse } from '../shared/assets.ts';
import { catalogCsv, importCatalogCsv, type ImportResult } from './csv.ts';
import {
  NEW_PRODUCT,
  productFormOf,
  readArchived,
  readBulkForm,
  readImage,
  readImportForm,
  readProductForm,
  type ProductForm,
} from './form.ts';
import {
  archiveVariant,
  bulkPage,
  createProduct,
  producerPublicState,
  productPage,
  productsPage,
  setProductArchived,
  setProductImage,
  updateProduct,
  updateVariantsInBulk,
} from './use-cases.ts';
import { ProductPage, ProductsPage } from './views.tsx';

// The reports' CSV downloads answer the same way; they import it from here.

export function catalogPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const producer = (c: Ctx) => requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
  const productId = (c: Ctx) => parseOrThrow(idParamSchema, param(c, 'id'));
  type Producer = Awaited<ReturnType<typeof producer>>;

  /** The product form, new (id null) or stored; after a refusal, with what was typed and the messages. */
  const productForm = async (
    c: Ctx,
    e: Producer,
    id: number | null,
    shown: { form?: ProductForm; errors?: FieldError[]; saved?: boolean } = {},
  ) => {
    const data = await productPage(databaseFor(c.env), e, id);
    const form = shown.form ?? (data.existing ? productFormOf(data.existing, l) : null);
    if (!form) throw new DomainError('NOT_FOUND', tr('Ce produit n’existe pas dans votre catalogue.', 'No such product in your catalog.'));
    const errors = shown.errors ?? [];
    if (errors.length) c.status(422);
    return c.render(
      <ProductPage
        l={l}
        slug={e.slug}
        csrf={csrfOf(c)}
        productId={id}
        form={form}
        errors={errors}
        saved={shown.saved ?? false}
        data={data}
      />,
      {
        title: form.name || tr('Nouveau produit', 'New product'),
        enterprise: e,
        current: p.products(e.slug),
      },
    );
  };

  const bulkForm = async (c: Ctx, e: Producer, shown: { saved?: number | undefined; errors?: FieldError[]; typed?: FormFields } = {}) => {
    const data = await bulkPage(databaseFor(c.env), e);
    if (shown.errors?.length) c.status(422);
    return c.render(<BulkPage l={l} slug={e.slug} csrf={csrfOf(c)} {...data} {...shown} />, {
      title: tr('Prix et stocks', 'Prices and stock'),
      enterprise: e,
      current: p.bulk(e.slug),
    });
  };

  const importPage = async (c: Ctx, e: Producer, shown: { result?: ImportResult; csv?: string } = {}) => {
    const status = await producerPublicState(databaseFor(c.env), e.slug);
    if (shown.result?.errors.length) c.status(422);
    return c.render(<ImportPage l={l} slug={e.slug} csrf={csrfOf(c)} status={status} result={shown.result} csv={shown.csv ?? ''} />, {
      title: tr('Import / export du catalogue', 'Catalog import / export'),
      enterprise: e,
      current: p.csvImport(e.slug),
    });
  };

  return new Hono<AdminEnv>()
    .use(`${ADMIN_BASE[l]}/*`, adminLayout(l))
    .get(p.products(':ent'), async (c) => {
      const e = await producer(c);
      const showArchived = c.req.query('archives') === '1';
      const data = await productsPage(databaseFor(c.env), e, showArchived);
      return c.render(<ProductsPage l={l} slug={e.slug} showArchived={showArchived} {...data} />, {
        title: tr('Produits', 'Products'),
        enterprise: e,
        current: p.products(e.slug),
      });
    })
    .get(p.newProduct(':ent'), async (c) => productForm(c, await producer(c), null, { form: NEW_PRODUCT }))
    .post(p.newProduct(':ent'), async (c) => {
      const e = await producer(c);
      const { form, input, errors } = await readProductForm(c);
      const done = await unlessRefused(errors, () => createProduct({ ...writeContext(c), producer: e, input }));
      if (!done.ok) return productForm(c, e, null, { form, errors: done.errors });
      return c.redirect(`${p.product(e.slug, done.value)}?saved=1`, 303);
    })
    .get(p.product(':ent', ':id'), async (c) => productForm(c, await producer(c), productId(c), { saved: c.req.query('saved') === '1' }))
    .post(p.product(':ent', ':id'), async (c) => {
      const e = await producer(c);
      const id = productId(c);
      const { form, input, errors } = await readProductForm(c);
      const done = await unlessRefused(errors, () => updateProduct({ ...writeContext(c), producer: e, productId: id, input }));
      if (!done.ok) return productForm(c, e, id, { form, errors: done.errors });
      return c.redirect(`${p.product(e.slug, id)}?saved=1`, 303);
    })
    .post(p.productArchive(':ent', ':id'), async (c) => {
      const e = await producer(c);
      const id = productId(c);
      await setProductArchived({ ...writeContext(c), producer: e, productId: id, archived: await readArchived(c) });
      return c.redirect(p.product(e.slug, id), 303);
    })
    .post(p.productImage(':ent', ':id'), async (c) => {
      const e = await producer(c);
      const id = productId(c);
      await setProductImage({
        ...writeContext(c),
        bucket: c.env.IMAGES,
        photos: c.env.PHOTOS,
        producer: e,
        productId: id,
        bytes: await readImage(c),
      });
      return c.redirect(`${p.product(e.slug, id)}?saved=1`, 303);
    })
    .post(p.variantArchive(':ent', ':id', ':vid'), async (c) => {
      const e = await producer(c);
      const id = productId(c);
      const vid = parseOrThrow(idParamSchema, param(c, 'vid'));
      await archiveVariant({ ...writeContext(c), producer: e, productId: id, variantId: vid });
      return c.redirect(p.product(e.slug, id), 303);
    })
    .get(p.bulk(':ent'), async (c) => bulkForm(c, await producer(c), { saved: countQuery(c.req.query('saved')) }))
    .post(p.bulk(':ent'), async (c) => {
      const e = await producer(c);
      const { rows, typed, errors } = await readBulkForm(c, tr);
      if (errors.length) return bulkForm(c, e, { errors, typed });
      if (rows.length === 0) return c.redirect(`${p.bulk(e.slug)}?saved=0`, 303);
      const { updated } = await updateVariantsInBulk({ ...writeContext(c), producer: e, rows });
      return c.redirect(`${p.bulk(e.slug)}?saved=${updated}`, 303);
    })
    .get(p.csvExport(':ent'), async (c) => {
      const e = await producer(c);
      return csvResponse(await catalogCsv(databaseFor(c.env), e.id), `catalogue-${e.slug}.csv`);
    })
    .get(p.csvImport(':ent'), async (c) => importPage(c, await producer(c)))
    .post(p.csvImport(':ent'), async (c) => {
      const e = await producer(c);
      const { csv, apply } = await readImportForm(c, tr);
      return importPage(c, e, { result: await importCatalogCsv({ ...writeContext(c), producer: e, csv, apply }), csv });
    });
}
