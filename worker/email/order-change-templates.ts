// The shopper's messages when the hub changes an order after it was placed: « commande modifiée »
// (what changed, the new total, money back) and « commande annulée » (with the hub's reason), in the
// order's language; registered beside the others in templates.ts (`...orderChangeTemplates`).
import { findOrder } from '../../db/orders/order-records.ts';
import { formatMoney, type Locale } from '../../domain/money.ts';
import { paths } from '../admin/shared/paths.ts';
import { orderPath } from '../links.ts';
import { shortRef } from '../pages/order-text.ts';
import { esc, RenderError, type RenderedEmail, type Template, type TemplateContext } from './templates.ts';

const W = {
  fr: {
    correctedSubject: (ref: string, hub: string) => `Commande ${ref} modifiée par ${hub}`,
    corrected: (hub: string) => `${hub} a modifié votre commande au moment de la préparer.`,
    cancelledSubject: (ref: string, hub: string) => `Commande ${ref} annulée par ${hub}`,
    cancelled: (hub: string) => `${hub} a annulé votre commande.`,
    changedByYouSubject: (ref: string) => `Commande ${ref} modifiée`,
    changedByYou: (hub: string) => `Vous avez modifié votre commande chez ${hub}. La voici telle qu’elle est maintenant :`,
    cancelledByYouSubject: (ref: string) => `Commande ${ref} annulée`,
    cancelledByYou: (hub: string) => `Vous avez annulé votre commande chez ${hub}. Ses produits sont remis en vente.`,
    hubChangedSubject: (ref: string, who: string) => `Commande ${ref} modifiée par ${who}`,
    hubChanged: (who: string) => `${who} a modifié sa commande avant la clôture. La voici telle qu’elle est maintenant :`,
    hubCancelledSubject: (ref: string, who: string) => `Commande ${ref} annulée par ${who}`,
    hubCancelled: (who: string, total: string) =>
      `${who} a annulé sa commande de ${total} avant la clôture ; ses produits sont remis en vente.`,
    hubLink: 'Voir la commande dans la gestion',
    hubFooter: 'Comptoir — ce message vous est envoyé parce que vous gérez cette boutique.',
    reason: (r: string) => `Motif : ${r}`,
    total: (before: string, after: string) => `Total : ${before} → ${after}.`,
    refunded: (a: string) => `${a} vous sont remboursés sur votre carte.`,
    owed: (a: string) => `${a} vous seront rendus par la boutique.`,
    link: 'Voir la commande',
    footer: 'Comptoir — circuits courts, logiciel libre. Ce message vous est envoyé parce qu’une commande a été passée avec votre adresse.',
  },
  en: {
    correctedSubject: (ref: string, hub: string) => `Order ${ref} changed by ${hub}`,
    corrected: (hub: string) => `${hub} changed your order while preparing it.`,
    cancelledSubject: (ref: string, hub: string) => `Order ${ref} cancelled by ${hub}`,
    cancelled: (hub: string) => `${hub} cancelled your order.`,
    changedByYouSubject: (ref: string) => `Order ${ref} changed`,
    changedByYou: (hub: string) => `You changed your order at ${hub}. Here it is as it stands now:`,
    cancelledByYouSubject: (ref: string) => `Order ${ref} cancelled`,
    cancelledByYou: (hub: string) => `You cancelled your order at ${hub}. Its products are back on sale.`,
    hubChangedSubject: (ref: string, who: string) => `Order ${ref} changed by ${who}`,
    hubChanged: (who: string) => `${who} changed their order before the close. Here it is as it stands now:`,
    hubCancelledSubject: (ref: string, who: string) => `Order ${ref} cancelled by ${who}`,
    hubCancelled: (who: string, total: string) =>
      `${who} cancelled their order of ${total} before the close; its products are back on sale.`,
    hubLink: 'See the order in the back office',
    hubFooter: 'Comptoir — you receive this message because you manage this shop.',
    reason: (r: string) => `Reason: ${r}`,
    total: (before: string, after: string) => `Total: ${before} → ${after}.`,
    refunded: (a: string) => `${a} is refunded to your card.`,
    owed: (a: string) => `${a} will be handed back to you by the shop.`,
    link: 'See the order',
    footer: 'Comptoir — short food supply chains, free software. You receive this message because an order was placed with your address.',
  },
} as const;

