// The language a manager uses the back office in, kept on their user row: messages to the
// enterprises they manage follow their managers' language (outbox.ts enterpriseLocaleSql).
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { users } from '../schema/index.ts';

/** Records `locale` for the user with this address; writes nothing when it is already the one stored. */
export async function recordManagerLocale(db: Db, email: string, locale: 'fr' | 'en'): Promise<void> {
  await db
    .update(users)
    .set({ locale })
    .where(and(eq(users.email, email), or(isNull(users.locale), ne(users.locale, locale))));
}
