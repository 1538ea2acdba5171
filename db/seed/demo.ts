// The demo co-op: two boutiques of the Plateau de Millevaches (Limousin) and the farms and workshops
// that sell through them, in French. Deterministic: the same `now` always gives the same rows (ids,
// timestamps and all), and every date is placed relative to `now` in Europe/Paris wall time.
import { count, eq, sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { asBatch, type Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import * as s from '../schema/index.ts';
import type { FeeCalculator, FeeRole, FeeType } from '../../domain/fees.ts';
import type { UnitKind } from '../../domain/units.ts';

export interface SeedSummary {
  hubs: number;
  producers: number;
  variants: number;
  cycles: number;
}

// ---------------------------------------------------------------------------------------------
// Paris wall time, without a date library.

const PARIS = 'Europe/Paris';

const parisPartsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parisParts(instant: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const p: Record<string, number> = {};
  for (const part of parisPartsFormat.formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year ?? 1970, month: p.month ?? 1, day: p.day ?? 1, hour: p.hour ?? 0, minute: p.minute ?? 0, second: p.second ?? 0 };
}

/** Offset of Paris wall time from UTC at an instant, in ms (3,600,000 in winter, 7,200,000 in summer). */
export function parisOffsetMs(instant: number): number {
  const p = parisParts(instant);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at `hour:minute` Paris time, `dayOffset` calendar days after the Paris date of `now`
 * (negative = before). Correct across daylight-saving changes.
 */
export function parisTime(now: number, dayOffset: number, hour: number, minute = 0): number {
  const today = parisParts(now);
  const wall = Date.UTC(today.year, today.month - 1, today.day + dayOffset, hour, minute);
  let instant = wall - parisOffsetMs(wall);
  // The offset at the first guess may be the other side of a DST change; one correction settles it.
  instant = wall - parisOffsetMs(instant);
  return instant;
}

const dayMonthFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, day: 'numeric', month: 'long' });

/** « 3 juin », « 1er décembre » */
export function formatParisDay(instant: number): string {
  return dayMonthFormat.format(instant).replace(/^1 /, '1er ');
}

export function cycleName(opensAt: number, closesAt: number): string {
  return `Commandes du ${formatParisDay(opensAt)} au ${formatParisDay(closesAt)}`;
}

// ---------------------------------------------------------------------------------------------
// Shared vocabularies (the load generator uses them too).

export const LABELS = [
  { slug: 'ab', nameFr: 'Agriculture biologique (AB)', nameEn: 'Organic farming (AB)' },
  { slug: 'nature-et-progres', nameFr: 'Nature & Progrès', nameEn: 'Nature & Progrès' },
  { slug: 'label-rouge', nameFr: 'Label Rouge', nameEn: 'Label Rouge' },
  { slug: 'aop', nameFr: "Appellation d'origine protégée (AOP)", nameEn: 'Protected designation of origin (PDO)' },
  { slug: 'bienvenue-a-la-ferme', nameFr: 'Bienvenue à la ferme', nameEn: 'Bienvenue à la ferme (farm network)' },
] as const;

export const CATEGORIES = [
  { slug: 'legumes', nameFr: 'Légumes', nameEn: 'Vegetables' },
  { slug: 'fruits', nameFr: 'Fruits', nameEn: 'Fruit' },
  { slug: 'produits-laitiers', nameFr: 'Produits laitiers', nameEn: 'Dairy' },
  { slug: 'fromages', nameFr: 'Fromages', nameEn: 'Cheese' },
  { slug: 'viandes', nameFr: 'Viandes', nameEn: 'Meat' },
  { slug: 'oeufs', nameFr: 'Œufs', nameEn: 'Eggs' },
  { slug: 'boulangerie', nameFr: 'Boulangerie', nameEn: 'Bakery' },
  { slug: 'epicerie', nameFr: 'Épicerie', nameEn: 'Pantry' },
  { slug: 'boissons', nameFr: 'Boissons', nameEn: 'Drinks' },
  { slug: 'miel-confitures', nameFr: 'Miel & confitures', nameEn: 'Honey & jams' },
] as const;

export type LabelSlug = (typeof LABELS)[number]['slug'];
export type CategorySlug = (typeof CATEGORIES)[number]['slug'];

/** Label and category ids are their 1-based position in the lists above. */
export function labelId(slug: LabelSlug): number {
  return LABELS.findIndex((l) => l.slug === slug) + 1;
}
export function categoryId(slug: CategorySlug): number {
  return CATEGORIES.findIndex((c) => c.slug === slug) + 1;
}

// ---------------------------------------------------------------------------------------------
// The co-op.

type HubKey = 'ruche' | 'drive';
type ProducerKey =
  | 'jardins'
  | 'gaec'
  | 'chevrerie'
  | 'laiterie'
  | 'fournil'
  | 'rucher'
  | 'vergers'
  | 'brasserie'
  | 'combes'
  | 'chataigneraies';

interface EnterpriseDef {
  slug: string;
  name: string;
  description: string;
  addressLine: string;
  postalCode: string;
  commune: string;
  phone: string;
  labels: LabelSlug[];
  manager: { name: string; email: string };
  /** Legal identity for invoices (sellers only). */
  legal?: { name: string; siret: string; vatNumber: string };
}

const PLATFORM: EnterpriseDef = {
  slug: 'comptoir-plateforme',
  name: 'Comptoir (plateforme coopérative)',
  description:
    "La plateforme coopérative qui fait tourner les boutiques du plateau. Sa contribution, affichée sur chaque prix, finance l'hébergement et l'accompagnement des boutiques.",
  addressLine: '3 rue des Tanneries',
  postalCode: '23200',
  commune: 'Aubusson',
  phone: '05 36 49 00 01',
  labels: [],
  manager: { name: 'Camille Roux', email: 'admin@example.org' },
};

const HUBS: Record<HubKey, EnterpriseDef> = {
  ruche: {
    slug: 'la-ruche-du-plateau',
    name: 'La Ruche du Plateau',
    description:
      "Épicerie coopérative tenue par ses adhérents et deux salariées au cœur de Felletin. Tous les produits viennent de fermes et d'ateliers situés à moins de 50 km.",
    addressLine: '7 Grande Rue',
    postalCode: '23500',
    commune: 'Felletin',
    phone: '05 36 49 00 10',
    labels: [],
    manager: { name: 'Élise Bernard', email: 'elise.bernard@example.org' },
    legal: { name: 'SCIC La Ruche du Plateau', siret: '84512345600012', vatNumber: 'FR94845123456' },
  },
  drive: {
    slug: 'drive-fermier-de-la-vallee',
    name: 'Drive fermier de la Vallée',
    description:
      'Huit fermes de la vallée de la Vézère réunies pour un point de retrait commun à Treignac. Commandez en ligne, retirez le vendredi soir ou faites-vous livrer le samedi.',
    addressLine: '2 avenue de la Gare',
    postalCode: '19260',
    commune: 'Treignac',
    phone: '05 36 49 00 20',
    labels: [],
    manager: { name: 'Thomas Lefèvre', email: 'thomas.lefevre@example.org' },
    legal: { name: 'SAS Drive fermier de la Vallée', siret: '90187654300025', vatNumber: 'FR08901876543' },
  },
};

const PRODUCERS: Record<ProducerKey, EnterpriseDef> = {
  jardins: {
    slug: 'les-jardins-de-la-feuillade',
    name: 'Les Jardins de la Feuillade',
    description:
      "Maraîchage biologique sur deux hectares à 700 m d'altitude : légumes de plein champ et sous abri froid, récoltés la veille des retraits.",
    addressLine: 'Lieu-dit La Feuillade',
    postalCode: '23340',
    commune: 'Faux-la-Montagne',
    phone: '05 36 49 01 01',
    labels: ['ab'],
    manager: { name: 'Julie Moreau', email: 'julie.moreau@example.org' },
  },
  gaec: {
    slug: 'gaec-du-puy-chabrol',
    name: 'GAEC du Puy Chabrol',
    description:
      "Anne et Pierre Delmas élèvent une soixantaine de vaches limousines à l'herbe. Viande maturée, découpée et mise sous vide à l'atelier de la ferme.",
    addressLine: 'Le Puy Chabrol',
    postalCode: '19290',
    commune: 'Peyrelevade',
    phone: '05 36 49 01 02',
    labels: ['label-rouge'],
    manager: { name: 'Anne Delmas', email: 'anne.delmas@example.org' },
  },
  chevrerie: {
    slug: 'chevrerie-des-sagnes',
    name: 'Chèvrerie des Sagnes',
    description:
      'Quarante chèvres alpines qui pâturent les landes et les sagnes. Fromages lactiques et tommes affinées, fabriqués chaque jour avec le lait cru du matin.',
    addressLine: 'Les Sagnes',
    postalCode: '23340',
    commune: 'Gentioux-Pigerolles',
    phone: '05 36 49 01 03',
    labels: ['ab'],
    manager: { name: 'Sophie Laurent', email: 'sophie.laurent@example.org' },
  },
  laiterie: {
    slug: 'ferme-laitiere-du-mas',
    name: 'Ferme laitière du Mas',
    description:
      'Un troupeau de vaches montbéliardes et une petite fromagerie : lait cru, crème, beurre de baratte, yaourts et tomme fermière.',
    addressLine: 'Le Mas Vieux',
    postalCode: '19250',
    commune: 'Meymac',
    phone: '05 36 49 01 04',
    labels: ['bienvenue-a-la-ferme'],
    manager: { name: 'Jean-Marc Peyrat', email: 'jean-marc.peyrat@example.org' },
  },
  fournil: {
    slug: 'le-fournil-de-tarnac',
    name: 'Le Fournil de Tarnac',
    description:
      'Paysans-boulangers : nous cultivons nos blés et notre sarrasin, les moulons à la meule de pierre et cuisons au feu de bois deux fois par semaine.',
    addressLine: 'Le Bourg',
    postalCode: '19170',
    commune: 'Tarnac',
    phone: '05 36 49 01 05',
    labels: ['nature-et-progres'],
    manager: { name: 'Hugo Vidal', email: 'hugo.vidal@example.org' },
  },
  rucher: {
    slug: 'le-rucher-des-bruyeres',
    name: 'Le Rucher des Bruyères',
    description:
      'Deux cents ruches réparties entre landes, châtaigneraies et prairies du plateau. Miels extraits à froid, jamais chauffés ni mélangés.',
    addressLine: 'Route de Lestards',
    postalCode: '19170',
    commune: 'Bugeat',
    phone: '05 36 49 01 06',
    labels: ['ab'],
    manager: { name: 'Nadia Benali', email: 'nadia.benali@example.org' },
  },
  vergers: {
    slug: 'les-vergers-de-la-vezere',
    name: 'Les Vergers de la Vézère',
    description:
      'Vergers familiaux en coteaux au-dessus de la Vézère : pommes AOP du Limousin, poires, jus pressé à la ferme et cidre fermier.',
    addressLine: 'La Chassagne',
    postalCode: '19260',
    commune: 'Affieux',
    phone: '05 36 49 01 07',
    labels: ['aop'],
    manager: { name: 'Louis Chassagne', email: 'louis.chassagne@example.org' },
  },
  brasserie: {
    slug: 'brasserie-du-millevaches',
    name: 'Brasserie du Millevaches',
    description:
      "Brasserie artisanale installée dans l'ancienne filature de Felletin. Bières non filtrées, refermentées en bouteille, malts et houblons bio.",
    addressLine: "Quai de l'ancienne filature",
    postalCode: '23500',
    commune: 'Felletin',
    phone: '05 36 49 01 08',
    labels: ['ab'],
    manager: { name: 'Mathieu Roche', email: 'mathieu.roche@example.org' },
  },
  combes: {
    slug: 'ferme-avicole-des-combes',
    name: 'Ferme avicole des Combes',
    description:
      'Poules pondeuses et poulets de chair élevés en plein air, en petits bâtiments mobiles déplacés sur la prairie au fil des saisons.',
    addressLine: 'Les Combes',
    postalCode: '23460',
    commune: 'Royère-de-Vassivière',
    phone: '05 36 49 01 09',
    labels: ['ab'],
    manager: { name: 'Claire Dufour', email: 'claire.dufour@example.org' },
  },
  chataigneraies: {
    slug: 'les-chataigneraies-deymoutiers',
    name: "Les Châtaigneraies d'Eymoutiers",
    description:
      'Châtaigneraies anciennes remises en production et petits fruits de sous-bois, transformés dans notre atelier : crème de marrons, farine et confitures.',
    addressLine: 'Chemin du Puy de Bord',
    postalCode: '87120',
    commune: 'Eymoutiers',
    phone: '05 36 49 01 10',
    labels: ['nature-et-progres'],
    manager: { name: 'Pauline Giraud', email: 'pauline.giraud@example.org' },
  },
};

const HUB_PRODUCERS: Record<HubKey, ProducerKey[]> = {
  ruche: ['jardins', 'gaec', 'chevrerie', 'laiterie', 'fournil', 'rucher', 'brasserie', 'combes', 'chataigneraies'],
  drive: ['jardins', 'gaec', 'laiterie', 'fournil', 'rucher', 'vergers', 'brasserie', 'combes'],
};

type Stock = number | 'demand';

interface VariantDef {
  name: string;
  kind: UnitKind;
  value: number;
  price: number;
  stock: Stock;
  vat?: number;
  max?: number;
  /** Left out of this hub's cycles ("most of their variants"). */
  notAt?: HubKey;
}

interface ProductDef {
  producer: ProducerKey;
  category: CategorySlug;
  slug: string;
  name: string;
  description: string;
  labels?: LabelSlug[];
  variants: VariantDef[];
}

type More = Pick<VariantDef, 'vat' | 'max' | 'notAt'>;
const g = (name: string, grams: number, price: number, stock: Stock, more: More = {}): VariantDef => ({
  name,
  kind: 'weight',
  value: grams,
  price,
  stock,
  ...more,
});
const ml = (name: string, millilitres: number, price: number, stock: Stock, more: More = {}): VariantDef => ({
  name,
  kind: 'volume',
  value: millilitres,
  price,
  stock,
  ...more,
});
const pcs = (name: string, pieces: number, price: number, stock: Stock, more: More = {}): VariantDef => ({
  name,
  kind: 'items',
  value: pieces,
  price,
  stock,
  ...more,
});
const ALCOHOL = 2000;

const PRODUCTS: ProductDef[] = [
  // Les Jardins de la Feuillade — légumes
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'carottes',
    name: 'Carottes',
    labels: ['ab'],
    description: 'Carottes de plein champ, sucrées et croquantes. Lavées, vendues sans fanes au poids ou en botte avec fanes.',
    variants: [g('1 kg', 1000, 320, 80), pcs('botte', 1, 290, 25, { notAt: 'drive' })],
  },
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'pommes-de-terre-charlotte',
    name: 'Pommes de terre Charlotte',
    labels: ['ab'],
    description: 'Chair ferme, idéales à la vapeur ou sautées. Récoltées à maturité et conservées en cave.',
    variants: [g('1 kg', 1000, 290, 120), g('5 kg', 5000, 1250, 30)],
  },
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'tomates-anciennes',
    name: 'Tomates anciennes en mélange',
    labels: ['ab'],
    description: 'Cœur de bœuf, noire de Crimée, green zebra… cultivées sous abri froid et cueillies bien mûres.',
    variants: [g('500 g', 500, 375, 40), g('1 kg', 1000, 690, 25)],
  },
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'courgettes',
    name: 'Courgettes vertes',
    labels: ['ab'],
    description: 'Courgettes fines cueillies jeunes, à la peau tendre.',
    variants: [g('1 kg', 1000, 350, 50)],
  },
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'salade-batavia',
    name: 'Salade batavia',
    labels: ['ab'],
    description: 'Batavia blonde cueillie le matin même du retrait.',
    variants: [pcs('pièce', 1, 150, 4)],
  },
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'poireaux',
    name: 'Poireaux',
    labels: ['ab'],
    description: 'Poireaux au fût long et blanc, parfaits pour les soupes et les fondues.',
    variants: [g('1 kg', 1000, 380, 45)],
  },
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'oignons-jaunes',
    name: 'Oignons jaunes',
    labels: ['ab'],
    description: 'Oignons de garde séchés au soleil, doux à la cuisson.',
    variants: [g('1 kg', 1000, 290, 60, { notAt: 'ruche' })],
  },
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'jeunes-pousses-epinard',
    name: "Jeunes pousses d'épinard",
    labels: ['ab'],
    description: 'Feuilles tendres à manger crues en salade ou juste tombées à la poêle.',
    variants: [g('250 g', 250, 390, 3)],
  },
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'ail-rose',
    name: 'Ail rose',
    labels: ['ab'],
    description: 'Ail rose de printemps, parfumé et de bonne garde.',
    variants: [pcs('3 têtes', 3, 300, 35)],
  },
  {
    producer: 'jardins',
    category: 'legumes',
    slug: 'panier-de-saison',
    name: 'Panier de légumes de saison',
    labels: ['ab'],
    description: 'Composé chaque semaine selon la récolte : six à huit légumes différents, environ 4 kg.',
    variants: [g('panier 4 kg', 4000, 2000, 'demand', { max: 2 })],
  },

  // GAEC du Puy Chabrol — viande limousine
  {
    producer: 'gaec',
    category: 'viandes',
    slug: 'colis-boeuf-limousin',
    name: 'Colis de bœuf limousin',
    labels: ['label-rouge'],
    description: 'Colis mixte sous vide : steaks, rôti, bourguignon et pot-au-feu. Viande maturée deux semaines.',
    variants: [g('5 kg', 5000, 8900, 6, { max: 1 })],
  },
  {
    producer: 'gaec',
    category: 'viandes',
    slug: 'steaks-haches',
    name: 'Steaks hachés pur bœuf',
    labels: ['label-rouge'],
    description: 'Hachés à la ferme, 15 % de matières grasses, sous vide.',
    variants: [g('4 × 125 g', 500, 990, 30)],
  },
  {
    producer: 'gaec',
    category: 'viandes',
    slug: 'entrecote',
    name: 'Entrecôte',
    labels: ['label-rouge'],
    description: 'Pièce persillée, tranchée épaisse, à saisir à feu vif.',
    variants: [g('400 g', 400, 1490, 12)],
  },
  {
    producer: 'gaec',
    category: 'viandes',
    slug: 'boeuf-bourguignon',
    name: 'Bœuf bourguignon',
    labels: ['label-rouge'],
    description: 'Paleron et macreuse coupés en cubes, pour les plats mijotés.',
    variants: [g('1 kg', 1000, 1790, 15, { notAt: 'drive' })],
  },
  {
    producer: 'gaec',
    category: 'viandes',
    slug: 'colis-veau',
    name: 'Colis de veau de lait',
    labels: ['label-rouge'],
    description: 'Veau élevé sous la mère, colis de 3 kg : escalopes, côtes, rôti et blanquette.',
    variants: [g('3 kg', 3000, 6300, 2, { max: 1 })],
  },
  {
    producer: 'gaec',
    category: 'viandes',
    slug: 'saucisses-boeuf',
    name: 'Saucisses de bœuf aux herbes',
    description: 'Saucisses fraîches au thym et à la sarriette, embossées à la ferme.',
    variants: [g('500 g', 500, 990, 20)],
  },

  // Chèvrerie des Sagnes
  {
    producer: 'chevrerie',
    category: 'fromages',
    slug: 'crottins-frais',
    name: 'Crottins de chèvre frais',
    labels: ['ab'],
    description: 'Fromages lactiques moulés à la louche, à déguster frais ou à laisser s’affiner quelques jours.',
    variants: [pcs('1 crottin', 1, 260, 40), pcs('lot de 4', 4, 950, 15)],
  },
  {
    producer: 'chevrerie',
    category: 'fromages',
    slug: 'buche-cendree',
    name: 'Bûche cendrée',
    labels: ['ab'],
    description: 'Bûche au lait cru cendrée, affinée trois semaines, pâte fondante sous la croûte.',
    variants: [g('200 g', 200, 590, 20)],
  },
  {
    producer: 'chevrerie',
    category: 'fromages',
    slug: 'tomme-de-chevre',
    name: 'Tomme de chèvre à la coupe',
    labels: ['ab'],
    description: 'Pâte pressée affinée trois mois en cave, coupée à la commande.',
    variants: [g('200 g', 200, 620, 25), g('400 g', 400, 1200, 10)],
  },
  {
    producer: 'chevrerie',
    category: 'produits-laitiers',
    slug: 'yaourts-chevre',
    name: 'Yaourts au lait de chèvre',
    labels: ['ab'],
    description: 'Yaourts nature, doux et onctueux, en pots de verre consignés.',
    variants: [pcs('4 × 125 g', 4, 420, 30)],
  },
  {
    producer: 'chevrerie',
    category: 'produits-laitiers',
    slug: 'faisselle-chevre',
    name: 'Faisselle de chèvre',
    labels: ['ab'],
    description: 'Caillé égoutté en faisselle, à servir avec du miel ou des herbes.',
    variants: [g('500 g', 500, 450, 3)],
  },

  // Ferme laitière du Mas
  {
    producer: 'laiterie',
    category: 'produits-laitiers',
    slug: 'lait-cru-entier',
    name: 'Lait cru entier',
    description: 'Lait non pasteurisé de nos montbéliardes, à consommer sous trois jours ou à faire bouillir.',
    variants: [ml('1 L', 1000, 150, 60)],
  },
  {
    producer: 'laiterie',
    category: 'produits-laitiers',
    slug: 'creme-fraiche',
    name: 'Crème fraîche épaisse',
    description: 'Crème crue maturée, épaisse et légèrement acidulée.',
    variants: [ml('25 cl', 250, 330, 25), ml('50 cl', 500, 590, 15)],
  },
  {
    producer: 'laiterie',
    category: 'produits-laitiers',
    slug: 'beurre-de-baratte',
    name: 'Beurre de baratte',
    description: 'Baratté à l’ancienne à partir de crème crue, moulé à la main.',
    variants: [g('doux 250 g', 250, 450, 30), g('demi-sel 250 g', 250, 470, 30)],
  },
  {
    producer: 'laiterie',
    category: 'produits-laitiers',
    slug: 'yaourts-fermiers',
    name: 'Yaourts fermiers',
    description: 'Yaourts au lait entier étuvés en pots de verre consignés.',
    variants: [pcs('nature 4 × 125 g', 4, 320, 40), pcs('aux fruits 4 × 125 g', 4, 380, 30)],
  },
  {
    producer: 'laiterie',
    category: 'fromages',
    slug: 'tomme-du-mas',
    name: 'Tomme du Mas à la coupe',
    description: 'Tomme de vache au lait cru affinée deux mois, croûte naturelle.',
    variants: [g('200 g', 200, 480, 30), g('500 g', 500, 1150, 12)],
  },
  {
    producer: 'laiterie',
    category: 'produits-laitiers',
    slug: 'fromage-blanc',
    name: 'Fromage blanc battu',
    description: 'Fromage blanc lisse à 20 % de matière grasse.',
    variants: [g('500 g', 500, 390, 20, { notAt: 'ruche' })],
  },

  // Le Fournil de Tarnac
  {
    producer: 'fournil',
    category: 'boulangerie',
    slug: 'pain-de-campagne',
    name: 'Pain de campagne au levain',
    labels: ['nature-et-progres'],
    description: 'Farine T80 de nos blés moulue à la meule, levain naturel, cuit au feu de bois. Se garde une semaine.',
    variants: [g('800 g', 800, 560, 'demand', { max: 4 }), g('1,5 kg', 1500, 990, 'demand', { max: 2 })],
  },
  {
    producer: 'fournil',
    category: 'boulangerie',
    slug: 'pain-au-sarrasin',
    name: 'Pain au sarrasin',
    labels: ['nature-et-progres'],
    description: 'Un tiers de farine de sarrasin pour une mie dense et parfumée.',
    variants: [g('500 g', 500, 480, 'demand')],
  },
  {
    producer: 'fournil',
    category: 'boulangerie',
    slug: 'pain-aux-noix',
    name: 'Pain aux noix',
    labels: ['nature-et-progres'],
    description: 'Pain au levain généreusement garni de noix du Limousin.',
    variants: [g('400 g', 400, 520, 10)],
  },
  {
    producer: 'fournil',
    category: 'boulangerie',
    slug: 'brioche',
    name: 'Brioche au beurre fermier',
    description: 'Brioche tressée au beurre et aux œufs de la ferme voisine, cuite le matin du retrait.',
    variants: [g('400 g', 400, 750, 4)],
  },
  {
    producer: 'fournil',
    category: 'epicerie',
    slug: 'farine-ble-t80',
    name: 'Farine de blé T80',
    labels: ['nature-et-progres'],
    description: 'Farine bise moulue à la meule de pierre, pour le pain et les pâtisseries rustiques.',
    variants: [g('1 kg', 1000, 320, 40)],
  },
  {
    producer: 'fournil',
    category: 'epicerie',
    slug: 'farine-sarrasin',
    name: 'Farine de sarrasin',
    labels: ['nature-et-progres'],
    description: 'Pour les galettes et les crêpes, moulue la semaine de la vente.',
    variants: [g('1 kg', 1000, 450, 25, { notAt: 'drive' })],
  },
  {
    producer: 'fournil',
    category: 'epicerie',
    slug: 'croquants-noisettes',
    name: 'Croquants aux noisettes',
    description: 'Biscuits secs et croustillants, à tremper dans le café.',
    variants: [g('200 g', 200, 450, 20)],
  },

  // Le Rucher des Bruyères
  {
    producer: 'rucher',
    category: 'miel-confitures',
    slug: 'miel-de-bruyere',
    name: 'Miel de bruyère',
    labels: ['ab'],
    description: 'Miel ambré récolté en fin d’été sur les landes du plateau. Goût puissant, légèrement amer.',
    variants: [g('250 g', 250, 780, 20), g('500 g', 500, 1400, 12)],
  },
  {
    producer: 'rucher',
    category: 'miel-confitures',
    slug: 'miel-de-chataignier',
    name: 'Miel de châtaignier',
    labels: ['ab'],
    description: 'Miel foncé et tannique, parfait avec les fromages de chèvre.',
    variants: [g('250 g', 250, 720, 25), g('500 g', 500, 1290, 15)],
  },
  {
    producer: 'rucher',
    category: 'miel-confitures',
    slug: 'miel-toutes-fleurs',
    name: 'Miel toutes fleurs de printemps',
    labels: ['ab'],
    description: 'Miel clair et doux, crémeux, récolté en juin. Grand pot familial.',
    variants: [g('1 kg', 1000, 1990, 5, { max: 2 })],
  },
  {
    producer: 'rucher',
    category: 'boulangerie',
    slug: 'pain-d-epices',
    name: "Pain d'épices au miel",
    description: 'Au miel de châtaignier et à la farine de seigle, moelleux plusieurs semaines.',
    variants: [g('300 g', 300, 650, 15)],
  },

  // Les Vergers de la Vézère
  {
    producer: 'vergers',
    category: 'fruits',
    slug: 'pommes-golden',
    name: 'Pommes Golden du Limousin',
    labels: ['aop'],
    description: 'AOP Pomme du Limousin : croquante, juteuse et acidulée grâce aux nuits fraîches des coteaux.',
    variants: [g('1 kg', 1000, 290, 100), g('3 kg', 3000, 790, 40)],
  },
  {
    producer: 'vergers',
    category: 'fruits',
    slug: 'reine-des-reinettes',
    name: 'Pommes Reine des reinettes',
    description: 'Variété ancienne, parfumée, qui se tient bien à la cuisson pour les tartes.',
    variants: [g('1 kg', 1000, 320, 60)],
  },
  {
    producer: 'vergers',
    category: 'fruits',
    slug: 'poires-conference',
    name: 'Poires Conférence',
    description: 'Poires fondantes cueillies à maturité, à laisser mûrir quelques jours à température ambiante.',
    variants: [g('1 kg', 1000, 380, 30)],
  },
  {
    producer: 'vergers',
    category: 'boissons',
    slug: 'jus-de-pomme',
    name: 'Jus de pomme',
    description: 'Pur jus pressé à la ferme, non filtré, sans sucre ajouté.',
    variants: [ml('1 L', 1000, 350, 80), ml('cubi 3 L', 3000, 890, 20)],
  },
  {
    producer: 'vergers',
    category: 'boissons',
    slug: 'cidre-fermier',
    name: 'Cidre fermier',
    description: 'Cidre de pommes à couteau et à cidre, fermentation naturelle en fût.',
    variants: [ml('brut 75 cl', 750, 550, 40, { vat: ALCOHOL }), ml('doux 75 cl', 750, 550, 35, { vat: ALCOHOL })],
  },
  {
    producer: 'vergers',
    category: 'epicerie',
    slug: 'compote-pommes',
    name: 'Compote de pommes',
    description: 'Compote sans sucre ajouté, cuite en chaudron, en bocal de verre.',
    variants: [g('350 g', 350, 380, 30)],
  },

  // Brasserie du Millevaches
  {
    producer: 'brasserie',
    category: 'boissons',
    slug: 'biere-blonde',
    name: 'Bière blonde',
    labels: ['ab'],
    description: 'Blonde légère et désaltérante, houblonnée à cru, 5 % vol.',
    variants: [ml('33 cl', 330, 320, 120, { vat: ALCOHOL }), ml('75 cl', 750, 650, 30, { vat: ALCOHOL })],
  },
  {
    producer: 'brasserie',
    category: 'boissons',
    slug: 'biere-ambree',
    name: 'Bière ambrée',
    labels: ['ab'],
    description: 'Notes de caramel et de pain grillé, 6 % vol.',
    variants: [ml('33 cl', 330, 340, 90, { vat: ALCOHOL })],
  },
  {
    producer: 'brasserie',
    category: 'boissons',
    slug: 'biere-brune-chataigne',
    name: 'Bière brune à la châtaigne',
    labels: ['ab'],
    description: 'Brune ronde brassée avec des châtaignes grillées du plateau, 7 % vol.',
    variants: [ml('75 cl', 750, 690, 25, { vat: ALCOHOL })],
  },
  {
    producer: 'brasserie',
    category: 'boissons',
    slug: 'coffret-decouverte',
    name: 'Coffret découverte',
    labels: ['ab'],
    description: 'Deux blondes, deux ambrées et deux brunes pour découvrir la gamme.',
    variants: [ml('6 × 33 cl', 1980, 1850, 8, { vat: ALCOHOL, max: 2 })],
  },
  {
    producer: 'brasserie',
    category: 'boissons',
    slug: 'limonade',
    name: 'Limonade artisanale',
    labels: ['ab'],
    description: 'Limonade au citron et au sucre de canne, peu sucrée.',
    variants: [ml('33 cl', 330, 250, 60)],
  },

  // Ferme avicole des Combes
  {
    producer: 'combes',
    category: 'oeufs',
    slug: 'oeufs-plein-air',
    name: 'Œufs de poules plein air',
    labels: ['ab'],
    description: 'Pondus par nos poules qui vivent dehors toute la journée, ramassés chaque matin.',
    variants: [pcs('6 œufs', 6, 290, 60), pcs('12 œufs', 12, 540, 40), pcs('plateau de 30', 30, 1290, 3, { max: 1 })],
  },
  {
    producer: 'combes',
    category: 'viandes',
    slug: 'poulet-fermier',
    name: 'Poulet fermier entier',
    labels: ['ab'],
    description: 'Poulet à croissance lente élevé 110 jours en plein air, prêt à cuire.',
    variants: [g('environ 1,8 kg', 1800, 1890, 8)],
  },
  {
    producer: 'combes',
    category: 'viandes',
    slug: 'cuisses-de-poulet',
    name: 'Cuisses de poulet',
    labels: ['ab'],
    description: 'Cuisses entières avec la peau, idéales rôties ou en cocotte.',
    variants: [g('1 kg', 1000, 1390, 10)],
  },

  // Les Châtaigneraies d'Eymoutiers
  {
    producer: 'chataigneraies',
    category: 'miel-confitures',
    slug: 'creme-de-marrons',
    name: 'Crème de marrons',
    labels: ['nature-et-progres'],
    description: 'Châtaignes du Limousin cuites et mixées avec un peu de sucre de canne et de vanille.',
    variants: [g('350 g', 350, 590, 30)],
  },
  {
    producer: 'chataigneraies',
    category: 'miel-confitures',
    slug: 'confiture-myrtilles',
    name: 'Confiture de myrtilles sauvages',
    description: 'Myrtilles cueillies à la main dans les sous-bois, 60 % de fruits.',
    variants: [g('350 g', 350, 650, 4)],
  },
  {
    producer: 'chataigneraies',
    category: 'miel-confitures',
    slug: 'confiture-framboises',
    name: 'Confiture de framboises',
    description: 'Framboises de nos rangs, cuites en petites bassines de cuivre.',
    variants: [g('350 g', 350, 620, 20)],
  },
  {
    producer: 'chataigneraies',
    category: 'epicerie',
    slug: 'farine-de-chataigne',
    name: 'Farine de châtaigne',
    labels: ['nature-et-progres'],
    description: 'Châtaignes séchées à la fumée de bois puis moulues, pour gâteaux, crêpes et pains sans gluten.',
    variants: [g('500 g', 500, 790, 15)],
  },
  {
    producer: 'chataigneraies',
    category: 'epicerie',
    slug: 'chataignes-seches',
    name: 'Châtaignes sèches',
    labels: ['nature-et-progres'],
    description: 'À réhydrater une nuit avant cuisson, pour les soupes et les farces.',
    variants: [g('500 g', 500, 690, 20)],
  },
];

