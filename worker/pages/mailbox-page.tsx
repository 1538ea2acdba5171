// The development mailbox: what the outbox holds, rendered as the recipient would read it.
import type { FC } from 'hono/jsx';
import type { OutboxMessage } from '../../db/messaging/outbox.ts';
import { formatDateTime } from '../../domain/dates.ts';
import type { RenderedEmail } from '../email/templates.ts';
import { Layout } from './layout.tsx';

export interface MailboxEntry {
  message: OutboxMessage;
  email: RenderedEmail | null;
  error: string | null;
}

export const MailboxPage: FC<{ entries: MailboxEntry[] }> = ({ entries }) => (
  <Layout title="Boîte de développement — Comptoir">
    <main>
      <h1>Boîte de développement</h1>
      <p class="muted">
        Les messages que Comptoir aurait envoyés (aucun fournisseur d’e-mail configuré : <code>EMAIL_API_URL</code> est vide). Page visible
        seulement avec <code>DEV_MAILBOX=1</code>.
      </p>
      {entries.length === 0 ? <p>Aucun message pour l’instant.</p> : null}
      {entries.map(({ message: m, email, error }) => (
        <article class="card" data-topic={m.topic} data-recipient={m.recipient}>
          <h2>{email?.subject ?? m.topic}</h2>
          <p class="muted">
            À <strong>{m.recipient}</strong> · {m.topic} · {m.locale} · {formatDateTime(m.createdAt)} ·{' '}
            {m.sentAt ? `distribué le ${formatDateTime(m.sentAt)}` : `en attente (${m.attempts} tentative${m.attempts > 1 ? 's' : ''})`}
            {m.lastError ? ` · dernière erreur : ${m.lastError}` : ''}
          </p>
          {error ? <p class="banner error">Rendu impossible : {error}</p> : null}
          {email ? (
            <>
              <pre class="mail-text">{email.text}</pre>
              <details>
                <summary>Version HTML</summary>
                <iframe title={`HTML — ${email.subject}`} sandbox="" srcdoc={email.html} width="100%" height="480"></iframe>
              </details>
            </>
          ) : null}
        </article>
      ))}
    </main>
  </Layout>
);
