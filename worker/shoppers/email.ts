// The shopper's sign-in e-mail (outbox topic `shopper.sign-in-link`), in their language; listed in
// worker/email/templates.ts's `templates`.
import { formatDateTime } from '../../domain/dates.ts';
import type { RenderedEmail, TemplateContext } from '../email/templates.ts';
import { esc } from '../email/templates.ts';

export async function shopperSignInLinkEmail(ctx: TemplateContext): Promise<RenderedEmail> {
  const url = String(ctx.payload.url ?? '');
  const expiresAt = Number(ctx.payload.expiresAt ?? 0);
  const fr = ctx.locale === 'fr';
  const subject = fr ? 'Votre lien de connexion à votre compte' : 'Your sign-in link';
  const paragraphs = fr
    ? [
        `Ce lien vous connecte à votre compte : vos commandes, vos coordonnées, vos produits de membre. Il ne sert qu’une fois${expiresAt ? ` et expire le ${formatDateTime(expiresAt, 'fr')}` : ''}.`,
        'Si vous n’avez rien demandé, ignorez ce message : sans ce lien, personne ne se connecte.',
      ]
    : [
        `This link signs you in to your account: your orders, your details, your members' products. It works once${expiresAt ? ` and expires on ${formatDateTime(expiresAt, 'en')}` : ''}.`,
        'If you did not ask for it, ignore this message: without the link nobody signs in.',
      ];
  const label = fr ? 'Me connecter' : 'Sign in';
  const colon = fr ? ' :' : ':';
  return {
    subject,
    text: [subject, '', ...paragraphs.flatMap((p) => [p, '']), `${label}${colon} ${url}`].join('\n'),
    html: `<!doctype html><html><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem">
<h1 style="font-size:1.3rem">${esc(subject)}</h1>${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}<p><a href="${esc(url)}">${esc(label)}</a></p></body></html>`,
  };
}
