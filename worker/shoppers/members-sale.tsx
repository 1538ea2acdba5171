// A members-only sale's own page, rendered by the worker for the signed-in member who holds its tag
// (/compte/ventes/<hub>/<cycle>/, /en/account/sales/<hub>/<cycle>/): its shelves at their members'
// prices, an add form per row that works without JavaScript, the cart and the way to the shop's
// checkout. Anyone else (signed out, or without the tag) gets the same 404 as for a sale that does not
// exist, so the page says nothing of the sale to them. No static page is ever built for such a sale.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { memberSale } from '../../db/catalog/shop.ts';
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { isOpenAt } from '../../domain/cycles.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import { isSoldOut } from '../../domain/offers.ts';
import { esc } from '../../site/lib/html.ts';
import { formatters, messages } from '../../site/lib/i18n.ts';
import { renderBreakdownRows, renderShelfCategories, shelfOf } from '../../site/lib/render-shelf.ts';
import { formStrings } from '../admin/shared/forms.ts';
import { CSRF_FIELD } from '../auth/guard.ts';
import { databaseFor } from '../db.ts';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { idParamSchema, slugSchema } from '../schemas.ts';
import { changeCartLine, openCart, readCart } from '../use-cases/carts.ts';
import { memberSalePath, shelfGroups } from './members-view.ts';
import { accountPaths } from './paths.ts';
import type { ShopperEnv } from './session.ts';
import { AccountFrame, tr } from './views.tsx';

const CART_ID = /^cart_[0-9A-Za-z]{22}$/;
const params = v.strictObject({ hub: slugSchema, cycle: idParamSchema });
const addForm = v.object({
  variantId: idParamSchema,
  quantity: v.pipe(v.string(), v.regex(/^[1-9][0-9]?$/, 'Indiquez une quantité de 1 à 99.'), v.transform(Number)),
  cart: v.optional(v.string()),
});

type Sale = Awaited<ReturnType<typeof memberSale>>;
type CartView = Awaited<ReturnType<typeof readCart>>;

/** The cart's id in the page's address: `panier` in French, `cart` in English (the checkout reads the same). */
const cartParam = (l: Lang) => (l === 'fr' ? 'panier' : 'cart');

