// Sign-in by e-mailed link, sign-out and « who am I »: the pages (French and English) and their
// JSON counterparts. The link opens a confirmation page and only its button signs in, so mail
// scanners that prefetch links cannot spend them.
import { Hono } from 'hono';
import * as v from 'valibot';
import { deleteSession } from '../../db/auth/sign-in.ts';
import { enterprisesByIds } from '../../db/enterprises/enterprises.ts';
import { recordManagerLocale } from '../../db/messaging/manager-locale.ts';
import { DomainError } from '../../domain/errors.ts';
import { databaseFor } from '../db.ts';
import { emailSchema, fieldErrors, formStrings } from '../admin/shared/forms.ts';
import { paths, translator, type Locale } from '../admin/shared/paths.ts';
import { adminLayout, csrfOf } from '../admin/shared/layout.tsx';
import { Csrf, FormErrors, Notice } from '../admin/shared/ui.tsx';
import { validate } from '../validate.ts';
import { invitationProblem, invitationState } from '../admin/managers/use-cases.ts';
import { InvitationNotice } from '../admin/managers/views.tsx';
import { publicUrl, siteUrl } from '../links.ts';
import { requireUser } from './guard.ts';
import { clearSessionCookie, setSessionCookie, type AdminEnv } from './identify.ts';
import { checkSignInLink, LINK_TTL_MS, requestSignInLink, signInWithLink } from './sign-in.ts';
import type { Context } from 'hono';

const linkQuery = v.strictObject({ token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, 'Lien invalide.')), email: emailSchema });

/**
 * The client's address for the per-IP rate limit, or null when nothing in front of the worker says.
 * Cloudflare's edge sets CF-Connecting-IP on every request, overwriting what a client sent; locally the
 * runner (scripts/local-worker.ts) does the same from the socket, since Miniflare alone keeps a value a
 * client sent. The runtime gives a worker no other view of the socket.
 */
export function clientIp(c: Context): string | null {
  const ip = c.req.header('cf-connecting-ip')?.trim();
  return ip ? ip : null;
}

/** The sign-in form: the address, with its message when refused. */
const SignInForm = ({
  l,
  email = '',
  errors = [],
  csrf,
}: {
  l: Locale;
  email?: string;
  errors?: readonly { field: string; message: string }[];
  csrf: string | null;
}) => (
  <form method="post" action={paths(l).signIn}>
    <Csrf token={csrf} />
    <FormErrors errors={errors} l={l} />
    <div class="field">
      <label for="email">{translator(l)('Adresse e-mail', 'E-mail address')}</label>
      <input id="email" name="email" type="email" autocomplete="email" required value={email} />
    </div>
    <button type="submit">{translator(l)('Recevoir un lien de connexion', 'Send me a sign-in link')}</button>
  </form>
);

