// Input schemas shared by several routes; messages in French, the interface's first language. Every
// number has a range (domain/limits.ts): a value past it is refused here, before it reaches the database.
import * as v from 'valibot';
import {
  MAX_CHARGE_CENTS,
  MAX_EPOCH_MS,
  MAX_PERCENT_BP,
  MAX_PRICE_CENTS,
  MAX_QUANTITY,
  MAX_STOCK,
  MIN_EPOCH_MS,
} from '../domain/limits.ts';

export const slugSchema = v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Identifiant de boutique invalide.'), v.maxLength(80));
export const cartIdSchema = v.pipe(
  v.string('Identifiant de panier manquant.'),
  v.regex(/^cart_[0-9A-Za-z]{22}$/, 'Identifiant de panier invalide.'),
);
export const orderIdSchema = v.pipe(v.string(), v.regex(/^ord_[0-9A-Za-z]{22}$/, 'Identifiant de commande invalide.'));
export const idSchema = v.pipe(
  v.number('Un nombre entier est attendu.'),
  v.integer('Un nombre entier est attendu.'),
  v.minValue(1, 'Identifiant invalide.'),
  v.maxValue(Number.MAX_SAFE_INTEGER, 'Identifiant invalide.'),
);
/** Ids in a path come as strings. */
export const idParamSchema = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]{0,15}$/, 'Identifiant invalide.'),
  v.transform(Number),
  v.maxValue(Number.MAX_SAFE_INTEGER, 'Identifiant invalide.'),
);
export const quantitySchema = v.pipe(
  v.number('La quantité doit être un nombre.'),
  v.integer('La quantité doit être un nombre entier.'),
  v.minValue(0, 'La quantité ne peut pas être négative.'),
  v.maxValue(MAX_QUANTITY, 'La quantité est trop grande.'),
);

const int = (message: string) => v.pipe(v.number(message), v.integer(message));

/** A moment, in epoch milliseconds, between the years 2000 and 2100. */
export const epochSchema = v.pipe(
  int('Date attendue (millisecondes depuis 1970, nombre entier).'),
  v.minValue(MIN_EPOCH_MS, 'Date trop ancienne (avant l’an 2000).'),
  v.maxValue(MAX_EPOCH_MS, 'Date trop lointaine (après l’an 2100).'),
);
/** A price in cents (VAT included). */
export const priceCentsSchema = v.pipe(
  int('Prix en centimes attendu.'),
  v.minValue(0, 'Le prix ne peut pas être négatif.'),
  v.maxValue(MAX_PRICE_CENTS, 'Prix trop élevé (1 000 000 € au maximum).'),
);
/** A charge in cents: shipping, minimum order, a flat or per-kg fee. */
export const chargeCentsSchema = v.pipe(
  int('Montant en centimes attendu.'),
  v.minValue(0, 'Le montant ne peut pas être négatif.'),
  v.maxValue(MAX_CHARGE_CENTS, 'Montant trop élevé (10 000 € au maximum).'),
);
/** A percentage in basis points (550 = 5,5 %). */
export const percentBpSchema = v.pipe(
  int('Pourcentage attendu en points de base (550 = 5,5 %).'),
  v.minValue(0, 'Le pourcentage ne peut pas être négatif.'),
  v.maxValue(MAX_PERCENT_BP, 'Le pourcentage ne peut pas dépasser 100 %.'),
);
/** A count of items in stock. */
export const stockSchema = v.pipe(
  int('Stock entier attendu.'),
  v.minValue(0, 'Le stock ne peut pas être négatif.'),
  v.maxValue(MAX_STOCK, 'Stock trop grand (1 000 000 au maximum).'),
);
