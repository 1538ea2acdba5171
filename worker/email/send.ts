// Sends one e-mail through Brevo's transactional API (POST https://api.brevo.com/v3/smtp/email, key in
// the `api-key` header): a French provider hosting in the EU, fitting a co-op's data. EMAIL_API_URL
// may point at any endpoint speaking the same JSON (a relay, a test server).
import type { Env } from '../env.ts';
import type { RenderedEmail } from './templates.ts';

export interface EmailSettings {
  url: string;
  apiKey: string;
  from: { name: string; email: string };
}

/** The provider as configured, or null (no EMAIL_API_URL: nothing is sent; the dev mailbox shows it). */
export function emailSettings(env: Env): EmailSettings | null {
  if (!env.EMAIL_API_URL) return null;
  return {
    url: env.EMAIL_API_URL,
    apiKey: env.EMAIL_API_KEY ?? '',
    from: parseAddress(env.EMAIL_FROM ?? 'Comptoir <no-reply@comptoir.invalid>'),
  };
}

/** « Comptoir <commandes@example.coop> » or a bare address. */
export function parseAddress(value: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  return m ? { name: m[1]!.replace(/^"|"$/g, '') || 'Comptoir', email: m[2]!.trim() } : { name: 'Comptoir', email: value.trim() };
}

export class EmailRejected extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function sendEmail(settings: EmailSettings, to: string, email: RenderedEmail, messageId: number): Promise<void> {
  const res = await fetch(settings.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'api-key': settings.apiKey },
    body: JSON.stringify({
      sender: settings.from,
      to: [{ email: to }],
      subject: email.subject,
      htmlContent: email.html,
      textContent: email.text,
      // Lets the provider's logs be matched with the outbox row.
      headers: { 'X-Comptoir-Message': String(messageId) },
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new EmailRejected(res.status, `provider answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  await res.body?.cancel();
}