export function signInPages(l: Locale) {
  const p = paths(l);
  const other = paths(l === 'fr' ? 'en' : 'fr');
  const tr = translator(l);
  const app = new Hono<AdminEnv>().use(adminLayout(l));

  app.get(p.signIn, async (c) => {
    const actor = c.get('actor');
    // A manager invitation's link lands here: say what it is for, or why it no longer works.
    const token = c.req.query('invitation');
    const invitation = token === undefined ? null : { token, state: await invitationState(databaseFor(c.env), token, Date.now()) };
    if (invitation && invitation.state.kind !== 'pending') c.status(invitation.state.kind === 'invalid' ? 400 : 410);
    return c.render(
      <>
        <h1>{tr('Connexion à la gestion', 'Sign in to the back office')}</h1>
        {actor.kind === 'user' ? (
          <Notice kind="ok">
            {tr('Vous êtes connecté·e en tant que ', 'You are signed in as ')}
            {actor.email}. <a href={p.home}>{tr('Aller à la gestion', 'Go to the back office')}</a>
          </Notice>
        ) : null}
        <p>
          {tr(
            'Pas de mot de passe : indiquez votre adresse, nous vous envoyons un lien valable 15 minutes.',
            'No password: enter your address and we e-mail you a link valid for 15 minutes.',
          )}
        </p>
        {invitation ? (
          <InvitationNotice
            l={l}
            csrf={csrfOf(c)}
            token={invitation.token}
            state={invitation.state}
            signedInAs={actor.kind === 'user' ? actor.email : null}
            problem={invitationProblem}
          />
        ) : null}
        <SignInForm l={l} csrf={csrfOf(c)} email={invitation?.state.kind === 'pending' ? invitation.state.email : ''} />
      </>,
      { title: tr('Connexion', 'Sign in'), altHref: other.signIn },
    );
  });

  app.post(p.signIn, async (c) => {
    const form = await formStrings(c);
    const parsed = v.safeParse(v.object({ email: emailSchema }), form);
    if (!parsed.success) {
      c.status(422);
      return c.render(
        <>
          <h1>{tr('Connexion à la gestion', 'Sign in to the back office')}</h1>
          <SignInForm l={l} email={form.email ?? ''} errors={fieldErrors(parsed.issues)} csrf={csrfOf(c)} />
        </>,
        { title: tr('Connexion', 'Sign in') },
      );
    }
    // Links are built on the configured address only; without it, say so and write nothing.
    const origin = publicUrl(c.env);
    if (origin === null) {
      c.status(503);
      return c.render(
        <>
          <h1>{tr('Connexion indisponible', 'Sign-in unavailable')}</h1>
          <Notice kind="bad">
            {tr(
              'Ce serveur n’est pas configuré pour envoyer des liens : son adresse publique (PUBLIC_URL) n’est pas définie. Aucun e-mail n’a été envoyé ; prévenez la personne qui l’administre.',
              'This server is not configured to send links: its public address (PUBLIC_URL) is not set. No e-mail was sent; tell whoever runs it.',
            )}
          </Notice>
        </>,
        { title: tr('Connexion indisponible', 'Sign-in unavailable') },
      );
    }
    try {
      await requestSignInLink({ db: databaseFor(c.env), email: parsed.output.email, ip: clientIp(c), locale: l, origin, now: Date.now() });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'RATE_LIMITED') throw err;
      c.header('retry-after', String(err.details.retryAfterSeconds));
      c.status(429);
      return c.render(
        <>
          <h1>{tr('Connexion à la gestion', 'Sign in to the back office')}</h1>
          <SignInForm
            l={l}
            csrf={csrfOf(c)}
            email={parsed.output.email}
            errors={[
              {
                field: 'email',
                message: tr(
                  err.fields[0]?.message ?? 'Trop de demandes.',
                  `Too many links requested: try again in ${Math.ceil(Number(err.details.retryAfterSeconds) / 60)} minutes.`,
                ),
              },
            ]}
          />
        </>,
        { title: tr('Connexion', 'Sign in') },
      );
    }
    return c.render(
      <>
        <h1>{tr('Regardez vos e-mails', 'Check your e-mail')}</h1>
        <Notice kind="ok">
          {tr(
            `Si ${parsed.output.email} a un compte, un lien de connexion vient d’y être envoyé. Il est valable ${LINK_TTL_MS / 60_000} minutes et ne sert qu’une fois.`,
            `If ${parsed.output.email} has an account, a sign-in link is on its way. It is valid for ${LINK_TTL_MS / 60_000} minutes and works once.`,
          )}
        </Notice>
      </>,
      { title: tr('Lien envoyé', 'Link sent') },
    );
  });

  const linkError = (c: Context<AdminEnv>, err: DomainError) => {
    const expired = err.code === 'SIGN_IN_LINK_EXPIRED';
    const used = err.details.reason === 'used';
    c.status(expired ? 410 : 400);
    return c.render(
      <>
        <h1>{tr('Ce lien ne permet pas de vous connecter', 'This link cannot sign you in')}</h1>
        <Notice kind="bad">
          {used
            ? tr('Ce lien a déjà servi : chaque lien ne fonctionne qu’une fois.', 'This link was already used: each link works once.')
            : expired
              ? tr('Ce lien a expiré : il n’est valable que 15 minutes.', 'This link has expired: it is valid for 15 minutes only.')
              : tr('Ce lien n’est pas valide. Vérifiez qu’il est complet.', 'This link is not valid. Check that it is complete.')}
        </Notice>
        <p>
          <a href={p.signIn}>{tr('Demander un nouveau lien', 'Ask for a new link')}</a>
        </p>
      </>,
      { title: tr('Lien de connexion', 'Sign-in link') },
    );
  };

  app.get(p.signInLink, async (c) => {
    const q = v.safeParse(linkQuery, c.req.query());
    if (!q.success) return linkError(c, new DomainError('SIGN_IN_LINK_INVALID', 'Malformed link.'));
    try {
      await checkSignInLink({ db: databaseFor(c.env), ...q.output, now: Date.now() });
    } catch (err) {
      if (err instanceof DomainError) return linkError(c, err);
      throw err;
    }
    c.header('referrer-policy', 'no-referrer');
    return c.render(
      <>
        <h1>{tr('Connexion à la gestion', 'Sign in to the back office')}</h1>
        <form method="post" action={p.signInLink}>
          {/* Someone already signed in (another account) confirms with their session's token. */}
          <Csrf token={csrfOf(c)} />
          <input type="hidden" name="token" value={q.output.token} />
          <input type="hidden" name="email" value={q.output.email} />
          <p>{tr(`Vous allez vous connecter en tant que ${q.output.email}.`, `You are about to sign in as ${q.output.email}.`)}</p>
          <button type="submit">{tr('Se connecter', 'Sign in')}</button>
        </form>
      </>,
      { title: tr('Connexion', 'Sign in') },
    );
  });

  app.post(p.signInLink, async (c) => {
    const q = v.safeParse(linkQuery, await formStrings(c));
    if (!q.success) return linkError(c, new DomainError('SIGN_IN_LINK_INVALID', 'Malformed link.'));
    try {
      const db = databaseFor(c.env);
      const { sessionId, expiresAt } = await signInWithLink({ db, ...q.output, now: Date.now() });
      setSessionCookie(c, sessionId, expiresAt);
      // The language of the page they signed in on is the one their enterprises' messages will use.
      await recordManagerLocale(db, q.output.email, l);
    } catch (err) {
      if (err instanceof DomainError) return linkError(c, err);
      throw err;
    }
    return c.redirect(p.home, 303);
  });

  app.post(p.signOut, async (c) => {
    const session = c.get('session');
    if (session) await deleteSession(databaseFor(c.env), session.idHash);
    clearSessionCookie(c);
    return c.redirect(p.signIn, 303);
  });

  return app;
}

