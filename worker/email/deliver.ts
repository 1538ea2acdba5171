// The outbox sender: claims due messages, renders each in its recipient's language, sends it through
// the provider, and records the outcome; failures are retried with growing delays, and a message that
// keeps failing stays in the outbox with its last error for someone to look at.
import type { Db } from '../../db/core/client.ts';
import { claimDueMessages, recordDeliveries, type Delivery } from '../../db/messaging/outbox.ts';
import type { Env } from '../env.ts';
import { publicUrl } from '../links.ts';
import { emailSettings, sendEmail } from './send.ts';
import { renderMessage } from './templates.ts';

/** Minutes before attempt n+1 after n failures: 1, 5, 15 min, 1 h, 3 h, 12 h, then daily. */
const BACKOFF_MIN = [1, 5, 15, 60, 180, 720, 1440];
export const MAX_ATTEMPTS = 8;
/** A claimed message is not claimed again for this long, even if the run that took it died. */
const LEASE_MS = 5 * 60_000;

export function retryDelayMs(attempts: number): number {
  return BACKOFF_MIN[Math.min(attempts, BACKOFF_MIN.length) - 1]! * 60_000;
}

export async function deliverDueMessages({ db, env, now, limit = 20 }: { db: Db; env: Env; now: number; limit?: number }) {
  const settings = emailSettings(env);
  if (!settings && env.DEV_MAILBOX !== '1') {
    // Nothing to send with: keep the messages until a provider is configured.
    return { sent: 0, failed: 0, pending: 'no EMAIL_API_URL' };
  }
  const messages = await claimDueMessages(db, { now, limit, leaseMs: LEASE_MS, maxAttempts: MAX_ATTEMPTS });
  const deliveries = await Promise.all(
    messages.map(async (m): Promise<Delivery> => {
      try {
        const email = await renderMessage(db, m, publicUrl(env));
        // Development: « delivered » to /dev/mailbox, which renders it again from the same row.
        if (!settings) return { id: m.id, sentAt: Date.now() };
        await sendEmail(settings, m.recipient, email, m.id);
        return { id: m.id, sentAt: Date.now(), forgetSecrets: true };
      } catch (err) {
        return { id: m.id, error: err instanceof Error ? err.message : String(err), nextAttemptAt: now + retryDelayMs(m.attempts) };
      }
    }),
  );
  await recordDeliveries(db, deliveries);
  const failed = deliveries.filter((d) => 'error' in d);
  for (const d of failed) console.error(JSON.stringify({ job: 'send-outbox', message: d.id, error: 'error' in d ? d.error : '' }));
  return { sent: deliveries.length - failed.length, failed: failed.length };
}
