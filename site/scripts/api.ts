// Browser side of the API: JSON calls whose failures carry the problem+json the worker returns, and
// the shapes of what the islands receive (cart, quote, placed order).

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
    /** The problem's other members (e.g. orderUrl, lines with the stock left). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Connexion impossible. Vérifiez votre réseau et réessayez.', []);
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; title?: string; errors?: FieldError[] } & Record<string, unknown>;
    throw new ApiError(res.status, p.code ?? 'UNKNOWN', p.errors?.[0]?.message ?? p.title ?? 'Une erreur est survenue.', p.errors ?? [], p);
  }
  return data as T;
}

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
  /** The sale this cart is for, with its pickup (a hub may sell several at once). */
  cycle: {
    id: number;
    name: string;
    opensAt: number;
    closesAt: number;
    open: boolean;
    collectionStartsAt: number | null;
    collectionEndsAt: number | null;
    collectionPlace: string;
  };
  ordered: boolean;
  lines: CartLine[];
  itemCount: number;
  itemsTotalCents: number;
  orderFees: Array<{ name: string; enterpriseName: string; amountCents: number }>;
  orderFeesCents: number;
  hasProblems: boolean;
}

/** POST /api/carts/:id/quote: what placing the order would charge now, and what stands in the way. */
export interface Quote {
  cart: Cart;
  order: { id: string; url: string; state: string; paymentState: string; reservedUntil: number | null } | null;
  shipping: { id: number; name: string; kind: 'pickup' | 'delivery'; feeCents: number } | null;
  /** The methods the cart's cycle offers at this hub, each with its fee and minimum for this cart. */
  shippingMethods: Array<{
    id: number;
    name: string;
    kind: 'pickup' | 'delivery';
    description: string;
    feeCents: number;
    baseFeeCents: number;
    freeFromCents: number | null;
    minOrderCents: number;
    minimumReached: boolean;
    /** The postcodes and communes served, as the hub wrote them; null = anywhere. */
    zone: string | null;
  }>;
  /** When and where the cycle collects (or delivers): epoch ms, null when not set. */
  collection: { startsAt: number | null; endsAt: number | null; place: string };
  lines: Array<{
    variantId: number;
    productName: string;
    variantName: string;
    producerName: string;
    quantity: number;
    unitPriceCents: number;
    lineTotalCents: number;
    vatRateBp: number;
  }>;
  orderFees: Array<{ name: string; enterpriseName: string; amountCents: number; vatRateBp: number }>;
  itemsTotalCents: number;
  orderFeesCents: number;
  shippingCents: number;
  vat: Array<{ rateBp: number; htCents: number; vatCents: number; ttcCents: number }>;
  vatTotalCents: number;
  totalCents: number;
  minOrderCents: number;
  minimumReached: boolean;
  termsRequired: boolean;
  /** The payment methods the cart's cycle offers at this hub (the page shows only these), and which can be used now. */
  paymentMethods: Array<{ id: number; kind: 'card' | 'offline'; name: string; available: boolean; message: string | null }>;
  canPlace: boolean;
}

/** POST /api/orders: the order, and for a card payment the payment page to go to. */
export interface PlacedOrder {
  id: string;
  url: string;
  state: string;
  paymentState: string;
  totalCents: number;
  redirectUrl: string | null;
}