/** JSON: request a link, sign out, and who the caller is (session or API token). */
export const sessionApi = new Hono<AdminEnv>()
  .post(
    '/sign-in-links',
    validate('json', v.strictObject({ email: emailSchema, locale: v.optional(v.picklist(['fr', 'en']), 'fr') })),
    async (c) => {
      const { email, locale } = c.req.valid('json');
      // 503 problem before anything is written when PUBLIC_URL is not configured.
      const origin = siteUrl(c);
      try {
        await requestSignInLink({ db: databaseFor(c.env), email, ip: clientIp(c), locale, origin, now: Date.now() });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'RATE_LIMITED') c.header('retry-after', String(err.details.retryAfterSeconds));
        throw err;
      }
      return c.json({ status: 'sent-if-known', expiresInSeconds: LINK_TTL_MS / 1000 }, 202);
    },
  )
  .delete('/session', async (c) => {
    requireUser(c);
    const session = c.get('session');
    if (!session) throw new DomainError('FORBIDDEN', 'Only a browser session can be signed out.');
    await deleteSession(databaseFor(c.env), session.idHash);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .get('/me', async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Sign in to use the back office.');
    const ids = actor.kind === 'user' ? actor.manages : [actor.enterpriseId];
    const enterprises = await enterprisesByIds(databaseFor(c.env), ids);
    return c.json({
      kind: actor.kind,
      ...(actor.kind === 'user' ? { email: actor.email, name: actor.name, isPlatformAdmin: actor.isPlatformAdmin } : {}),
      enterprises: enterprises.map((e) => ({ slug: e.slug, name: e.name, isProducer: e.isProducer, isHub: e.isHub })),
    });
  });
