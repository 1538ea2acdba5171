// What a new French platform starts with (`npm run platform:init`): the categories products are filed
// under and the quality labels producers and products show, in French and English. Pure data. Slugs are
// the ones the demo co-op uses where it has the same thing, so the demo seed can reuse these lists.

export interface DefaultCategory {
  slug: string;
  nameFr: string;
  nameEn: string;
  /** Shelf order; steps of 10 leave room to insert a category between two. */
  position: number;
}

export interface DefaultLabel {
  slug: string;
  nameFr: string;
  nameEn: string;
}

export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  { slug: 'fruits', nameFr: 'Fruits', nameEn: 'Fruit', position: 10 },
  { slug: 'legumes', nameFr: 'Légumes', nameEn: 'Vegetables', position: 20 },
  { slug: 'viandes', nameFr: 'Viandes', nameEn: 'Meat', position: 30 },
  { slug: 'volailles', nameFr: 'Volailles', nameEn: 'Poultry', position: 40 },
  { slug: 'poissons', nameFr: 'Poissons et fruits de mer', nameEn: 'Fish and seafood', position: 50 },
  { slug: 'oeufs', nameFr: 'Œufs', nameEn: 'Eggs', position: 60 },
  { slug: 'produits-laitiers', nameFr: 'Produits laitiers', nameEn: 'Dairy', position: 70 },
  { slug: 'fromages', nameFr: 'Fromages', nameEn: 'Cheese', position: 80 },
  { slug: 'boulangerie', nameFr: 'Boulangerie', nameEn: 'Bakery', position: 90 },
  { slug: 'epicerie', nameFr: 'Épicerie', nameEn: 'Pantry', position: 100 },
  { slug: 'plats-cuisines', nameFr: 'Plats cuisinés', nameEn: 'Ready meals', position: 110 },
  { slug: 'boissons', nameFr: 'Boissons', nameEn: 'Drinks', position: 120 },
  { slug: 'miel-confitures', nameFr: 'Miel & confitures', nameEn: 'Honey & jams', position: 130 },
  { slug: 'plants-fleurs', nameFr: 'Plants et fleurs', nameEn: 'Plants and flowers', position: 140 },
];

/** Official French and European signs of quality and origin, and the producers' own labels and networks. */
export const DEFAULT_LABELS: readonly DefaultLabel[] = [
  { slug: 'ab', nameFr: 'Agriculture biologique (AB)', nameEn: 'Organic farming (AB)' },
  { slug: 'nature-et-progres', nameFr: 'Nature & Progrès', nameEn: 'Nature & Progrès' },
  { slug: 'demeter', nameFr: 'Demeter', nameEn: 'Demeter (biodynamic)' },
  { slug: 'bio-coherence', nameFr: 'Bio Cohérence', nameEn: 'Bio Cohérence' },
  { slug: 'label-rouge', nameFr: 'Label Rouge', nameEn: 'Label Rouge' },
  { slug: 'aop', nameFr: "Appellation d'origine protégée (AOP)", nameEn: 'Protected designation of origin (PDO)' },
  { slug: 'igp', nameFr: 'Indication géographique protégée (IGP)', nameEn: 'Protected geographical indication (PGI)' },
  { slug: 'stg', nameFr: 'Spécialité traditionnelle garantie (STG)', nameEn: 'Traditional speciality guaranteed (TSG)' },
  { slug: 'hve', nameFr: 'Haute valeur environnementale (HVE)', nameEn: 'High environmental value (HVE)' },
  { slug: 'bleu-blanc-coeur', nameFr: 'Bleu-Blanc-Cœur', nameEn: 'Bleu-Blanc-Cœur' },
  { slug: 'bienvenue-a-la-ferme', nameFr: 'Bienvenue à la ferme', nameEn: 'Bienvenue à la ferme (farm network)' },
  { slug: 'accueil-paysan', nameFr: 'Accueil Paysan', nameEn: 'Accueil Paysan (farm network)' },
];
