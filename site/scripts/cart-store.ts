// The shopper's cart ids, one per shop and sale (a hub may sell several pickups at once), shared by the
// shop page and the checkout: in localStorage, since the catalog pages set no cookie.
const prefix = (hub: string) => `comptoir:cart:${hub}:`;
const key = (hub: string, cycle: number) => `${prefix(hub)}${cycle}`;
/** Where one cart per shop was kept before sales had a cart each, and a cart whose sale is not known yet. */
const loose = (hub: string) => `comptoir:cart:${hub}`;
/** The cart this page last read or kept for each hub: what a clear without a sale means. */
const current = new Map<string, string>();

const remember = (hub: string, id: string | null) => {
  if (id) current.set(hub, id);
  return id;
};

export const cartStore = {
  /** The cart of a hub's sale (or one kept before its sale was known). */
  get: (hub: string, cycle: number): string | null =>
    remember(hub, localStorage.getItem(key(hub, cycle)) ?? localStorage.getItem(loose(hub))),
  /** Keeps a cart for its sale; without the sale (a cart id from a link), until the checkout reads which it is. */
  set: (hub: string, cycleOrId: number | string, id?: string) => {
    if (typeof cycleOrId === 'string') return void localStorage.setItem(loose(hub), remember(hub, cycleOrId)!);
    localStorage.setItem(key(hub, cycleOrId), remember(hub, id!)!);
    if (localStorage.getItem(loose(hub)) === id) localStorage.removeItem(loose(hub));
  },
  /** Forgets the cart of a sale; without one, the cart this page last read or kept for the hub. */
  clear: (hub: string, cycle?: number) => {
    const id = cycle === undefined ? current.get(hub) : localStorage.getItem(key(hub, cycle));
    if (cycle !== undefined) localStorage.removeItem(key(hub, cycle));
    for (const [c, stored] of cartStore.list(hub)) if (stored === id) localStorage.removeItem(c ? key(hub, c) : loose(hub));
    if (cycle !== undefined && id === null) localStorage.removeItem(loose(hub));
  },
  /** The hub's carts as [sale's cycle id, or 0 while not known, cart id]. */
  list: (hub: string): Array<[number, string]> => {
    const found: Array<[number, string]> = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      const rest = k.startsWith(prefix(hub)) ? k.slice(prefix(hub).length) : '';
      if (/^\d+$/.test(rest)) found.push([Number(rest), localStorage.getItem(k)!]);
    }
    const other = localStorage.getItem(loose(hub));
    if (other !== null && !found.some(([, id]) => id === other)) found.push([0, other]);
    return found.sort((a, b) => a[0] - b[0]);
  },
};
