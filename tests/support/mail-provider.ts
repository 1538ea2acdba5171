// A stand-in for the e-mail provider's HTTP API (Brevo's JSON): records every message the outbox
// sender hands it, so a test reads what the recipient would receive.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { followLink, lastSignInLink, sessionCookieFrom, type Session } from './admin.ts';
import type { TestWorker } from './local-worker.ts';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { rateLimits, sessions } from '../../db/schema/index.ts';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export async function startMailProvider() {
  const received: ReceivedMail[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    received.push({ to: body.to[0].email, subject: body.subject, text: body.textContent, html: body.htmlContent });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end('{"messageId":"<test@provider>"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/smtp/email`;
  return {
    bindings: { EMAIL_API_URL: url, EMAIL_API_KEY: 'xkeysib-test', EMAIL_FROM: 'Comptoir <commandes@comptoir.example>' },
    received,
    to: (email: string) => received.filter((m) => m.to === email),
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

/** Signs in through the English back office (/en/manage/sign-in), as a manager who works in English. */
export async function signInInEnglish(t: TestWorker, email: string): Promise<Session> {
  await t.conn.db.delete(rateLimits);
  const req = await fetch(`${t.url}/en/manage/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
    body: new URLSearchParams({ email }),
    redirect: 'manual',
  });
  if (req.status !== 200) throw new Error(`sign-in request: ${req.status}`);
  const link = await lastSignInLink(t, email);
  if (!link?.includes('/en/manage/')) throw new Error(`no English link: ${link}`);
  const res = await followLink(t, link);
  const cookie = sessionCookieFrom(res);
  if (res.status !== 303 || !cookie) throw new Error(`sign-in: ${res.status}`);
  const hash = createHash('sha256').update(cookie.split('=')[1]!).digest('hex');
  const [row] = await t.conn.db.select({ csrf: sessions.csrfToken }).from(sessions).where(eq(sessions.idHash, hash));
  return { email, cookie, csrf: row!.csrf };
}
