// The line under a shop page's status: its minimum order, what a delivery needs and where delivery
// becomes free, read for every hub in one query per build (domain/delivery-zones.ts says the rule).
import { shopDeliveryTerms, type ShopDeliveryTerms } from '../../db/catalog/cycle-methods.ts';
import { shopMinimums } from '../../domain/delivery-zones.ts';
import { formatMoney } from '../../domain/money.ts';
import { buildDb, buildNow } from './build-data.ts';
import { messages, type Lang } from './i18n.ts';

let terms: Promise<Map<number, ShopDeliveryTerms>> | undefined;

/** « Commande minimum 15,00 € · livraison dès 30,00 € d’achats · livraison offerte dès 50,00 € d’achats », or '' when there is nothing to say. */
export async function shopMinimumsLine(lang: Lang, hubId: number): Promise<string> {
  terms ??= buildDb().then((db) => shopDeliveryTerms(db, buildNow));
  const hub = (await terms).get(hubId);
  if (!hub) return '';
  const m = shopMinimums(hub.hubMinOrderCents, hub.delivery);
  const t = messages[lang];
  const money = (c: number) => formatMoney(c, lang);
  const parts = [
    m.minOrderCents > 0 ? t.shopMinimum(money(m.minOrderCents)) : null,
    m.deliveryFromCents !== null ? t.shopDeliveryFrom(money(m.deliveryFromCents)) : null,
    m.freeDeliveryFromCents !== null ? t.shopFreeDeliveryFrom(money(m.freeDeliveryFromCents)) : null,
  ].filter((p): p is string => p !== null);
  if (!parts.length) return '';
  const line = parts.join(' · ');
  return line.charAt(0).toUpperCase() + line.slice(1);
}
