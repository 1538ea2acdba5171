// A large synthetic co-op network for benchmarks: producers, hubs, products and variants, one open cycle
// per hub, fees and checkout settings. Deterministic for a given (sizes, now, seed): a small seeded PRNG
// decides everything, ids are explicit and timestamps derive from `now`.
//
// Shop sizes: hub 1 (the first hub) carries exactly min(variants, 10,000) variants, hub 2 exactly
// min(variants, 200); the others draw a log-uniform size between 30 and 3,000. Every listed variant is
// on demand or has stock (≥ 1), so a shop lists exactly the variants its cycle selects.
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../core/client.ts';
import * as s from '../schema/index.ts';
import type { UnitKind } from '../../domain/units.ts';
import { CATEGORIES, LABELS, categoryId, cycleName, labelId, parisTime, type CategorySlug, type LabelSlug } from './demo.ts';

export interface GenerateLoadOptions {
  producers: number;
  hubs: number;
  variants: number;
  now: number;
  seed?: number;
  onProgress?: (done: number, total: number, what: string) => void;
}

export interface LoadSummary {
  producers: number;
  hubs: number;
  products: number;
  variants: number;
  cycles: number;
  /** Variants in each hub's open cycle, in hub order. */
  shopSizes: number[];
  /** Rows inserted, all tables together. */
  rows: number;
}

export const FIRST_SHOP_SIZE = 10_000;
export const SECOND_SHOP_SIZE = 200;

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** SQLite binds at most 32,766 parameters per statement, and drizzle binds every column of every row. */
const MAX_BOUND_PARAMETERS = 32_766;

function rowsPerStatement(table: SQLiteTable, cap = 10_000): number {
  const columns = Object.keys(getTableColumns(table)).length;
  return Math.max(1, Math.min(cap, Math.floor(MAX_BOUND_PARAMETERS / columns)));
}

export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'oe')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

type Option = readonly [name: string, kind: UnitKind, value: number, priceCents: number];

interface Template {
  category: CategorySlug;
  name: string;
  qualifiers: readonly string[];
  description: string;
  options: readonly [Option, Option, Option];
  vatRateBp?: number;
  label?: LabelSlug;
}

const kg = (name: string, grams: number, price: number): Option => [name, 'weight', grams, price];
const l = (name: string, ml: number, price: number): Option => [name, 'volume', ml, price];
const n = (name: string, pieces: number, price: number): Option => [name, 'items', pieces, price];

