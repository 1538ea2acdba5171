// The shopper's cart ids, one per shop and sale (a hub may sell several pickups at once), shared by the
// shop page and the checkout: in localStorage, since the catalog pages set no cookie. The key without a
// sale (kept before sales had a cart each, or a cart id from a link) is still read, so no cart is lost.
// Kept small: this module is in the chunk every shop page loads.
export const cartKey = (hub: string, cycle = 0) => `comptoir:cart:${hub}${cycle ? `:${cycle}` : ''}`;
/** The key this page last read or wrote: what a clear without a sale forgets. */
let last: string | null = null;

export const cartStore = {
  get: (hub: string, cycle: number): string | null => {
    for (const k of [cartKey(hub, cycle), cartKey(hub)]) {
      const id = localStorage.getItem(k);
      if (id) return ((last = k), id);
    }
    return null;
  },
  /** set(hub, cycle, id), or set(hub, id) for a cart whose sale is not known yet. */
  set: (hub: string, cycle: number | string, id?: string) => {
    if (id === undefined) [cycle, id] = [0, String(cycle)];
    localStorage.setItem((last = cartKey(hub, Number(cycle))), id);
    if (cycle && localStorage.getItem(cartKey(hub)) === id) localStorage.removeItem(cartKey(hub));
  },
  /** Forgets the cart of a sale (a cart kept without its sale may be another sale's: left), or the last one read. */
  clear: (hub: string, cycle?: number) => {
    const k = cycle ? cartKey(hub, cycle) : last;
    const id = k && localStorage.getItem(k);
    if (!id) return;
    localStorage.removeItem(k);
    if (localStorage.getItem(cartKey(hub)) === id) localStorage.removeItem(cartKey(hub));
  },
};
