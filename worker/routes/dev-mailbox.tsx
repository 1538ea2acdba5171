// GET /dev/mailbox: in development (DEV_MAILBOX=1, set by `npm start`), every message of the outbox as
// it would be sent, rendered, newest first: order confirmations, hub notifications, sign-in links.
// Without the binding the page does not exist, so it can never leak addresses in production.
import { Hono } from 'hono';
import { latestMessages } from '../../db/messaging/outbox.ts';
import { databaseFor } from '../db.ts';
import { renderMessage, type RenderedEmail } from '../email/templates.ts';
import type { AppEnv } from '../env.ts';
import { MailboxPage } from '../pages/mailbox-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';

export const devMailbox = new Hono<AppEnv>().get('/mailbox', async (c) => {
  if (c.env.DEV_MAILBOX !== '1') return c.html(<NotFoundPage />, 404);
  const db = databaseFor(c.env);
  const messages = await latestMessages(db, 50);
  const rendered = await Promise.all(
    messages.map(async (m) => {
      let email: RenderedEmail | null = null;
      let error: string | null = null;
      try {
        email = await renderMessage(db, m);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      return { message: m, email, error };
    }),
  );
  c.header('cache-control', 'no-store');
  return c.html(<MailboxPage entries={rendered} />);
});