const T = {
  carottes: {
    category: 'legumes',
    name: 'Carottes',
    qualifiers: ['', 'nouvelles', 'des sables', 'violettes', 'jaunes'],
    description: 'Carottes de plein champ, lavées, sans fanes.',
    options: [kg('500 g', 500, 190), kg('1 kg', 1000, 320), kg('2 kg', 2000, 590)],
  },
  patates: {
    category: 'legumes',
    name: 'Pommes de terre',
    qualifiers: ['Charlotte', 'Bintje', 'Roseval', 'Agria', 'nouvelles'],
    description: 'Récoltées à maturité et conservées en cave.',
    options: [kg('1 kg', 1000, 280), kg('2,5 kg', 2500, 650), kg('5 kg', 5000, 1200)],
  },
  tomates: {
    category: 'legumes',
    name: 'Tomates',
    qualifiers: ['cœur de bœuf', 'cerises', 'anciennes', 'de Marmande', 'grappe'],
    description: 'Cultivées sous abri froid et cueillies mûres.',
    options: [kg('500 g', 500, 360), kg('1 kg', 1000, 650), kg('2 kg', 2000, 1200)],
  },
  courgettes: {
    category: 'legumes',
    name: 'Courgettes',
    qualifiers: ['vertes', 'jaunes', 'rondes'],
    description: 'Cueillies jeunes, à la peau tendre.',
    options: [kg('500 g', 500, 190), kg('1 kg', 1000, 340), kg('2 kg', 2000, 640)],
  },
  salade: {
    category: 'legumes',
    name: 'Salade',
    qualifiers: ['batavia', 'feuille de chêne', 'laitue', 'frisée'],
    description: 'Cueillie le matin du retrait.',
    options: [n('pièce', 1, 140), n('2 pièces', 2, 260), n('3 pièces', 3, 380)],
  },
  poireaux: {
    category: 'legumes',
    name: 'Poireaux',
    qualifiers: ['', "d'hiver", 'primeurs'],
    description: 'Au fût long et blanc, pour les soupes et les fondues.',
    options: [kg('500 g', 500, 200), kg('1 kg', 1000, 370), kg('2 kg', 2000, 700)],
  },
  oignons: {
    category: 'legumes',
    name: 'Oignons',
    qualifiers: ['jaunes', 'rouges', 'rosés', 'blancs'],
    description: 'Oignons de garde séchés au soleil.',
    options: [kg('500 g', 500, 160), kg('1 kg', 1000, 290), kg('2 kg', 2000, 550)],
  },
  courges: {
    category: 'legumes',
    name: 'Courge',
    qualifiers: ['butternut', 'potimarron', 'musquée', 'spaghetti'],
    description: 'Courges de garde, chair dense et sucrée.',
    options: [kg('1 kg', 1000, 290), kg('2 kg', 2000, 540), kg('4 kg', 4000, 990)],
  },
  betteraves: {
    category: 'legumes',
    name: 'Betteraves',
    qualifiers: ['rouges', 'cuites', 'chioggia', 'jaunes'],
    description: 'Betteraves de plein champ, à cuire ou déjà cuites.',
    options: [kg('500 g', 500, 220), kg('1 kg', 1000, 380), kg('2 kg', 2000, 720)],
  },
  choux: {
    category: 'legumes',
    name: 'Chou',
    qualifiers: ['vert', 'rouge', 'kale', 'romanesco', 'de Milan'],
    description: 'Choux pommés ou en feuilles, selon la saison.',
    options: [n('pièce', 1, 250), n('2 pièces', 2, 480), n('3 pièces', 3, 690)],
  },
  pommes: {
    category: 'fruits',
    name: 'Pommes',
    qualifiers: ['Golden', 'Reine des reinettes', 'Belchard', 'Canada grise', 'Elstar'],
    description: 'Pommes de coteaux, croquantes et acidulées.',
    options: [kg('1 kg', 1000, 290), kg('3 kg', 3000, 790), kg('6 kg', 6000, 1490)],
  },
  poires: {
    category: 'fruits',
    name: 'Poires',
    qualifiers: ['Conférence', 'Williams', 'Comice', 'Louise-Bonne'],
    description: 'Cueillies à maturité, à laisser mûrir quelques jours.',
    options: [kg('1 kg', 1000, 360), kg('2 kg', 2000, 690), kg('5 kg', 5000, 1590)],
  },
  fraises: {
    category: 'fruits',
    name: 'Fraises',
    qualifiers: ['Gariguette', 'Mara des bois', 'Charlotte'],
    description: 'Cueillies le matin même, à consommer vite.',
    options: [kg('250 g', 250, 390), kg('500 g', 500, 720), kg('1 kg', 1000, 1350)],
  },
  prunes: {
    category: 'fruits',
    name: 'Prunes',
    qualifiers: ['reines-claudes', 'mirabelles', 'quetsches'],
    description: 'Prunes de vergers haute-tige.',
    options: [kg('500 g', 500, 290), kg('1 kg', 1000, 520), kg('3 kg', 3000, 1400)],
  },
  chataignes: {
    category: 'fruits',
    name: 'Châtaignes',
    qualifiers: ['', 'bouche de Clos', 'marigoule'],
    description: 'Ramassées à la main sous les vieux châtaigniers.',
    options: [kg('500 g', 500, 350), kg('1 kg', 1000, 620), kg('3 kg', 3000, 1700)],
  },
  lait: {
    category: 'produits-laitiers',
    name: 'Lait',
    qualifiers: ['cru entier', 'demi-écrémé', 'ribot'],
    description: 'Lait de la traite du matin.',
    options: [l('50 cl', 500, 95), l('1 L', 1000, 150), l('2 L', 2000, 280)],
  },
  yaourts: {
    category: 'produits-laitiers',
    name: 'Yaourts',
    qualifiers: ['nature', 'à la vanille', 'aux fruits', 'brassés'],
    description: 'Au lait entier, en pots de verre consignés.',
    options: [n('2 × 125 g', 2, 190), n('4 × 125 g', 4, 350), n('8 × 125 g', 8, 650)],
  },
  creme: {
    category: 'produits-laitiers',
    name: 'Crème fraîche',
    qualifiers: ['épaisse', 'liquide'],
    description: 'Crème crue maturée.',
    options: [l('20 cl', 200, 260), l('50 cl', 500, 590), l('1 L', 1000, 1090)],
  },
  beurre: {
    category: 'produits-laitiers',
    name: 'Beurre',
    qualifiers: ['doux', 'demi-sel'],
    description: 'Beurre de baratte moulé à la main.',
    options: [kg('125 g', 125, 270), kg('250 g', 250, 480), kg('500 g', 500, 920)],
  },
  fromageBlanc: {
    category: 'produits-laitiers',
    name: 'Fromage blanc',
    qualifiers: ['battu', 'en faisselle'],
    description: 'Fromage blanc fermier, lisse ou égoutté.',
    options: [kg('250 g', 250, 220), kg('500 g', 500, 380), kg('1 kg', 1000, 700)],
  },
  tomme: {
    category: 'fromages',
    name: 'Tomme',
    qualifiers: ['fermière', 'de chèvre', 'de brebis', 'aux herbes'],
    description: 'Pâte pressée affinée en cave, coupée à la commande.',
    options: [kg('200 g', 200, 520), kg('500 g', 500, 1250), kg('1 kg', 1000, 2400)],
  },
  crottins: {
    category: 'fromages',
    name: 'Crottins de chèvre',
    qualifiers: ['frais', 'affinés', 'cendrés'],
    description: 'Fromages lactiques moulés à la louche.',
    options: [n('1 pièce', 1, 250), n('lot de 4', 4, 940), n('lot de 6', 6, 1380)],
  },
  bleu: {
    category: 'fromages',
    name: 'Bleu',
    qualifiers: ['fermier', 'de brebis', 'doux'],
    description: 'Pâte persillée affinée trois mois.',
    options: [kg('150 g', 150, 420), kg('300 g', 300, 820), kg('600 g', 600, 1590)],
  },
  raclette: {
    category: 'fromages',
    name: 'Fromage à raclette',
    qualifiers: ['', 'fumé', 'au lait cru'],
    description: 'Au lait de la ferme, tranché à la commande.',
    options: [kg('400 g', 400, 890), kg('800 g', 800, 1720), kg('1 kg', 1000, 2150)],
  },
  colisBoeuf: {
    category: 'viandes',
    name: 'Colis de bœuf',
    qualifiers: ['limousin', 'salers', 'charolais', 'Aubrac'],
    description: 'Colis mixte sous vide : steaks, rôti, bourguignon et pot-au-feu.',
    options: [kg('2,5 kg', 2500, 4900), kg('5 kg', 5000, 8900), kg('10 kg', 10000, 16900)],
    label: 'label-rouge',
  },
  steaks: {
    category: 'viandes',
    name: 'Steaks hachés',
    qualifiers: ['pur bœuf', 'de veau'],
    description: 'Hachés à la ferme, sous vide.',
    options: [kg('2 × 125 g', 250, 560), kg('4 × 125 g', 500, 990), kg('8 × 125 g', 1000, 1890)],
  },
  poulet: {
    category: 'viandes',
    name: 'Poulet fermier',
    qualifiers: ['entier', 'prêt à cuire', 'jaune'],
    description: 'Élevé plus de 100 jours en plein air.',
    options: [kg('environ 1,5 kg', 1500, 1650), kg('environ 1,8 kg', 1800, 1890), kg('environ 2,2 kg', 2200, 2290)],
    label: 'label-rouge',
  },
  saucisses: {
    category: 'viandes',
    name: 'Saucisses',
    qualifiers: ['de Toulouse', 'aux herbes', 'de porc fermier', 'fumées'],
    description: 'Embossées à la ferme.',
    options: [kg('250 g', 250, 490), kg('500 g', 500, 890), kg('1 kg', 1000, 1690)],
  },
  agneau: {
    category: 'viandes',
    name: "Côtes d'agneau",
    qualifiers: ['', 'premières', 'filet'],
    description: "Agneaux élevés sous la mère et à l'herbe.",
    options: [kg('250 g', 250, 790), kg('500 g', 500, 1490), kg('1 kg', 1000, 2890)],
  },
  roti: {
    category: 'viandes',
    name: 'Rôti de porc',
    qualifiers: ["dans l'échine", 'filet', 'ficelé'],
    description: 'Porcs fermiers élevés sur paille.',
    options: [kg('500 g', 500, 850), kg('800 g', 800, 1290), kg('1,2 kg', 1200, 1890)],
  },
  oeufs: {
    category: 'oeufs',
    name: 'Œufs',
    qualifiers: ['plein air', 'extra-frais', 'de poules rousses'],
    description: 'Ramassés chaque matin.',
    options: [n('6 œufs', 6, 290), n('12 œufs', 12, 540), n('plateau de 30', 30, 1290)],
    label: 'ab',
  },
  caille: {
    category: 'oeufs',
    name: 'Œufs de caille',
    qualifiers: [''],
    description: 'Petits œufs tachetés, pour l’apéritif ou les salades.',
    options: [n('12 œufs', 12, 350), n('24 œufs', 24, 650), n('36 œufs', 36, 920)],
  },
  pain: {
    category: 'boulangerie',
    name: 'Pain',
    qualifiers: ['de campagne au levain', 'complet', 'au seigle', 'aux graines', 'au sarrasin'],
    description: 'Levain naturel, cuit au feu de bois.',
    options: [kg('500 g', 500, 380), kg('800 g', 800, 560), kg('1,5 kg', 1500, 990)],
    label: 'nature-et-progres',
  },
  brioche: {
    category: 'boulangerie',
    name: 'Brioche',
    qualifiers: ['au beurre', 'aux pralines', 'tressée'],
    description: 'Au beurre et aux œufs fermiers.',
    options: [kg('250 g', 250, 490), kg('400 g', 400, 750), kg('800 g', 800, 1400)],
  },
  painEpices: {
    category: 'boulangerie',
    name: "Pain d'épices",
    qualifiers: ['au miel', "à l'orange"],
    description: 'Moelleux, au miel du plateau.',
    options: [kg('150 g', 150, 350), kg('300 g', 300, 620), kg('500 g', 500, 950)],
  },
  galettes: {
    category: 'boulangerie',
    name: 'Galettes de sarrasin',
    qualifiers: [''],
    description: 'Galettes cuites au bilig, prêtes à garnir.',
    options: [n('4 galettes', 4, 450), n('8 galettes', 8, 850), n('12 galettes', 12, 1200)],
  },
  farine: {
    category: 'epicerie',
    name: 'Farine',
    qualifiers: ['de blé T65', 'de blé T80', 'de seigle', 'de sarrasin', "d'épeautre", 'de châtaigne'],
    description: 'Moulue à la meule de pierre.',
    options: [kg('1 kg', 1000, 320), kg('2 kg', 2000, 600), kg('5 kg', 5000, 1390)],
  },
  lentilles: {
    category: 'epicerie',
    name: 'Lentilles',
    qualifiers: ['vertes', 'blondes', 'corail'],
    description: 'Légumineuses de la ferme, triées à la main.',
    options: [kg('500 g', 500, 380), kg('1 kg', 1000, 690), kg('2 kg', 2000, 1290)],
  },
  huile: {
    category: 'epicerie',
    name: 'Huile',
    qualifiers: ['de noix', 'de colza', 'de tournesol', 'de cameline'],
    description: 'Première pression à froid.',
    options: [l('25 cl', 250, 690), l('50 cl', 500, 1190), l('1 L', 1000, 2100)],
  },
  pates: {
    category: 'epicerie',
    name: 'Pâtes fermières',
    qualifiers: ['tagliatelles', 'coquillettes', 'fusilli', 'aux œufs'],
    description: 'Pâtes de blé dur séchées lentement.',
    options: [kg('250 g', 250, 320), kg('500 g', 500, 590), kg('1 kg', 1000, 1090)],
  },
  compote: {
    category: 'epicerie',
    name: 'Compote',
    qualifiers: ['de pommes', 'pomme-coing', 'pomme-châtaigne'],
    description: 'Sans sucre ajouté, en bocal de verre.',
    options: [kg('350 g', 350, 380), kg('700 g', 700, 690), kg('1 kg', 1000, 950)],
  },
  jus: {
    category: 'boissons',
    name: 'Jus',
    qualifiers: ['de pomme', 'de pomme pétillant', 'de poire', 'pomme-coing'],
    description: 'Pur jus pressé à la ferme, non filtré.',
    options: [l('25 cl', 250, 180), l('1 L', 1000, 350), l('3 L', 3000, 890)],
  },
  cidre: {
    category: 'boissons',
    name: 'Cidre',
    qualifiers: ['brut', 'doux', 'rosé'],
    description: 'Fermentation naturelle en fût.',
    options: [l('33 cl', 330, 320), l('75 cl', 750, 550), l('1,5 L', 1500, 990)],
    vatRateBp: 2000,
  },
  biere: {
    category: 'boissons',
    name: 'Bière',
    qualifiers: ['blonde', 'ambrée', 'brune', 'IPA', 'blanche'],
    description: 'Non filtrée, refermentée en bouteille.',
    options: [l('33 cl', 330, 320), l('75 cl', 750, 650), l('6 × 33 cl', 1980, 1850)],
    vatRateBp: 2000,
  },
  sirop: {
    category: 'boissons',
    name: 'Sirop',
    qualifiers: ['de menthe', 'de sureau', 'de cassis', 'de reine-des-prés'],
    description: 'Plantes cueillies et sirop préparé à la ferme.',
    options: [l('25 cl', 250, 390), l('50 cl', 500, 690), l('1 L', 1000, 1190)],
  },
  miel: {
    category: 'miel-confitures',
    name: 'Miel',
    qualifiers: ['de bruyère', 'de châtaignier', 'toutes fleurs', "d'acacia", 'de sarrasin'],
    description: 'Extrait à froid, jamais chauffé.',
    options: [kg('250 g', 250, 720), kg('500 g', 500, 1290), kg('1 kg', 1000, 2290)],
    label: 'ab',
  },
  confiture: {
    category: 'miel-confitures',
    name: 'Confiture',
    qualifiers: ['de fraises', 'de myrtilles', "d'abricots", 'de framboises', 'de mûres'],
    description: 'Cuite en bassine de cuivre, 60 % de fruits.',
    options: [kg('220 g', 220, 420), kg('350 g', 350, 590), kg('700 g', 700, 1090)],
  },
  marrons: {
    category: 'miel-confitures',
    name: 'Crème de marrons',
    qualifiers: ['', 'vanillée'],
    description: 'Châtaignes cuites et mixées avec un peu de sucre.',
    options: [kg('250 g', 250, 450), kg('350 g', 350, 590), kg('700 g', 700, 1090)],
  },
  gelee: {
    category: 'miel-confitures',
    name: 'Gelée',
    qualifiers: ['de coing', 'de groseille', 'de pomme', 'de sureau'],
    description: 'Gelée claire filtrée à la chausse.',
    options: [kg('220 g', 220, 420), kg('350 g', 350, 580), kg('700 g', 700, 1050)],
  },
} satisfies Record<string, Template>;

