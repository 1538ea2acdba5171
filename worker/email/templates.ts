// Messages by outbox topic, rendered when they are sent (or shown in the development mailbox), in the
// recipient's language. A topic is a key here and a function from its payload to subject, text and
// HTML; the back office adds its own topics the same way (sign-in links are already here).
import type { Db } from '../../db/core/client.ts';
import { findOrder, type OrderRecord } from '../../db/orders/order-records.ts';
import { formatDateTime, formatWindow } from '../../domain/dates.ts';
import { formatInvoiceNumber } from '../../domain/invoices.ts';
import { formatMoney, type Locale } from '../../domain/money.ts';
import { formatVatRate, vatSummary } from '../../domain/vat.ts';
import { formatQuantity } from '../../domain/units.ts';
import { producerNotice, type NoticeHub, type NoticeLine } from '../../db/messaging/producer-notices.ts';
import { invoicePath, orderPath } from '../links.ts';
import { shortRef } from '../pages/order-text.ts';
import { shopperSignInLinkEmail } from '../shoppers/email.ts';
import { orderChangeTemplates } from './order-change-templates.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateContext {
  db: Db;
  payload: Record<string, unknown>;
  locale: Locale;
  recipient: string;
  /** Origin for links: the one recorded with the message, else the worker's PUBLIC_URL ('' in the dev mailbox: relative links). */
  siteUrl: string;
}

export type Template = (ctx: TemplateContext) => Promise<RenderedEmail>;

