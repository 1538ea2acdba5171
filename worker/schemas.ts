// Input schemas shared by several routes; messages in French, the interface's first language.
import * as v from 'valibot';

export const slugSchema = v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Identifiant de boutique invalide.'), v.maxLength(80));
export const cartIdSchema = v.pipe(v.string('Identifiant de panier manquant.'), v.regex(/^cart_[0-9A-Za-z]{22}$/, 'Identifiant de panier invalide.'));
export const orderIdSchema = v.pipe(v.string(), v.regex(/^ord_[0-9A-Za-z]{22}$/, 'Identifiant de commande invalide.'));
export const idSchema = v.pipe(v.number('Un nombre entier est attendu.'), v.integer('Un nombre entier est attendu.'), v.minValue(1, 'Identifiant invalide.'), v.maxValue(2 ** 53 - 1));
/** Ids in a path come as strings. */
export const idParamSchema = v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,15}$/, 'Identifiant invalide.'), v.transform(Number));
export const quantitySchema = v.pipe(
  v.number('La quantité doit être un nombre.'),
  v.integer('La quantité doit être un nombre entier.'),
  v.minValue(0, 'La quantité ne peut pas être négative.'),
  v.maxValue(9999, 'La quantité est trop grande.'),
);