export function memberSaleRoutes(l: Lang) {
  const base = l === 'fr' ? '/compte/ventes/:hub/:cycle/' : '/en/account/sales/:hub/:cycle/';
  const app = new Hono<ShopperEnv>();

  /** The sale as this shopper may shop it, or null: signed out, no such members' sale, or not their tag. */
  const saleFor = async (c: Context<ShopperEnv>) => {
    const shopper = c.get('shopper');
    const p = v.safeParse(params, c.req.param());
    if (!shopper || !p.success) return null;
    const found = await memberSale(databaseFor(c.env), p.output.hub, Number(p.output.cycle), shopper.email);
    return found.hub && found.sale ? { ...found, hub: found.hub, sale: found.sale, email: shopper.email, csrf: shopper.csrf } : null;
  };

  /** The cart of this sale the address names, if it is this member's to fill (same shop and sale, not ordered). */
  const cartOf = async (c: Context<ShopperEnv>, id: string | undefined, s: NonNullable<Awaited<ReturnType<typeof saleFor>>>) => {
    if (!id || !CART_ID.test(id)) return null;
    const cart = await readCart({ db: databaseFor(c.env), cartId: id, now: Date.now(), member: s.email }).catch((err) =>
      err instanceof DomainError && err.code === 'NOT_FOUND' ? null : Promise.reject(err),
    );
    return cart && cart.hub.slug === s.hub.slug && cart.cycle.id === s.sale.cycleId && !cart.ordered ? cart : null;
  };

  app.get(base, async (c) => {
    const s = await saleFor(c);
    if (!s) return c.html(<NotFoundPage />, 404);
    const cart = await cartOf(c, c.req.query(cartParam(l)), s);
    return c.html(<MemberSalePage l={l} s={s} cart={cart} added={c.req.query('ajout') === '1'} />);
  });

  // Without JavaScript: add to the sale's cart (opened on the first add), then back to the page with it.
  app.post(base, async (c) => {
    const s = await saleFor(c);
    if (!s) return c.html(<NotFoundPage />, 404);
    const form = await formStrings(c);
    const db = databaseFor(c.env);
    const now = Date.now();
    let cart = await cartOf(c, form.cart, s);
    const parsed = v.safeParse(addForm, form);
    const t = tr(l);
    if (!parsed.success)
      return c.html(
        <MemberSalePage l={l} s={s} cart={cart} error={t('Indiquez une quantité de 1 à 99.', 'Enter a quantity from 1 to 99.')} />,
        422,
      );
    try {
      const cartId = cart?.id ?? (await openCart({ db, hubSlug: s.hub.slug, cycleId: s.sale.cycleId, now, member: s.email })).id;
      cart = await changeCartLine({
        db,
        cartId,
        variantId: Number(parsed.output.variantId),
        quantity: parsed.output.quantity,
        mode: 'add',
        now,
        member: s.email,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const message = l === 'fr' ? (err.fields[0]?.message ?? err.message) : err.message;
      return c.html(<MemberSalePage l={l} s={s} cart={cart} error={message} />, err.code === 'CYCLE_CLOSED' ? 409 : 422);
    }
    return c.redirect(`${memberSalePath(l, s.hub.slug, s.sale.cycleId)}?${cartParam(l)}=${cart.id}&ajout=1`, 303);
  });
  return app;
}

/** « Ouverte jusqu'au … », « Ouvre le … » or « Close », with the collection window and place. */
function statusHtml(l: Lang, sale: NonNullable<Sale['sale']>, now: number): string {
  const t = messages[l];
  const f = formatters(l);
  const open = isOpenAt(sale, now);
  let html = open
    ? `<p><strong>${esc(t.ordersOpen(f.cycleLabel(sale.name, sale.opensAt, sale.closesAt), f.dateTime(sale.closesAt)))}</strong></p>`
    : `<p><strong>${esc(
        sale.opensAt > now
          ? l === 'fr'
            ? `Cette vente ouvre le ${f.dateTime(sale.opensAt)}.`
            : `This sale opens on ${f.dateTime(sale.opensAt)}.`
          : l === 'fr'
            ? 'Cette vente est close.'
            : 'This sale has closed.',
      )}</strong></p>`;
  if (sale.collectionStartsAt && sale.collectionEndsAt)
    html += `<p>${esc(t.collection(f.window(sale.collectionStartsAt, sale.collectionEndsAt), sale.collectionPlace))}</p>`;
  if (sale.instructions) html += `<p class="muted" lang="fr">${esc(sale.instructions)}</p>`;
  return html;
}

/**
 * The sale's shelves as the published pages draw them, each row given a form that posts to this page:
 * the row's markup is the shelf code's own, the form goes where the shop page's script puts its own.
 */
function shelvesHtml(
  l: Lang,
  s: NonNullable<Sale> & { hub: object; sale: object },
  cartId: string | null,
  action: string,
  csrf: string,
): string {
  const byId = new Map(s.items.map((i) => [i.variantId, i]));
  const t = messages[l];
  // The shelf's link to the product page goes: that page shows the public offers, not the members' prices.
  const html = renderShelfCategories(l, shelfGroups(s.items, s.categories)).replace(/<a class="money" href="[^"]*">[^<]*<\/a>/g, '');
  return html.replace(/(<li class="variant" data-variant-id="(\d+)">[\s\S]*?)(<\/li>)/g, (_, head, id, end) => {
    const item = byId.get(Number(id));
    // The members' price is nowhere else to be read (the product page shows the public offers): its
    // breakdown goes under the row, as the product page draws each price's.
    const breakdown = item
      ? `<details class="breakdown"><summary>${esc(t.whereMoney)}</summary><table class="breakdown"><tbody>${renderBreakdownRows(l, shelfOf(item).price, item.producerName)}</tbody></table></details>`
      : '';
    if (!item || isSoldOut(item)) return head + breakdown + end;
    const label = `${t.island.quantityOf} ${item.productName} ${item.variantName}`;
    return `${head}<form class="add" method="post" action="${esc(action)}"><input type="hidden" name="${CSRF_FIELD}" value="${esc(csrf)}"><input type="hidden" name="variantId" value="${id}">${
      cartId ? `<input type="hidden" name="cart" value="${esc(cartId)}">` : ''
    }<label class="sr-only" for="q-${id}">${esc(label)}</label><input id="q-${id}" name="quantity" type="number" min="1" max="${Math.min(99, item.maxPerOrder ?? 99)}" value="1" inputmode="numeric"><button type="submit">${esc(t.island.add)}</button></form>${breakdown}${end}`;
  });
}

const MemberSalePage = ({
  l,
  s,
  cart,
  error,
  added,
}: {
  l: Lang;
  s: NonNullable<Sale> & { hub: NonNullable<Sale['hub']>; sale: NonNullable<Sale['sale']>; csrf: string };
  cart: CartView | null;
  error?: string;
  added?: boolean;
}) => {
  const t = tr(l);
  const now = Date.now();
  const action = memberSalePath(l, s.hub.slug, s.sale.cycleId);
  const shoppable = isOpenAt(s.sale, now) && s.sale.canComplete;
  const checkout = cart
    ? `${paths.checkout(l, s.hub.slug)}?${l === 'fr' ? 'vente' : 'sale'}=${s.sale.cycleId}&${cartParam(l)}=${cart.id}`
    : null;
  return (
    <AccountFrame l={l} title={`${s.sale.name} — ${s.hub.name}`}>
      <p>
        <a href={accountPaths(l).home}>{t('Mon compte', 'My account')}</a> · <a href={paths.shop(l, s.hub.slug)}>{s.hub.name}</a>
      </p>
      <h1>
        {s.hub.name} — {s.sale.name}
      </h1>
      <p>
        <strong>{t('Vente réservée aux membres.', 'Members-only sale.')}</strong>{' '}
        {t(
          'Cette page est la vôtre : elle n’est publiée nulle part, les prix affichés sont vos prix membre.',
          'This page is yours: it is published nowhere, and the prices shown are your members’ prices.',
        )}
      </p>
      <div class="banner" dangerouslySetInnerHTML={{ __html: statusHtml(l, s.sale, now) }} />
      {error ? (
        <p class="banner error" role="alert">
          {error}
        </p>
      ) : null}
      {added && cart ? (
        <p class="banner" role="status">
          {t('Ajouté au panier.', 'Added to the cart.')}
        </p>
      ) : null}
      {cart && cart.itemCount > 0 ? (
        <section class="member-sale-cart" aria-labelledby="cart-title">
          <h2 id="cart-title">{t('Mon panier', 'My cart')}</h2>
          <ul>
            {cart.lines.map((line) => (
              <li data-variant-id={line.variantId}>
                {line.productName ?? t('Produit plus proposé', 'No longer offered')} — {line.variantName} × {line.quantity} :{' '}
                {formatMoney(line.lineTotalCents, l)}
              </li>
            ))}
          </ul>
          <p>
            {t('Produits', 'Products')} : <strong data-testid="member-cart-total">{formatMoney(cart.itemsTotalCents, l)}</strong>
          </p>
          {checkout ? (
            <p>
              <a class="button" href={checkout}>
                {t('Commander', 'Check out')}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
      {shoppable ? (
        s.items.length ? (
          <div id="shelves" dangerouslySetInnerHTML={{ __html: shelvesHtml(l, s, cart?.id ?? null, action, s.csrf) }} />
        ) : (
          <p>{t('Aucun produit dans cette vente pour l’instant.', 'No product in this sale yet.')}</p>
        )
      ) : null}
    </AccountFrame>
  );
};

/** The account page's list of the members-only sales open or coming for this shopper (nothing when none). */
export const MemberSalesList = ({
  l,
  sales,
}: {
  l: Lang;
  sales: readonly { hubSlug: string; hubName: string; cycleId: number; name: string; opensAt: number; closesAt: number }[];
}) => {
  if (sales.length === 0) return null;
  const t = tr(l);
  const f = formatters(l);
  const now = Date.now();
  return (
    <section class="member-sales" aria-labelledby="member-sales-title">
      <h2 id="member-sales-title">{t('Mes ventes réservées aux membres', 'My members-only sales')}</h2>
      <ul>
        {sales.map((s) => (
          <li data-testid="member-sale">
            <a href={memberSalePath(l, s.hubSlug, s.cycleId)}>
              {s.hubName} — {s.name}
            </a>{' '}
            —{' '}
            {s.opensAt > now
              ? t(`ouvre le ${f.dateTime(s.opensAt)}`, `opens on ${f.dateTime(s.opensAt)}`)
              : t(`jusqu’au ${f.dateTime(s.closesAt)}`, `until ${f.dateTime(s.closesAt)}`)}
          </li>
        ))}
      </ul>
    </section>
  );
};