/** A message whose data is gone (an order deleted) cannot be rendered: the sender records why and retries later. */
export class RenderError extends Error {}

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Paragraphs and a link, as plain text and as simple HTML (no remote images, no tracking). */
function message(p: {
  subject: string;
  title: string;
  paragraphs: string[];
  table?: Array<[string, string]>;
  link?: { label: string; url: string };
  footer: string;
  locale?: Locale;
}): RenderedEmail {
  // French puts a space before the colon, English does not.
  const colon = p.locale === 'en' ? ':' : ' :';
  const text = [
    p.title,
    '',
    ...p.paragraphs.flatMap((x) => [x, '']),
    ...(p.table ? [...p.table.map(([a, b]) => `${a}${colon} ${b}`), ''] : []),
    ...(p.link ? [`${p.link.label}${colon} ${p.link.url}`, ''] : []),
    '—',
    p.footer,
  ].join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(p.subject)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1d2a1f;max-width:40rem">
<h1 style="font-size:1.3rem">${esc(p.title)}</h1>
${p.paragraphs.map((x) => `<p>${esc(x).replaceAll('\n', '<br>')}</p>`).join('\n')}
${p.table ? `<table style="border-collapse:collapse;width:100%">${p.table.map(([a, b]) => `<tr><td style="padding:.2rem .5rem .2rem 0">${esc(a)}</td><td style="padding:.2rem 0;text-align:right;white-space:nowrap">${esc(b)}</td></tr>`).join('')}</table>` : ''}
${p.link ? `<p><a href="${esc(p.link.url)}">${esc(p.link.label)}</a></p>` : ''}
<p style="color:#5b6b5e;font-size:.9rem">${esc(p.footer)}</p>
</body></html>`;
  return { subject: p.subject, text, html };
}

async function orderOf(ctx: TemplateContext): Promise<{ record: OrderRecord; url: string; site: string }> {
  const id = String(ctx.payload.orderPublicId ?? '');
  const record = await findOrder(ctx.db, id);
  if (!record) throw new RenderError(`order ${id} not found`);
  const site = ctx.siteUrl;
  return { record, url: site + orderPath(id, ctx.locale), site };
}

/** The order as charged: lines, per-order fees, shipping, VAT per rate, total. */
function summary(r: OrderRecord, l: Locale): Array<[string, string]> {
  const m = (c: number) => formatMoney(c, l);
  const o = r.order;
  const vat = vatSummary([
    ...r.lines.map((x) => ({ rateBp: x.vatRateBp, ttcCents: x.lineTotalCents })),
    ...r.orderFees.map((f) => ({ rateBp: f.vatRateBp, ttcCents: f.amountCents })),
    { rateBp: o.shippingVatRateBp, ttcCents: o.shippingCents },
  ]).filter((row) => row.ttcCents !== 0);
  return [
    ...r.lines.map((x): [string, string] => [
      `${x.quantity} × ${x.productName} — ${x.variantName} (${x.producerName})`,
      m(x.lineTotalCents),
    ]),
    ...r.orderFees.map((f): [string, string] => [`${f.name} (${f.enterpriseName})`, m(f.amountCents)]),
    ...(o.shippingCents ? [[o.shippingName, m(o.shippingCents)] as [string, string]] : []),
    ...vat.map((row): [string, string] => [
      l === 'fr' ? `dont TVA ${formatVatRate(row.rateBp, l)}` : `incl. VAT ${formatVatRate(row.rateBp, l)}`,
      m(row.vatCents),
    ]),
    [l === 'fr' ? 'Total TTC' : 'Total (VAT incl.)', m(o.totalCents)],
  ];
}

function collection(r: OrderRecord, l: Locale): string {
  const o = r.order;
  const where =
    o.shippingKind === 'delivery' && o.addressLine ? `${o.shippingName}, ${o.addressLine}, ${o.postalCode} ${o.city}` : o.shippingName;
  const when = r.collectionStartsAt && r.collectionEndsAt ? ` — ${formatWindow(r.collectionStartsAt, r.collectionEndsAt, l)}` : '';
  const place = r.collectionPlace ? `, ${r.collectionPlace}` : '';
  return `${where}${when}${place}`;
}

const FOOTER: Record<Locale, string> = {
  fr: 'Comptoir — circuits courts, logiciel libre. Ce message vous est envoyé parce qu’une commande a été passée avec votre adresse.',
  en: 'Comptoir — short food supply chains, free software. You receive this message because an order was placed with your address.',
};

const HUB_FOOTER: Record<Locale, string> = {
  fr: 'Comptoir — message envoyé à l’adresse de contact de la boutique.',
  en: 'Comptoir — message sent to the shop’s contact address.',
};

/** « 12 × Poulet fermier — environ 1,8 kg (21,6 kg) »: the weight in total where the variant is sold by weight. */
function noticeLine(x: NoticeLine, l: Locale): string {
  const total = x.unitKind === 'weight' ? ` (total ${formatQuantity('weight', x.unitValue * x.quantity, l)})` : '';
  return `${x.quantity} × ${x.productName} — ${x.variantName}${total}`;
}

function hubWhen(h: NoticeHub, l: Locale): string {
  const how = h.shippingKinds.includes('delivery')
    ? h.shippingKinds.includes('pickup')
      ? l === 'fr'
        ? 'retrait et livraison'
        : 'collection and delivery'
      : l === 'fr'
        ? 'livraison'
        : 'delivery'
    : l === 'fr'
      ? 'retrait'
      : 'collection';
  const when = h.collectionStartsAt && h.collectionEndsAt ? formatWindow(h.collectionStartsAt, h.collectionEndsAt, l) : '';
  return [how, when, h.collectionPlace].filter(Boolean).join(' — ');
}

/** What a producer brings to each hub for a closed cycle; the hubs get the same list as a copy. */
async function producerList(ctx: TemplateContext, copy: boolean): Promise<RenderedEmail> {
  const cycleId = Number(ctx.payload.cycleId);
  const producerId = Number(ctx.payload.producerId);
  const n = await producerNotice(ctx.db, cycleId, producerId);
  if (!n) throw new RenderError(`cycle ${cycleId} or producer ${producerId} not found`);
  const hubId = Number(ctx.payload.hubId);
  const hubs = copy ? n.hubs.filter((h) => h.hubId === hubId) : n.hubs;
  const l = ctx.locale;
  const fr = l === 'fr';
  const paragraphs = [
    fr
      ? `Le cycle « ${n.cycleName} » a fermé le ${formatDateTime(n.closesAt, l)}. ${copy ? `Voici ce que ${n.producerName} apporte à votre boutique.` : 'Voici ce que vous apportez à chaque boutique.'}`
      : `The cycle “${n.cycleName}” closed on ${formatDateTime(n.closesAt, l)}. ${copy ? `Here is what ${n.producerName} brings to your shop.` : 'Here is what you bring to each shop.'}`,
    ...(n.receptionInstructions
      ? [`${fr ? 'Réception des produits' : 'Receiving the products'}${fr ? ' :' : ':'} ${n.receptionInstructions}`]
      : []),
    ...hubs.flatMap((h) => [`${h.hubName} — ${hubWhen(h, l)}`, h.lines.map((x) => `• ${noticeLine(x, l)}`).join('\n')]),
  ];
  return message({
    subject: fr
      ? `${copy ? `Copie : ${n.producerName}, ` : ''}à livrer pour « ${n.cycleName} »`
      : `${copy ? `Copy: ${n.producerName}, ` : ''}to bring for “${n.cycleName}”`,
    title: fr ? `${n.producerName} : à livrer pour « ${n.cycleName} »` : `${n.producerName}: to bring for “${n.cycleName}”`,
    paragraphs,
    footer: fr
      ? copy
        ? 'Comptoir — copie du message envoyé au producteur, pour la boutique.'
        : 'Comptoir — message envoyé à la fermeture du cycle, une seule fois.'
      : copy
        ? 'Comptoir — copy of the message sent to the producer, for the shop.'
        : 'Comptoir — sent once, when the cycle closed.',
    locale: l,
  });
}

export const templates: Record<string, Template> = {
  async 'order.placed.shopper'(ctx) {
    const { record: r, url, site } = await orderOf(ctx);
    const o = r.order;
    const l = ctx.locale;
    const ref = shortRef(o.publicId);
    const paid = o.paymentState === 'paid';
    const invoice = r.invoice ? formatInvoiceNumber(r.invoice.year, r.invoice.number) : null;
    return message(
      l === 'fr'
        ? {
            subject: `Votre commande ${ref} chez ${r.hubName}`,
            title: paid ? `Merci ${o.name}, votre commande est confirmée et payée` : `Merci ${o.name}, votre commande est enregistrée`,
            paragraphs: [
              `Commande ${ref} passée le ${formatDateTime(o.placedAt ?? o.createdAt, l)} chez ${r.hubName} (${r.cycleName}).`,
              paid ? `Paiement reçu : ${o.paymentName}.` : `Paiement : ${o.paymentName}, à régler au retrait.`,
              `${o.shippingKind === 'delivery' ? 'Livraison' : 'Retrait'} : ${collection(r, l)}.`,
              ...(r.instructions ? [r.instructions] : []),
              ...(invoice ? [`Facture n° ${invoice} : ${site}${invoicePath(o.publicId, l)}`] : []),
            ],
            table: summary(r, l),
            link: { label: 'Voir votre commande', url },
            footer: FOOTER.fr,
          }
        : {
            subject: `Your order ${ref} at ${r.hubName}`,
            title: paid ? `Thank you ${o.name}, your order is confirmed and paid` : `Thank you ${o.name}, your order is placed`,
            paragraphs: [
              `Order ${ref} placed on ${formatDateTime(o.placedAt ?? o.createdAt, l)} at ${r.hubName} (${r.cycleName}).`,
              paid ? `Payment received: ${o.paymentName}.` : `Payment: ${o.paymentName}, to pay at collection.`,
              `${o.shippingKind === 'delivery' ? 'Delivery' : 'Collection'}: ${collection(r, l)}.`,
              ...(r.instructions ? [r.instructions] : []),
              ...(invoice ? [`Invoice no. ${invoice}: ${site}${invoicePath(o.publicId, l)}`] : []),
            ],
            table: summary(r, l),
            link: { label: 'See your order', url },
            footer: FOOTER.en,
            locale: 'en',
          },
    );
  },

  async 'order.placed.hub'(ctx) {
    const { record: r, url } = await orderOf(ctx);
    const o = r.order;
    const l = ctx.locale;
    const ref = shortRef(o.publicId);
    return message(
      l === 'fr'
        ? {
            subject: `Nouvelle commande ${ref} — ${o.name}, ${formatMoney(o.totalCents)}`,
            title: `Nouvelle commande ${ref} pour ${r.cycleName}`,
            paragraphs: [
              `${o.name} — ${o.email} — ${o.phone}`,
              `Paiement : ${o.paymentName} (${o.paymentState === 'paid' ? 'payé' : 'à encaisser'}).`,
              `${o.shippingKind === 'delivery' ? 'Livraison' : 'Retrait'} : ${collection(r, 'fr')}.`,
            ],
            table: summary(r, 'fr'),
            link: { label: 'Voir la commande', url },
            footer: HUB_FOOTER.fr,
          }
        : {
            subject: `New order ${ref} — ${o.name}, ${formatMoney(o.totalCents, 'en')}`,
            title: `New order ${ref} for ${r.cycleName}`,
            paragraphs: [
              `${o.name} — ${o.email} — ${o.phone}`,
              `Payment: ${o.paymentName} (${o.paymentState === 'paid' ? 'paid' : 'to collect'}).`,
              `${o.shippingKind === 'delivery' ? 'Delivery' : 'Collection'}: ${collection(r, 'en')}.`,
            ],
            table: summary(r, 'en'),
            link: { label: 'See the order', url },
            footer: HUB_FOOTER.en,
            locale: 'en',
          },
    );
  },

  async 'order.ready.shopper'(ctx) {
    const { record: r, url } = await orderOf(ctx);
    const o = r.order;
    const l = ctx.locale;
    const ref = shortRef(o.publicId);
    const delivery = o.shippingKind === 'delivery';
    const toPay = o.paymentState !== 'paid';
    return message(
      l === 'fr'
        ? {
            subject: delivery ? `Votre commande ${ref} est prête à être livrée` : `Votre commande ${ref} est prête`,
            title: delivery ? `${o.name}, votre commande est prête à être livrée` : `${o.name}, votre commande est prête à être retirée`,
            paragraphs: [
              `${r.hubName} a préparé votre commande ${ref} (${r.cycleName}).`,
              `${delivery ? 'Livraison' : 'Retrait'} : ${collection(r, l)}.`,
              ...(r.instructions ? [r.instructions] : []),
              toPay ? `À régler au retrait : ${formatMoney(o.totalCents, l)} (${o.paymentName}).` : 'Votre commande est payée.',
            ],
            link: { label: 'Voir votre commande', url },
            footer: FOOTER.fr,
          }
        : {
            subject: delivery ? `Your order ${ref} is ready for delivery` : `Your order ${ref} is ready`,
            title: delivery ? `${o.name}, your order is ready for delivery` : `${o.name}, your order is ready for collection`,
            paragraphs: [
              `${r.hubName} has prepared your order ${ref} (${r.cycleName}).`,
              `${delivery ? 'Delivery' : 'Collection'}: ${collection(r, l)}.`,
              ...(r.instructions ? [r.instructions] : []),
              toPay ? `To pay at collection: ${formatMoney(o.totalCents, l)} (${o.paymentName}).` : 'Your order is paid.',
            ],
            link: { label: 'See your order', url },
            footer: FOOTER.en,
            locale: 'en',
          },
    );
  },

  async 'order.paid.shopper'(ctx) {
    const { record: r, url, site } = await orderOf(ctx);
    const o = r.order;
    const l = ctx.locale;
    const ref = shortRef(o.publicId);
    const invoice = r.invoice ? formatInvoiceNumber(r.invoice.year, r.invoice.number) : null;
    return message(
      l === 'fr'
        ? {
            subject: `Paiement enregistré pour votre commande ${ref}`,
            title: `Merci ${o.name}, votre paiement est enregistré`,
            paragraphs: [
              `${r.hubName} a enregistré votre paiement de ${formatMoney(o.totalCents, l)} (${o.paymentName}) pour la commande ${ref}.`,
              ...(invoice ? [`Facture n° ${invoice} : ${site}${invoicePath(o.publicId, l)}`] : []),
            ],
            link: { label: 'Voir votre commande', url },
            footer: FOOTER.fr,
          }
        : {
            subject: `Payment recorded for your order ${ref}`,
            title: `Thank you ${o.name}, your payment is recorded`,
            paragraphs: [
              `${r.hubName} has recorded your payment of ${formatMoney(o.totalCents, l)} (${o.paymentName}) for order ${ref}.`,
              ...(invoice ? [`Invoice no. ${invoice}: ${site}${invoicePath(o.publicId, l)}`] : []),
            ],
            link: { label: 'See your order', url },
            footer: FOOTER.en,
            locale: 'en',
          },
    );
  },

  'cycle.closed.producer': (ctx) => producerList(ctx, false),
  'cycle.closed.hub-copy': (ctx) => producerList(ctx, true),

  async 'payment.late.shopper'(ctx) {
    const { record: r, url } = await orderOf(ctx);
    const o = r.order;
    const ref = shortRef(o.publicId);
    return message(
      ctx.locale === 'fr'
        ? {
            subject: `Votre paiement pour la commande ${ref} est arrivé après la fin de la réservation`,
            title: 'Nous avons bien reçu votre paiement',
            paragraphs: [
              `Votre paiement de ${formatMoney(o.totalCents)} est arrivé après la fin du délai de réservation de vos produits : la commande ${ref} avait déjà été annulée.`,
              `${r.hubName} va vous contacter pour vous livrer si les produits sont encore disponibles, ou vous rembourser. Vous n’avez rien à faire.`,
            ],
            link: { label: 'Voir la commande', url },
            footer: FOOTER.fr,
          }
        : {
            subject: `Your payment for order ${ref} arrived after the reservation ended`,
            title: 'We have received your payment',
            paragraphs: [
              `Your payment of ${formatMoney(o.totalCents, 'en')} arrived after your products' reservation ended: order ${ref} had already been cancelled.`,
              `${r.hubName} will contact you to deliver if the products are still available, or to refund you. There is nothing you need to do.`,
            ],
            link: { label: 'See the order', url },
            footer: FOOTER.en,
            locale: 'en',
          },
    );
  },

  async 'payment.late.hub'(ctx) {
    const { record: r, url } = await orderOf(ctx);
    const o = r.order;
    const l = ctx.locale;
    const ref = shortRef(o.publicId);
    return message(
      l === 'fr'
        ? {
            subject: `À traiter : paiement reçu pour la commande annulée ${ref}`,
            title: `Paiement par carte reçu après l’annulation de ${ref}`,
            paragraphs: [
              `${o.name} (${o.email}, ${o.phone}) a payé ${formatMoney(o.totalCents)} après la fin de la réservation : la commande était déjà annulée et son stock rendu.`,
              'Honorez la commande si les produits sont disponibles, ou remboursez le paiement depuis votre compte Stripe.',
            ],
            table: summary(r, 'fr'),
            link: { label: 'Voir la commande', url },
            footer: HUB_FOOTER.fr,
          }
        : {
            subject: `To handle: payment received for cancelled order ${ref}`,
            title: `Card payment received after ${ref} was cancelled`,
            paragraphs: [
              `${o.name} (${o.email}, ${o.phone}) paid ${formatMoney(o.totalCents, 'en')} after the reservation ended: the order was already cancelled and its stock returned.`,
              'Honour the order if the products are available, or refund the payment from your Stripe account.',
            ],
            table: summary(r, 'en'),
            link: { label: 'See the order', url },
            footer: HUB_FOOTER.en,
            locale: 'en',
          },
    );
  },

  async 'auth.sign-in-link'(ctx) {
    const url = String(ctx.payload.url ?? '');
    const expiresAt = Number(ctx.payload.expiresAt ?? 0);
    return message(
      ctx.locale === 'fr'
        ? {
            subject: 'Votre lien de connexion à Comptoir',
            title: 'Connexion à Comptoir',
            paragraphs: [
              `Ce lien vous connecte à l’espace de gestion. Il ne sert qu’une fois${expiresAt ? ` et expire le ${formatDateTime(expiresAt, 'fr')}` : ''}.`,
              'Si vous n’avez rien demandé, ignorez ce message.',
            ],
            link: { label: 'Me connecter', url },
            footer: 'Comptoir — logiciel libre pour les circuits courts.',
          }
        : {
            subject: 'Your Comptoir sign-in link',
            title: 'Sign in to Comptoir',
            paragraphs: [
              `This link signs you in to the back office. It works once${expiresAt ? ` and expires on ${formatDateTime(expiresAt, 'en')}` : ''}.`,
              'If you did not ask for it, ignore this message.',
            ],
            link: { label: 'Sign in', url },
            footer: 'Comptoir — free software for short food supply chains.',
            locale: 'en',
          },
    );
  },
  // An enterprise's invitation to manage it: the link leads to sign-in with the invited address.
  async 'manager.invitation'(ctx) {
    const url = String(ctx.payload.url ?? '');
    const name = String(ctx.payload.enterpriseName ?? '');
    const expiresAt = Number(ctx.payload.expiresAt ?? 0);
    return message(
      ctx.locale === 'fr'
        ? {
            subject: `Invitation à gérer ${name} sur Comptoir`,
            title: `Vous êtes invité·e à gérer ${name}`,
            paragraphs: [
              `Ce lien vous connecte à l’espace de gestion de ${name} avec cette adresse${expiresAt ? ` ; il expire le ${formatDateTime(expiresAt, 'fr')}` : ''}.`,
              'Si vous ne connaissez pas cette structure, ignorez ce message : sans ce lien, rien ne vous est confié.',
            ],
            link: { label: 'Accepter l’invitation', url },
            footer: 'Comptoir — logiciel libre pour les circuits courts.',
          }
        : {
            subject: `Invitation to manage ${name} on Comptoir`,
            title: `You are invited to manage ${name}`,
            paragraphs: [
              `This link signs you in to ${name}'s back office with this address${expiresAt ? `; it expires on ${formatDateTime(expiresAt, 'en')}` : ''}.`,
              'If you do not know this enterprise, ignore this message: without the link nothing is entrusted to you.',
            ],
            link: { label: 'Accept the invitation', url },
            footer: 'Comptoir — free software for short food supply chains.',
            locale: 'en',
          },
    );
  },
  'shopper.sign-in-link': shopperSignInLinkEmail,
  ...orderChangeTemplates,
};

/** Renders a message by its topic; a topic without a template is shown as its data, never dropped. */
export async function renderMessage(
  db: Db,
  m: { topic: string; payload: unknown; locale: Locale; recipient: string },
  origin: string | null = null,
): Promise<RenderedEmail> {
  const payload = (m.payload && typeof m.payload === 'object' ? m.payload : {}) as Record<string, unknown>;
  const template = templates[m.topic];
  // Messages queued by back-office actions carry no origin: the worker's own is used when sending.
  const siteUrl = String(payload.siteUrl || origin || '');
  if (template) return template({ db, payload, locale: m.locale, recipient: m.recipient, siteUrl });
  return message({ subject: `[Comptoir] ${m.topic}`, title: m.topic, paragraphs: [JSON.stringify(payload, null, 2)], footer: 'Comptoir' });
}