interface Specialty {
  weight: number;
  prefixes: readonly string[];
  blurb: string;
  templates: readonly Template[];
  label?: LabelSlug;
}

const SPECIALTIES: readonly Specialty[] = [
  {
    weight: 4,
    prefixes: ['Les Jardins', 'Le Potager', 'Ferme maraîchère', 'Les Serres'],
    blurb: 'Maraîchage diversifié sur petite surface, légumes récoltés la veille des retraits',
    templates: [T.carottes, T.patates, T.tomates, T.courgettes, T.salade, T.poireaux, T.oignons, T.courges, T.betteraves, T.choux],
    label: 'ab',
  },
  {
    weight: 2,
    prefixes: ['Les Vergers', 'Le Verger', 'Cidrerie'],
    blurb: 'Vergers familiaux en coteaux, fruits, jus et cidre pressés à la ferme',
    templates: [T.pommes, T.poires, T.fraises, T.prunes, T.chataignes, T.jus, T.cidre, T.compote],
  },
  {
    weight: 2,
    prefixes: ['Ferme laitière', 'GAEC', 'La Laiterie'],
    blurb: 'Un troupeau de vaches à l’herbe et une petite fromagerie fermière',
    templates: [T.lait, T.yaourts, T.creme, T.beurre, T.fromageBlanc, T.tomme, T.raclette],
  },
  {
    weight: 2,
    prefixes: ['Chèvrerie', 'Fromagerie', 'Bergerie'],
    blurb: 'Fromages fermiers au lait cru, fabriqués chaque jour',
    templates: [T.crottins, T.tomme, T.bleu, T.yaourts, T.fromageBlanc],
    label: 'ab',
  },
  {
    weight: 2,
    prefixes: ['GAEC', 'EARL', 'Ferme'],
    blurb: 'Élevage à l’herbe, viande découpée à l’atelier de la ferme',
    templates: [T.colisBoeuf, T.steaks, T.saucisses, T.agneau, T.roti],
  },
  {
    weight: 1.5,
    prefixes: ['Ferme avicole', 'Les Poules', 'EARL'],
    blurb: 'Poules pondeuses et volailles élevées en plein air',
    templates: [T.oeufs, T.caille, T.poulet],
  },
  {
    weight: 1.5,
    prefixes: ['Le Fournil', 'Boulangerie paysanne', 'Le Moulin'],
    blurb: 'Paysans-boulangers : blés cultivés, moulus et cuits sur place',
    templates: [T.pain, T.brioche, T.painEpices, T.galettes, T.farine],
    label: 'nature-et-progres',
  },
  {
    weight: 1,
    prefixes: ['Le Rucher', 'Les Ruchers', 'Miellerie'],
    blurb: 'Ruches sédentaires sur les landes et les châtaigneraies',
    templates: [T.miel, T.painEpices, T.confiture],
    label: 'ab',
  },
  {
    weight: 1,
    prefixes: ['Brasserie', 'Microbrasserie'],
    blurb: 'Brasserie artisanale, bières non filtrées',
    templates: [T.biere, T.sirop, T.cidre],
  },
  {
    weight: 1.5,
    prefixes: ['Conserverie', "L'Atelier", 'Les Délices'],
    blurb: 'Atelier de transformation des fruits et légumineuses du pays',
    templates: [T.confiture, T.marrons, T.gelee, T.compote, T.lentilles, T.huile, T.pates],
  },
];

