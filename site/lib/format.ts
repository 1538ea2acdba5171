// Display helpers for pages, all in French for now; the shared domain code does the arithmetic.
export { formatMoney } from '../../domain/money.ts';
export { formatDateTime, formatWindow } from '../../domain/dates.ts';
export { formatUnitPrice, formatQuantity } from '../../domain/units.ts';
export { formatVatRate } from '../../domain/vat.ts';

export const ROLE_LABEL = { producer: 'Producteur', hub: 'Boutique', coordinator: 'Coordination', platform: 'Plateforme' } as const;