// ---------------------------------------------------------------------------------------------

/**
 * Methods part of the demo: the Ruche delivers around Felletin (a zone, its own minimum, free above an
 * amount), in its open cycle but not in the next one (the team is short that week: pickup only). Runs
 * after the cycles exist, so the choice is explicit rather than the new method joining every cycle.
 */
function demoDeliveryZoneStatements(db: Db, rucheId: number): Statement[] {
  return [
    db.insert(s.shippingMethods).values({
      id: 4,
      hubId: rucheId,
      name: 'Livraison autour de Felletin',
      kind: 'delivery',
      description: 'Pendant le créneau de retrait du cycle, par un bénévole de la Ruche, à votre porte.',
      feeCents: 350,
      vatRateBp: 550,
      zone: '23500, 23200, Felletin, Aubusson, Saint-Quentin-la-Chabanne',
      minOrderCents: 2500,
      freeFromCents: 4500,
      position: 1,
      archivedAt: null,
    }),
    // Cycle 1 is the Ruche's open cycle, cycle 3 its next one (cycleDefs).
    db.run(sql`INSERT OR IGNORE INTO cycle_outgoing_shipping_methods (outgoing_id, method_id)
      SELECT id, 4 FROM cycle_outgoing WHERE cycle_id = 1 AND hub_id = ${rucheId}`),
    // Whatever the clock the trigger read, only cycle 1 offers it: the seed stays deterministic.
    db.run(sql`DELETE FROM cycle_outgoing_shipping_methods
      WHERE method_id = 4 AND outgoing_id IN (SELECT id FROM cycle_outgoing WHERE cycle_id <> 1)`),
  ];
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo seed: missing ${what}`);
  return value;
}

/** Whether a database holds any enterprise yet. */
export async function hasEnterprises(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(s.enterprises);
  return (row?.n ?? 0) > 0;
}

/** Seeds the demo co-op when the database has no enterprise; returns null when it skipped. */
export async function seedIfEmpty(db: Db, now: number): Promise<SeedSummary | null> {
  if (await hasEnterprises(db)) return null;
  return seedDemo(db, { now });
}

/** Inserts the demo co-op into an empty, migrated database, in one batch (one transaction). */
export async function seedDemo(db: Db, opts: { now: number }): Promise<SeedSummary> {
  const { now } = opts;
  const createdAt = parisTime(now, -120, 9);
  const updatedAt = parisTime(now, -3, 18);

  // Enterprises: the platform, the hubs, then the producers.
  const hubKeys = Object.keys(HUBS) as HubKey[];
  const producerKeys = Object.keys(PRODUCERS) as ProducerKey[];
  const hubId = new Map<HubKey, number>(hubKeys.map((k, i) => [k, 2 + i]));
  const producerId = new Map<ProducerKey, number>(producerKeys.map((k, i) => [k, 2 + hubKeys.length + i]));
  const platformId = 1;
  const enterpriseDefs: Array<{ id: number; def: EnterpriseDef; isProducer: boolean; isHub: boolean }> = [
    { id: platformId, def: PLATFORM, isProducer: false, isHub: false },
    ...hubKeys.map((k) => ({ id: must(hubId.get(k), k), def: HUBS[k], isProducer: false, isHub: true })),
    ...producerKeys.map((k) => ({ id: must(producerId.get(k), k), def: PRODUCERS[k], isProducer: true, isHub: false })),
  ];
  const rucheId = must(hubId.get('ruche'), 'ruche');
  const driveId = must(hubId.get('drive'), 'drive');

  const hubExtras: Record<number, Partial<typeof s.enterprises.$inferInsert>> = {
    [rucheId]: {
      stripeAccountId: 'acct_demo_ruche_du_plateau',
      stripeChargesEnabled: true,
      stripePayoutsEnabled: true,
      stripeDetailsSubmitted: true,
    },
    [driveId]: {
      minOrderCents: 1500,
      termsText:
        "Les commandes sont préparées par les producteurs et l'équipe du drive à partir de la clôture du cycle. " +
        'Merci de retirer votre commande sur le créneau indiqué : les produits frais non retirés ne peuvent être ni repris ni remboursés. ' +
        "Le paiement se fait au retrait, en espèces ou par chèque à l'ordre du producteur référent. Minimum de commande : 15 €.",
    },
  };

  const enterpriseRows = enterpriseDefs.map(({ id, def, isProducer, isHub }) => ({
    id,
    slug: def.slug,
    name: def.name,
    isProducer,
    isHub,
    description: def.description,
    addressLine: def.addressLine,
    postalCode: def.postalCode,
    commune: def.commune,
    country: 'FR',
    email: `contact@${def.slug}.example.org`,
    phone: def.phone,
    website: null,
    logoKey: null,
    legalName: def.legal?.name ?? null,
    siret: def.legal?.siret ?? null,
    vatNumber: def.legal?.vatNumber ?? null,
    stripeAccountId: null,
    termsText: null,
    minOrderCents: 0,
    createdAt,
    updatedAt,
    publishedAt: createdAt,
    ...hubExtras[id],
  }));
  const enterpriseLabelRows = enterpriseDefs.flatMap(({ id, def }) => def.labels.map((l) => ({ enterpriseId: id, labelId: labelId(l) })));

  // Users: the platform admin manages the platform enterprise; one manager per other enterprise.
  const userRows = enterpriseDefs.map(({ id, def }, i) => ({
    id: i + 1,
    email: def.manager.email,
    name: def.manager.name,
    isPlatformAdmin: id === platformId,
    createdAt,
  }));
  const managerRows = enterpriseDefs.map(({ id }, i) => ({ userId: i + 1, enterpriseId: id }));

  // Products and variants.
  const productRows: Array<typeof s.products.$inferInsert> = [];
  const productLabelRows: Array<typeof s.productLabels.$inferInsert> = [];
  const variantRows: Array<typeof s.variants.$inferInsert & { id: number }> = [];
  const variantKey = new Map<string, number>();
  const variantsByProducer = new Map<ProducerKey, Array<{ id: number; notAt: HubKey | undefined }>>();
  for (const [pi, p] of PRODUCTS.entries()) {
    const productId = pi + 1;
    productRows.push({
      id: productId,
      producerId: must(producerId.get(p.producer), p.producer),
      categoryId: categoryId(p.category),
      slug: p.slug,
      name: p.name,
      description: p.description,
      imageKey: null,
      archivedAt: null,
      createdAt,
      updatedAt,
    });
    for (const l of p.labels ?? []) productLabelRows.push({ productId, labelId: labelId(l) });
    for (const [position, v] of p.variants.entries()) {
      const id = variantRows.length + 1;
      variantRows.push({
        id,
        productId,
        name: v.name,
        unitKind: v.kind,
        unitValue: v.value,
        priceCents: v.price,
        vatRateBp: v.vat ?? 550,
        onHand: v.stock === 'demand' ? 0 : v.stock,
        onDemand: v.stock === 'demand',
        maxPerOrder: v.max ?? null,
        position,
        archivedAt: null,
        updatedAt,
      });
      variantKey.set(`${p.slug}/${v.name}`, id);
      const list = variantsByProducer.get(p.producer) ?? [];
      list.push({ id, notAt: v.notAt });
      variantsByProducer.set(p.producer, list);
    }
  }
  const vk = (key: string) => must(variantKey.get(key), `variant ${key}`);

  // Who sells whom, with the override rights the overrides below rely on.
  const relationshipRows = hubKeys.flatMap((h) =>
    HUB_PRODUCERS[h].map((p) => ({
      producerId: must(producerId.get(p), p),
      hubId: must(hubId.get(h), h),
      canAddToCycles: true,
      canOverridePrice: (h === 'drive' && (p === 'vergers' || p === 'fournil')) || false,
      canOverrideStock: (h === 'ruche' && p === 'rucher') || (h === 'drive' && p === 'fournil'),
    })),
  );
  const overrideRows = [
    // The épicerie keeps a few jars on its own shelves and sells only those online.
    { hubId: rucheId, variantId: vk('miel-de-bruyere/500 g'), priceCents: null, onHand: 6, onDemand: null },
    // The drive sells juice a little dearer (it pays for the deposit crates).
    { hubId: driveId, variantId: vk('jus-de-pomme/1 L'), priceCents: 380, onHand: null, onDemand: null },
    // The drive takes a fixed batch of loaves per cycle, at its own price.
    { hubId: driveId, variantId: vk('pain-de-campagne/800 g'), priceCents: 590, onHand: 15, onDemand: false },
  ];

  // Checkout settings.
  const shippingRows = [
    {
      id: 1,
      hubId: rucheId,
      name: "Retrait à l'épicerie",
      kind: 'pickup' as const,
      feeCents: 0,
      vatRateBp: 2000,
      position: 0,
      archivedAt: null,
      description: "À l'épicerie, 7 Grande Rue à Felletin, pendant le créneau de retrait du cycle.",
    },
    {
      id: 2,
      hubId: driveId,
      name: 'Retrait au drive',
      kind: 'pickup' as const,
      feeCents: 0,
      vatRateBp: 2000,
      position: 0,
      archivedAt: null,
      description: 'Au local du drive, 2 avenue de la Gare à Treignac, le vendredi soir du retrait.',
    },
    {
      id: 3,
      hubId: driveId,
      name: 'Livraison à domicile',
      kind: 'delivery' as const,
      feeCents: 490,
      vatRateBp: 2000,
      position: 1,
      archivedAt: null,
      description: 'Le samedi matin, dans un rayon de 15 km autour de Treignac.',
    },
  ];
  const paymentRows = [
    {
      id: 1,
      hubId: rucheId,
      name: 'Paiement au retrait (espèces ou chèque)',
      kind: 'offline' as const,
      position: 0,
      archivedAt: null,
      description: "Réglez à l'épicerie au moment du retrait.",
    },
    {
      id: 2,
      hubId: rucheId,
      name: 'Carte bancaire',
      kind: 'card' as const,
      position: 1,
      archivedAt: null,
      description: 'Paiement sécurisé en ligne au moment de la commande.',
    },
    {
      id: 3,
      hubId: driveId,
      name: 'Paiement au retrait (espèces ou chèque)',
      kind: 'offline' as const,
      position: 0,
      archivedAt: null,
      description: 'Réglez au drive ou au livreur, en espèces ou par chèque.',
    },
  ];
  const customerRows = [
    { id: 1, hubId: rucheId, email: 'marie.chabanne@example.org', name: 'Marie Chabanne', phone: '06 39 98 00 01', createdAt },
    { id: 2, hubId: rucheId, email: 'youssef.haddad@example.org', name: 'Youssef Haddad', phone: '06 39 98 00 02', createdAt },
    { id: 3, hubId: rucheId, email: 'lucie.fournier@example.org', name: 'Lucie Fournier', phone: '06 39 98 00 03', createdAt },
  ];
  const customerTagRows = [
    { customerId: 1, tag: 'adhérent' },
    { customerId: 2, tag: 'adhérent' },
    { customerId: 2, tag: 'bénévole' },
  ];
  // Members see the big tray of eggs, at a member price.
  const tagRuleRows = [{ id: 1, hubId: rucheId, tag: 'adhérent', variantId: vk('oeufs-plein-air/plateau de 30'), priceCents: 1190 }];

  // Fees (« marges et commissions »).
  const gaecId = must(producerId.get('gaec'), 'gaec');
  const fee = (
    id: number,
    enterpriseId: number,
    name: string,
    feeType: FeeType,
    calculator: FeeCalculator,
    amount: number,
    vatRateBp = 2000,
  ) => ({
    id,
    enterpriseId,
    name,
    feeType,
    calculator,
    amount,
    vatRateBp,
    archivedAt: null,
  });
  const FEE = { rucheCommission: 1, driveCommission: 2, platform: 3, transport: 4, preparation: 5 } as const;
  const feeRows = [
    fee(FEE.rucheCommission, rucheId, 'Commission de la boutique', 'sales', 'percent_per_item', 1000),
    fee(FEE.driveCommission, driveId, 'Commission du drive', 'sales', 'percent_per_item', 1200),
    fee(FEE.platform, platformId, 'Contribution plateforme', 'admin', 'percent_per_item', 200),
    fee(FEE.transport, gaecId, 'Transport réfrigéré', 'transport', 'per_kg', 40, 550),
    fee(FEE.preparation, driveId, 'Frais de préparation', 'packing', 'flat_per_order', 50, 2000),
  ];

  // Cycles: per hub an open one and the next one; the épicerie also keeps last week's, closed.
  interface CycleDef {
    hub: HubKey;
    opensAt: number;
    closesAt: number;
    collectionDay: number;
    createdDay: number;
    /** Another pickup than the hub's usual one, with the producers who bring their goods there. */
    elsewhere?: { pickup: (typeof collection)[HubKey]; producers: ProducerKey[] };
  }
  const cycleDefs: CycleDef[] = [
    { hub: 'ruche', opensAt: parisTime(now, -2, 8), closesAt: parisTime(now, 5, 20), collectionDay: 7, createdDay: -6 },
    { hub: 'drive', opensAt: parisTime(now, -3, 8), closesAt: parisTime(now, 4, 20), collectionDay: 6, createdDay: -7 },
    { hub: 'ruche', opensAt: parisTime(now, 9, 8), closesAt: parisTime(now, 16, 20), collectionDay: 18, createdDay: -1 },
    { hub: 'drive', opensAt: parisTime(now, 8, 8), closesAt: parisTime(now, 15, 20), collectionDay: 17, createdDay: -1 },
    { hub: 'ruche', opensAt: parisTime(now, -16, 8), closesAt: parisTime(now, -9, 20), collectionDay: -7, createdDay: -20 },
  ];
  const collection: Record<
    HubKey,
    { startHour: number; endHour: number; endMinute: number; place: string; instructions: string; reception: string }
  > = {
    ruche: {
      startHour: 16,
      endHour: 19,
      endMinute: 0,
      place: 'La Ruche du Plateau, 7 Grande Rue, 23500 Felletin',
      instructions:
        "Apportez vos sacs et vos boîtes à œufs vides. Les produits frais attendent au frais jusqu'à 19 h ; en cas d'empêchement, prévenez-nous pour un retrait le lendemain matin.",
      reception: "Livraison à l'épicerie la veille du retrait, avant 12 h, par la porte de la cour.",
    },
    drive: {
      startHour: 17,
      endHour: 19,
      endMinute: 30,
      place: 'Drive fermier de la Vallée, 2 avenue de la Gare, 19260 Treignac',
      instructions:
        'Présentez-vous avec votre nom de commande : un producteur de permanence vous remet vos sacs. Les livraisons partent le lendemain à 9 h.',
      reception: 'Dépôt au local du drive le jour du retrait entre 14 h et 16 h ; chambre froide à gauche en entrant.',
    },
  };

  // Several open sales at one hub (cycles part): the épicerie also sells for a pickup on another day at
  // Royère-de-Vassivière, open beside its Felletin sale and closing a day later, so its shop offers a
  // choice of two pickups.
  cycleDefs.push({
    hub: 'ruche',
    opensAt: parisTime(now, -1, 8),
    closesAt: parisTime(now, 6, 20),
    collectionDay: 9,
    createdDay: -4,
    elsewhere: {
      pickup: {
        startHour: 16,
        endHour: 18,
        endMinute: 30,
        place: 'Salle des fêtes, place de l’Église, 23460 Royère-de-Vassivière',
        instructions: 'Retrait à la salle des fêtes, entrée côté parking. Les sacs sont au nom de la commande.',
        reception: 'Dépôt à la salle des fêtes le jour du retrait entre 14 h et 15 h 30.',
      },
      producers: ['jardins', 'gaec', 'chevrerie', 'fournil', 'rucher'],
    },
  });

  const cycleRows: Array<typeof s.orderCycles.$inferInsert> = [];
  const incomingRows: Array<typeof s.cycleIncoming.$inferInsert> = [];
  const incomingVariantRows: Array<typeof s.cycleIncomingVariants.$inferInsert> = [];
  const outgoingRows: Array<typeof s.cycleOutgoing.$inferInsert> = [];
  const outgoingVariantRows: Array<typeof s.cycleOutgoingVariants.$inferInsert> = [];
  const cycleFeeRows: Array<typeof s.cycleFees.$inferInsert> = [];
  const cycleFee = (cycleId: number, feeId: number, role: FeeRole, scope: { producerId?: number; hubId?: number }) => {
    cycleFeeRows.push({
      id: cycleFeeRows.length + 1,
      cycleId,
      feeId,
      role,
      producerId: scope.producerId ?? null,
      hubId: scope.hubId ?? null,
    });
  };

  for (const [ci, c] of cycleDefs.entries()) {
    const cycleId = ci + 1;
    const hId = must(hubId.get(c.hub), c.hub);
    const col = c.elsewhere?.pickup ?? collection[c.hub];
    const created = parisTime(now, c.createdDay, 10);
    cycleRows.push({
      id: cycleId,
      name: cycleName(c.opensAt, c.closesAt),
      coordinatorId: hId,
      opensAt: c.opensAt,
      closesAt: c.closesAt,
      createdAt: created,
      updatedAt: created,
    });
    const selected: number[] = [];
    for (const p of c.elsewhere?.producers ?? HUB_PRODUCERS[c.hub]) {
      const incomingId = incomingRows.length + 1;
      incomingRows.push({ id: incomingId, cycleId, producerId: must(producerId.get(p), p), receptionInstructions: col.reception });
      for (const v of variantsByProducer.get(p) ?? []) {
        if (v.notAt === c.hub) continue;
        incomingVariantRows.push({ incomingId, variantId: v.id });
        selected.push(v.id);
      }
    }
    const outgoingId = outgoingRows.length + 1;
    outgoingRows.push({
      id: outgoingId,
      cycleId,
      hubId: hId,
      collectionStartsAt: parisTime(now, c.collectionDay, col.startHour),
      collectionEndsAt: parisTime(now, c.collectionDay, col.endHour, col.endMinute),
      collectionPlace: col.place,
      instructions: col.instructions,
      requiredTag: null,
    });
    for (const variantId of selected) outgoingVariantRows.push({ outgoingId, variantId });

    cycleFee(cycleId, c.hub === 'ruche' ? FEE.rucheCommission : FEE.driveCommission, 'hub', { hubId: hId });
    cycleFee(cycleId, FEE.platform, 'platform', {});
    cycleFee(cycleId, FEE.transport, 'producer', { producerId: gaecId });
    if (c.hub === 'drive') cycleFee(cycleId, FEE.preparation, 'hub', { hubId: hId });
  }

  const statements: Statement[] = [
    db.insert(s.labels).values(LABELS.map((l, i) => ({ id: i + 1, ...l }))),
    db.insert(s.categories).values(CATEGORIES.map((c, i) => ({ id: i + 1, ...c, position: (i + 1) * 10 }))),
    db.insert(s.enterprises).values(enterpriseRows),
    db.insert(s.enterpriseLabels).values(enterpriseLabelRows),
    db.insert(s.users).values(userRows),
    db.insert(s.enterpriseManagers).values(managerRows),
    db.insert(s.enterpriseRelationships).values(relationshipRows),
    db.insert(s.products).values(productRows),
    db.insert(s.productLabels).values(productLabelRows),
    db.insert(s.variants).values(variantRows),
    db.insert(s.variantOverrides).values(overrideRows),
    db.insert(s.shippingMethods).values(shippingRows),
    db.insert(s.paymentMethods).values(paymentRows),
    db.insert(s.customers).values(customerRows),
    db.insert(s.customerTags).values(customerTagRows),
    db.insert(s.tagVariantRules).values(tagRuleRows),
    db.insert(s.enterpriseFees).values(feeRows),
    db.insert(s.orderCycles).values(cycleRows),
    db.insert(s.cycleIncoming).values(incomingRows),
    db.insert(s.cycleIncomingVariants).values(incomingVariantRows),
    db.insert(s.cycleOutgoing).values(outgoingRows),
    db.insert(s.cycleOutgoingVariants).values(outgoingVariantRows),
    db.insert(s.cycleFees).values(cycleFeeRows),
  ];
  await db.batch(asBatch([...statements, ...demoDeliveryZoneStatements(db, rucheId)]));
  await seedDemoPhotos(db);

  return { hubs: hubKeys.length, producers: producerKeys.length, variants: variantRows.length, cycles: cycleRows.length };
}

// ---------------------------------------------------------------------------------------------
// Photos: the drawings of db/seed/photos (CC0), keyed as uploads are (scripts/local-worker.ts puts the
// files in the local bucket). Two products keep none, so the shelves show their producer's photo instead.

const WITHOUT_PHOTO = new Set(['saucisses-boeuf', 'limonade']);

export const demoPhotos = (): { products: Record<string, string>; producers: Record<string, string> } =>
  JSON.parse(readFileSync(new URL('./photos/photos.json', import.meta.url), 'utf8'));

async function seedDemoPhotos(db: Db): Promise<void> {
  const photos = demoPhotos();
  const statements: Statement[] = [
    ...Object.entries(photos.products)
      .filter(([slug]) => !WITHOUT_PHOTO.has(slug))
      .map(([slug, file]) =>
        db
          .update(s.products)
          .set({ imageKey: sql`'products/' || ${s.products.id} || ${`/${file}`}` })
          .where(eq(s.products.slug, slug)),
      ),
    ...Object.entries(photos.producers).map(([slug, file]) =>
      db
        .update(s.enterprises)
        .set({ logoKey: sql`'enterprises/' || ${s.enterprises.id} || ${`/${file}`}` })
        .where(eq(s.enterprises.slug, slug)),
    ),
  ];
  await db.batch(asBatch(statements));
}