const PLACES = [
  'de la Combe',
  'du Puy Martin',
  'des Sagnes',
  'de Chante-Alouette',
  'du Mas Neuf',
  'de la Feuillade',
  'des Bruyères',
  'du Moulin Bas',
  'de la Brande',
  'du Bois Noir',
  'des Chaumes',
  'de la Vergne',
  'du Theil',
  'de Bellevue',
  'des Fayes',
  'de la Roche',
  'du Pré Haut',
  'des Granges',
  'de la Font',
  'du Chassaing',
  'de Lavaud',
  'des Monts',
  'de la Ribière',
  'du Breuil',
  'de Montbrun',
  'des Essarts',
];

const COMMUNES: ReadonlyArray<readonly [string, string]> = [
  ['Felletin', '23500'],
  ['Aubusson', '23200'],
  ['Faux-la-Montagne', '23340'],
  ['Gentioux-Pigerolles', '23340'],
  ['Royère-de-Vassivière', '23460'],
  ['La Courtine', '23100'],
  ['Crocq', '23260'],
  ['Bourganeuf', '23400'],
  ['Peyrelevade', '19290'],
  ['Meymac', '19250'],
  ['Bugeat', '19170'],
  ['Tarnac', '19170'],
  ['Sornac', '19290'],
  ['Treignac', '19260'],
  ['Affieux', '19260'],
  ['Chamberet', '19370'],
  ['Ussel', '19200'],
  ['Neuvic', '19160'],
  ['Égletons', '19300'],
  ['Uzerche', '19140'],
  ['Eymoutiers', '87120'],
  ['Peyrat-le-Château', '87470'],
  ['Nedde', '87120'],
  ['Saint-Léonard-de-Noblat', '87400'],
  ['Bujaleuf', '87460'],
  ['Châteauneuf-la-Forêt', '87130'],
  ['Beaumont-du-Lac', '87120'],
  ['Ambazac', '87240'],
  ['Bénévent-l’Abbaye', '23210'],
  ['Guéret', '23000'],
  ['Ahun', '23150'],
  ['Chénérailles', '23130'],
];

