// The shopper's cart id per shop, shared by the shop page and the checkout: in localStorage, since the
// catalog pages set no cookie.
const key = (hub: string) => `comptoir:cart:${hub}`;

export const cartStore = {
  get: (hub: string): string | null => localStorage.getItem(key(hub)),
  set: (hub: string, id: string) => localStorage.setItem(key(hub), id),
  clear: (hub: string) => localStorage.removeItem(key(hub)),
};
