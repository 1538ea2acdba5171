// Browser side of the API: JSON calls whose failures carry the problem+json the worker returns,
// and the shopper's cart id per shop (localStorage: no cookie on catalog pages).

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Connexion impossible. Vérifiez votre réseau et réessayez.', []);
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; title?: string; errors?: FieldError[] };
    throw new ApiError(res.status, p.code ?? 'UNKNOWN', p.errors?.[0]?.message ?? p.title ?? 'Une erreur est survenue.', p.errors ?? []);
  }
  return data as T;
}

const key = (hub: string) => `comptoir:cart:${hub}`;

export const cartStore = {
  get: (hub: string): string | null => localStorage.getItem(key(hub)),
  set: (hub: string, id: string) => localStorage.setItem(key(hub), id),
  clear: (hub: string) => localStorage.removeItem(key(hub)),
};

export interface CartLine {
  variantId: number;
  quantity: number;
  productName: string | null;
  variantName: string | null;
  producerName: string | null;
  unitPriceCents: number | null;
  lineTotalCents: number;
  maxQuantity: number | null;
  problem: null | { code: string; available: number };
}

export interface Cart {
  id: string;
  hub: { slug: string; name: string };
  cycle: { name: string; opensAt: number; closesAt: number; open: boolean };
  ordered: boolean;
  lines: CartLine[];
  itemCount: number;
  itemsTotalCents: number;
  orderFees: Array<{ name: string; enterpriseName: string; amountCents: number }>;
  orderFeesCents: number;
  hasProblems: boolean;
}