const HUB_PREFIXES = [
  'Épicerie coopérative',
  'Drive fermier',
  'Comptoir paysan',
  'La Ruche',
  'AMAP',
  'Marché de producteurs',
  'Panier paysan',
];
const FIRST_NAMES = [
  'Camille',
  'Julie',
  'Thomas',
  'Léa',
  'Hugo',
  'Nadia',
  'Louis',
  'Claire',
  'Mathieu',
  'Sophie',
  'Pierre',
  'Inès',
  'Jean',
  'Manon',
  'Yanis',
  'Élise',
  'Lucas',
  'Chloé',
  'Karim',
  'Anne',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Moreau',
  'Laurent',
  'Dufour',
  'Giraud',
  'Roche',
  'Vidal',
  'Peyrat',
  'Delmas',
  'Chassagne',
  'Faure',
  'Mercier',
  'Blanc',
  'Garnier',
  'Chabanne',
  'Lacroix',
  'Benali',
  'Roux',
  'Fournier',
];

// ---------------------------------------------------------------------------------------------

export async function generateLoad(db: Db, opts: GenerateLoadOptions): Promise<LoadSummary> {
  const { producers: producerCount, hubs: hubCount, variants: variantCount, now } = opts;
  for (const [name, value] of [
    ['producers', producerCount],
    ['hubs', hubCount],
    ['variants', variantCount],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  if (producerCount === 0 && variantCount > 0) throw new RangeError('variants need at least one producer');
  const rnd = mulberry32(opts.seed ?? 20_240_601);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const chance = (p: number) => rnd() < p;

  const createdAt = parisTime(now, -200, 9);
  const updatedAt = parisTime(now, -10, 18);

  // Enterprises: 1 = platform, then hubs, then producers.
  const platformId = 1;
  const hubIds = Array.from({ length: hubCount }, (_, i) => 2 + i);
  const producerIds = Array.from({ length: producerCount }, (_, i) => 2 + hubCount + i);

  const enterprises: Array<typeof s.enterprises.$inferInsert> = [];
  const enterpriseLabels: Array<typeof s.enterpriseLabels.$inferInsert> = [];
  const enterpriseBase = {
    country: 'FR',
    website: null,
    logoKey: null,
    stripeAccountId: null,
    termsText: null,
    minOrderCents: 0,
    createdAt,
    updatedAt,
    publishedAt: createdAt,
  };
  const phone = (id: number) => `05 36 49 ${String(Math.floor(id / 100) % 100).padStart(2, '0')} ${String(id % 100).padStart(2, '0')}`;
  enterprises.push({
    ...enterpriseBase,
    id: platformId,
    slug: 'comptoir-plateforme',
    name: 'Comptoir (plateforme coopérative)',
    isProducer: false,
    isHub: false,
    description: 'La plateforme coopérative commune aux boutiques du réseau.',
    addressLine: '3 rue des Tanneries',
    postalCode: '23200',
    commune: 'Aubusson',
    email: 'contact@comptoir-plateforme.example.org',
    phone: phone(platformId),
  });

  const hubHasCard: boolean[] = [];
  for (const [i, id] of hubIds.entries()) {
    const [commune, postalCode] = pick(COMMUNES);
    const name = `${pick(HUB_PREFIXES)} de ${commune}`;
    const slug = `${slugify(name)}-${id}`;
    const card = i === 0 || chance(0.3);
    hubHasCard.push(card);
    enterprises.push({
      ...enterpriseBase,
      id,
      slug,
      name,
      isProducer: false,
      isHub: true,
      description: `Boutique de producteurs à ${commune} : commandes en ligne chaque semaine, retrait sur place.`,
      addressLine: `${int(1, 40)} place du Marché`,
      postalCode,
      commune,
      email: `contact@${slug}.example.org`,
      phone: phone(id),
      stripeAccountId: card ? `acct_load_${id}` : null,
      stripeChargesEnabled: card,
      minOrderCents: chance(0.3) ? int(2, 6) * 500 : 0,
      termsText: chance(0.5) ? 'Commandes à retirer sur le créneau indiqué ; les produits frais non retirés ne sont pas remboursés.' : null,
    });
  }

  const producerSpecialty: Specialty[] = [];
  const producerWeight: number[] = [];
  const totalSpecialtyWeight = SPECIALTIES.reduce((a, sp) => a + sp.weight, 0);
  for (const id of producerIds) {
    let r = rnd() * totalSpecialtyWeight;
    let specialty = SPECIALTIES[0] as Specialty;
    for (const sp of SPECIALTIES) {
      if (r < sp.weight) {
        specialty = sp;
        break;
      }
      r -= sp.weight;
    }
    producerSpecialty.push(specialty);
    producerWeight.push(0.2 + rnd() ** 2 * 3);
    const [commune, postalCode] = pick(COMMUNES);
    const name = `${pick(specialty.prefixes)} ${pick(PLACES)}`;
    const slug = `${slugify(name)}-${id}`;
    enterprises.push({
      ...enterpriseBase,
      id,
      slug,
      name,
      isProducer: true,
      isHub: false,
      description: `${specialty.blurb}, à ${commune}.`,
      addressLine: `Lieu-dit ${pick(PLACES).replace(/^(de la|du|des|de) /, '')}`,
      postalCode,
      commune,
      email: `contact@${slug}.example.org`,
      phone: phone(id),
    });
    if (specialty.label && chance(0.6)) enterpriseLabels.push({ enterpriseId: id, labelId: labelId(specialty.label) });
  }

  const users: Array<typeof s.users.$inferInsert> = enterprises.map((e, i) => {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    return {
      id: i + 1,
      email: e.id === platformId ? 'admin@example.org' : `${slugify(first)}.${slugify(last)}.${e.id}@example.org`,
      name: e.id === platformId ? 'Administration Comptoir' : `${first} ${last}`,
      isPlatformAdmin: e.id === platformId,
      createdAt,
    };
  });
  const managers = enterprises.map((e, i) => ({ userId: i + 1, enterpriseId: e.id as number }));

  // Products and variants, 1–3 variants each, exactly `variantCount` in all. Every producer gets a
  // product first; then producers are drawn by weight, so farm sizes vary.
  const products: Array<typeof s.products.$inferInsert> = [];
  const productLabels: Array<typeof s.productLabels.$inferInsert> = [];
  const variants: Array<typeof s.variants.$inferInsert> = [];
  const variantsOf: number[][] = producerIds.map(() => []);
  const variantWeight = new Map<number, number>();
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of producerWeight) cumulative.push((acc += w));
  const drawProducer = () => {
    const r = rnd() * acc;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  let remaining = variantCount;
  let productIndex = 0;
  while (remaining > 0) {
    const pi = productIndex < producerCount ? productIndex : drawProducer();
    const producerId = producerIds[pi] as number;
    const specialty = producerSpecialty[pi] as Specialty;
    const template = pick(specialty.templates);
    const qualifier = pick(template.qualifiers);
    const name = qualifier ? `${template.name} ${qualifier}` : template.name;
    const productId = ++productIndex;
    const commune = enterprises[producerId - 1]?.commune ?? '';
    products.push({
      id: productId,
      producerId,
      categoryId: categoryId(template.category),
      slug: `${slugify(name)}-${productId}`,
      name,
      description: `${template.description} Produit à ${commune}.`,
      imageKey: null,
      archivedAt: null,
      createdAt,
      updatedAt,
    });
    const label = template.label ?? specialty.label;
    if (label && chance(0.5)) productLabels.push({ productId, labelId: labelId(label) });

    const count = Math.min(int(1, 3), remaining);
    const start = int(0, 3 - count);
    const jitter = 0.85 + rnd() * 0.3;
    for (let k = 0; k < count; k++) {
      const [vName, unitKind, unitValue, basePrice] = template.options[start + k] as Option;
      const id = variants.length + 1;
      const r = rnd();
      const onDemand = r < 0.12;
      const onHand = onDemand ? 0 : r < 0.22 ? int(1, 5) : int(20, 200);
      variants.push({
        id,
        productId,
        name: vName,
        unitKind,
        unitValue,
        priceCents: Math.max(5, Math.round((basePrice * jitter) / 5) * 5),
        vatRateBp: template.vatRateBp ?? 550,
        onHand,
        onDemand,
        maxPerOrder: chance(0.05) ? int(1, 4) : null,
        position: k,
        archivedAt: null,
        updatedAt,
      });
      variantsOf[pi]?.push(id);
      variantWeight.set(id, unitKind === 'weight' ? unitValue : 0);
    }
    remaining -= count;
  }

  // Relationships and each hub's shop: producers in a random order until the shop size is reached.
  const shopSizes = hubIds.map((_, i) => {
    if (i === 0) return Math.min(variantCount, FIRST_SHOP_SIZE);
    if (i === 1) return Math.min(variantCount, SECOND_SHOP_SIZE);
    const upper = Math.min(3_000, variantCount);
    const lower = Math.min(30, upper);
    return upper === 0 ? 0 : Math.round(Math.exp(Math.log(lower) + rnd() * (Math.log(upper) - Math.log(lower))));
  });

  const relationships: Array<typeof s.enterpriseRelationships.$inferInsert> = [];
  const overrides: Array<typeof s.variantOverrides.$inferInsert> = [];
  const cycles: Array<typeof s.orderCycles.$inferInsert> = [];
  const incoming: Array<typeof s.cycleIncoming.$inferInsert> = [];
  const incomingVariants: Array<typeof s.cycleIncomingVariants.$inferInsert> = [];
  const outgoing: Array<typeof s.cycleOutgoing.$inferInsert> = [];
  const outgoingVariants: Array<typeof s.cycleOutgoingVariants.$inferInsert> = [];
  const fees: Array<typeof s.enterpriseFees.$inferInsert> = [];
  const cycleFees: Array<typeof s.cycleFees.$inferInsert> = [];
  const shipping: Array<typeof s.shippingMethods.$inferInsert> = [];
  const payments: Array<typeof s.paymentMethods.$inferInsert> = [];
  const customers: Array<typeof s.customers.$inferInsert> = [];
  const customerTags: Array<typeof s.customerTags.$inferInsert> = [];

  const addFee = (row: Omit<typeof s.enterpriseFees.$inferInsert, 'id' | 'archivedAt'>) => {
    const id = fees.length + 1;
    fees.push({ id, archivedAt: null, ...row });
    return id;
  };
  const platformFeeId = addFee({
    enterpriseId: platformId,
    name: 'Contribution plateforme',
    feeType: 'admin',
    calculator: 'percent_per_item',
    amount: 200,
    vatRateBp: 2000,
  });
  // About one producer in ten charges transport by the kilo.
  const transportFee = new Map<number, number>();
  for (const [pi, id] of producerIds.entries()) {
    const hasWeight = (variantsOf[pi] ?? []).some((v) => (variantWeight.get(v) ?? 0) > 0);
    if (hasWeight && chance(0.1)) {
      transportFee.set(
        id,
        addFee({
          enterpriseId: id,
          name: 'Transport réfrigéré',
          feeType: 'transport',
          calculator: 'per_kg',
          amount: int(4, 12) * 5,
          vatRateBp: 550,
        }),
      );
    }
  }

  for (const [h, hubId] of hubIds.entries()) {
    const hub = enterprises[hubId - 1] as typeof s.enterprises.$inferInsert;
    const target = shopSizes[h] as number;
    const order = producerIds.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }

    const cycleId = h + 1;
    const opensAt = parisTime(now, -int(1, 3), 8);
    const closeDay = int(3, 7);
    const closesAt = parisTime(now, closeDay, 20);
    const collectionDay = closeDay + 2;
    cycles.push({
      id: cycleId,
      name: cycleName(opensAt, closesAt),
      coordinatorId: hubId,
      opensAt,
      closesAt,
      createdAt: opensAt - 86_400_000,
      updatedAt: opensAt - 86_400_000,
    });
    const outgoingId = cycleId;
    outgoing.push({
      id: outgoingId,
      cycleId,
      hubId,
      collectionStartsAt: parisTime(now, collectionDay, 17),
      collectionEndsAt: parisTime(now, collectionDay, 19),
      collectionPlace: `${hub.name}, ${hub.addressLine}, ${hub.postalCode} ${hub.commune}`,
      instructions: 'Apportez vos sacs et vos boîtes à œufs vides.',
      requiredTag: null,
    });

    const commissionFeeId = addFee({
      enterpriseId: hubId,
      name: 'Commission de la boutique',
      feeType: 'sales',
      calculator: 'percent_per_item',
      amount: int(10, 30) * 50,
      vatRateBp: 2000,
    });
    cycleFees.push({ id: cycleFees.length + 1, cycleId, feeId: commissionFeeId, role: 'hub', producerId: null, hubId });
    cycleFees.push({ id: cycleFees.length + 1, cycleId, feeId: platformFeeId, role: 'platform', producerId: null, hubId: null });
    if (chance(0.5)) {
      const prepFeeId = addFee({
        enterpriseId: hubId,
        name: 'Frais de préparation',
        feeType: 'packing',
        calculator: 'flat_per_order',
        amount: int(3, 15) * 10,
        vatRateBp: 2000,
      });
      cycleFees.push({ id: cycleFees.length + 1, cycleId, feeId: prepFeeId, role: 'hub', producerId: null, hubId });
    }

    let taken = 0;
    for (const pi of order) {
      if (taken >= target) break;
      const producerId = producerIds[pi] as number;
      const own = variantsOf[pi] ?? [];
      const take = Math.min(own.length, target - taken);
      const canOverride = chance(0.2);
      relationships.push({ producerId, hubId, canAddToCycles: true, canOverridePrice: canOverride, canOverrideStock: canOverride });
      if (take === 0) continue;
      const incomingId = incoming.length + 1;
      incoming.push({
        id: incomingId,
        cycleId,
        producerId,
        receptionInstructions: 'Dépôt à la boutique la veille du retrait, avant midi.',
      });
      for (let k = 0; k < take; k++) {
        const variantId = own[k] as number;
        incomingVariants.push({ incomingId, variantId });
        outgoingVariants.push({ outgoingId, variantId });
        if (canOverride && chance(0.05)) {
          const v = variants[variantId - 1] as typeof s.variants.$inferInsert;
          if (chance(0.5))
            overrides.push({
              hubId,
              variantId,
              priceCents: Math.round((v.priceCents * (1.05 + rnd() * 0.1)) / 5) * 5,
              onHand: null,
              onDemand: null,
            });
          else overrides.push({ hubId, variantId, priceCents: null, onHand: int(1, 12), onDemand: false });
        }
      }
      taken += take;
      const transport = transportFee.get(producerId);
      if (transport !== undefined)
        cycleFees.push({ id: cycleFees.length + 1, cycleId, feeId: transport, role: 'producer', producerId, hubId: null });
    }

    shipping.push({
      id: shipping.length + 1,
      hubId,
      name: 'Retrait à la boutique',
      kind: 'pickup',
      description: `Au ${hub.addressLine}, ${hub.commune}.`,
      feeCents: 0,
      vatRateBp: 2000,
      position: 0,
      archivedAt: null,
    });
    if (chance(0.4)) {
      shipping.push({
        id: shipping.length + 1,
        hubId,
        name: 'Livraison à domicile',
        kind: 'delivery',
        description: `Dans un rayon de 15 km autour de ${hub.commune}.`,
        feeCents: int(6, 16) * 50,
        vatRateBp: 2000,
        position: 1,
        archivedAt: null,
      });
    }
    payments.push({
      id: payments.length + 1,
      hubId,
      name: 'Paiement au retrait (espèces ou chèque)',
      kind: 'offline',
      description: 'Réglez au moment du retrait.',
      position: 0,
      archivedAt: null,
    });
    if (hubHasCard[h])
      payments.push({
        id: payments.length + 1,
        hubId,
        name: 'Carte bancaire',
        kind: 'card',
        description: 'Paiement sécurisé en ligne.',
        position: 1,
        archivedAt: null,
      });

    for (let c = 0; c < 3; c++) {
      const id = customers.length + 1;
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      customers.push({ id, hubId, email: `client${c + 1}.boutique${hubId}@example.org`, name: `${first} ${last}`, phone: '', createdAt });
      if (c === 0) customerTags.push({ customerId: id, tag: 'adhérent' });
    }
  }

  // Write everything in one transaction, in chunks that respect SQLite's bound-parameter limit.
  const plan: Array<[string, SQLiteTable, readonly object[]]> = [
    ['labels', s.labels, LABELS.map((lb, i) => ({ id: i + 1, ...lb }))],
    ['categories', s.categories, CATEGORIES.map((c, i) => ({ id: i + 1, ...c, position: (i + 1) * 10 }))],
    ['enterprises', s.enterprises, enterprises],
    ['enterprise labels', s.enterpriseLabels, enterpriseLabels],
    ['users', s.users, users],
    ['managers', s.enterpriseManagers, managers],
    ['relationships', s.enterpriseRelationships, relationships],
    ['products', s.products, products],
    ['product labels', s.productLabels, productLabels],
    ['variants', s.variants, variants],
    ['variant overrides', s.variantOverrides, overrides],
    ['shipping methods', s.shippingMethods, shipping],
    ['payment methods', s.paymentMethods, payments],
    ['customers', s.customers, customers],
    ['customer tags', s.customerTags, customerTags],
    ['fees', s.enterpriseFees, fees],
    ['cycles', s.orderCycles, cycles],
    ['cycle incoming', s.cycleIncoming, incoming],
    ['cycle incoming variants', s.cycleIncomingVariants, incomingVariants],
    ['cycle outgoing', s.cycleOutgoing, outgoing],
    ['cycle outgoing variants', s.cycleOutgoingVariants, outgoingVariants],
    ['cycle fees', s.cycleFees, cycleFees],
  ];
  let rows = 0;
  await db.transaction(async (tx) => {
    for (const [what, table, list] of plan) {
      const size = rowsPerStatement(table);
      for (let i = 0; i < list.length; i += size) {
        const chunk = list.slice(i, i + size);
        // The rows are typed per table above; the plan's union of tables needs the cast.
        await tx.insert(table).values(chunk as never);
        rows += chunk.length;
        opts.onProgress?.(Math.min(i + size, list.length), list.length, what);
      }
    }
  });

  return {
    producers: producerCount,
    hubs: hubCount,
    products: products.length,
    variants: variants.length,
    cycles: cycles.length,
    shopSizes,
    rows,
  };
}
