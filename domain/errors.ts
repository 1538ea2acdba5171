// The domain's one error type, with a closed set of codes the worker maps to problem+json.

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CYCLE_CLOSED',
  'OUT_OF_STOCK',
  'QUANTITY_LIMIT',
  'NOT_IN_SHOP',
  'CART_EMPTY',
  'CART_ALREADY_ORDERED',
  'METHOD_UNAVAILABLE',
  'MINIMUM_NOT_REACHED',
  'TERMS_NOT_ACCEPTED',
  // Back office: sign-in, permissions, forms, and changes refused by the state of what they change.
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF',
  'RATE_LIMITED',
  'SIGN_IN_LINK_INVALID',
  'SIGN_IN_LINK_EXPIRED',
  'STATE_CONFLICT',
  'PAYMENT_PROVIDER',
  // Checkout: a card payment for this cart is already under way (resume it or cancel it first).
  'PAYMENT_IN_PROGRESS',
  // A configured service (image storage) is missing or unreachable.
  'SERVICE_UNAVAILABLE',
  // The database did not answer (down, or slower than the worker's bound): retry later.
  'DATABASE_UNAVAILABLE',
  // A body that cannot be read at all (malformed multipart or JSON), or one too large to read.
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** Path of the offending input, e.g. "contact.email" or "lines.0.quantity". */
  field: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  /** Extra facts a client can act on, e.g. the stock left. */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { fields?: FieldError[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.details = options.details ?? {};
  }
}
