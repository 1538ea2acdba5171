// The whole schema, one module per aggregate; drizzle-kit and the clients read it from here.
export * from './enterprises.ts';
export * from './products.ts';
export * from './order-cycles.ts';
export * from './fees.ts';
export * from './hub-settings.ts';
export * from './orders.ts';
export * from './operations.ts';
export * from './auth.ts';
export * from './golive-admin.ts';
export * from './shoppers.ts';
export * from './corrections.ts';
export * from './messages.ts';
export * from './order-changes.ts';