function render(subject: string, paragraphs: string[], link: { label: string; url: string }, footer: string): RenderedEmail {
  const text = [subject, '', ...paragraphs.flatMap((p) => [p, '']), `${link.label}: ${link.url}`, '', '—', footer].join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1d2a1f;max-width:40rem">
<h1 style="font-size:1.3rem">${esc(subject)}</h1>
${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
<p><a href="${esc(link.url)}">${esc(link.label)}</a></p>
<p style="color:#5b6b5e;font-size:.9rem">${esc(footer)}</p>
</body></html>`;
  return { subject, text, html };
}

async function orderOf(ctx: TemplateContext) {
  const id = String(ctx.payload.orderPublicId ?? '');
  const record = await findOrder(ctx.db, id);
  if (!record) throw new RenderError(`order ${id} not found`);
  return { record, url: ctx.siteUrl + orderPath(id, ctx.locale) };
}

const moneyLines = (r: Awaited<ReturnType<typeof orderOf>>['record'], l: Locale): string[] => {
  const w = W[l];
  const sum = (state: string) => r.moneyBack.filter((m) => m.state === state).reduce((n, m) => n + m.amountCents, 0);
  return [
    ...(sum('refunded') ? [w.refunded(formatMoney(sum('refunded'), l))] : []),
    ...(sum('owed') ? [w.owed(formatMoney(sum('owed'), l))] : []),
  ];
};

export const orderChangeTemplates: Record<string, Template> = {
  'order.corrected.shopper': async (ctx) => {
    const l = ctx.locale;
    const w = W[l];
    const { record: r, url } = await orderOf(ctx);
    const before = Number(ctx.payload.totalBeforeCents ?? r.order.totalCents);
    const lines = linesOf(r, l);
    const byYou = ctx.payload.by === 'shopper';
    return render(
      byYou ? w.changedByYouSubject(shortRef(r.order.publicId)) : w.correctedSubject(shortRef(r.order.publicId), r.hubName),
      [
        byYou ? w.changedByYou(r.hubName) : w.corrected(r.hubName),
        ...lines,
        w.total(formatMoney(before, l), formatMoney(r.order.totalCents, l)),
        ...moneyLines(r, l),
      ],
      { label: w.link, url },
      w.footer,
    );
  },
  'order.cancelled.shopper': async (ctx) => {
    const l = ctx.locale;
    const w = W[l];
    const { record: r, url } = await orderOf(ctx);
    const reason = typeof ctx.payload.reason === 'string' && ctx.payload.reason ? [w.reason(ctx.payload.reason)] : [];
    const byYou = ctx.payload.by === 'shopper';
    return render(
      byYou ? w.cancelledByYouSubject(shortRef(r.order.publicId)) : w.cancelledSubject(shortRef(r.order.publicId), r.hubName),
      [byYou ? w.cancelledByYou(r.hubName) : w.cancelled(r.hubName), ...reason, ...moneyLines(r, l)],
      { label: w.link, url },
      w.footer,
    );
  },
  // To the hub, in its managers' language: its shopper changed or cancelled an order themselves.
  'order.changed.hub': async (ctx) => {
    const l = ctx.locale;
    const w = W[l];
    const { record: r } = await orderOf(ctx);
    const before = Number(ctx.payload.totalBeforeCents ?? r.order.totalCents);
    return render(
      w.hubChangedSubject(shortRef(r.order.publicId), r.order.name),
      [
        w.hubChanged(r.order.name),
        ...linesOf(r, l),
        w.total(formatMoney(before, l), formatMoney(r.order.totalCents, l)),
        ...moneyLines(r, l),
      ],
      { label: w.hubLink, url: backOfficeUrl(ctx, r, l) },
      w.hubFooter,
    );
  },
  'order.cancelled.hub': async (ctx) => {
    const l = ctx.locale;
    const w = W[l];
    const { record: r } = await orderOf(ctx);
    return render(
      w.hubCancelledSubject(shortRef(r.order.publicId), r.order.name),
      [w.hubCancelled(r.order.name, formatMoney(r.order.totalCents, l)), ...moneyLines(r, l)],
      { label: w.hubLink, url: backOfficeUrl(ctx, r, l) },
      w.hubFooter,
    );
  },
};

const linesOf = (r: Awaited<ReturnType<typeof orderOf>>['record'], l: Locale) =>
  r.lines.map((x) => `${x.quantity} × ${x.productName} — ${x.variantName} : ${formatMoney(x.lineTotalCents, l)}`);

/** The order's page in the back office (French /gestion/…, English /en/manage/…). */
const backOfficeUrl = (ctx: TemplateContext, r: Awaited<ReturnType<typeof orderOf>>['record'], l: Locale) =>
  `${ctx.siteUrl}${paths(l).order(r.hubSlug, r.order.publicId)}`;
