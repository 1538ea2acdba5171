// The managers page: who manages the enterprise, the invitations waiting, the invitation form, and the
// buttons that withdraw an invitation or remove a manager.
import type { FC } from 'hono/jsx';
import type { managersOf } from '../../../db/enterprises/managers.ts';
import { formatDateTime } from '../../../domain/dates.ts';
import type { FieldError } from '../../../domain/errors.ts';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { Csrf, FormErrors, LabelledInput, Notice } from '../shared/ui.tsx';

export const ManagersPage: FC<{
  l: Locale;
  csrf: string | null;
  enterprise: EnterpriseRow;
  data: Awaited<ReturnType<typeof managersOf>>;
  me: number | null;
  saved: string | null;
  errors?: readonly FieldError[] | undefined;
  typed?: string | undefined;
}> = ({ l, csrf, enterprise: e, data, me, saved, errors = [], typed = '' }) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Gestionnaires', 'Managers')}</h1>
      {saved === 'invited' ? <Notice kind="ok">{tr('Invitation envoyée par e-mail.', 'Invitation sent by e-mail.')}</Notice> : null}
      {saved === 'removed' ? <Notice kind="ok">{tr('Gestionnaire retiré·e.', 'Manager removed.')}</Notice> : null}
      {saved === 'cancelled' ? <Notice kind="ok">{tr('Invitation annulée.', 'Invitation cancelled.')}</Notice> : null}
      <FormErrors errors={errors.filter((x) => x.field !== 'email')} l={l} />
      <table class="grid">
        <thead>
          <tr>
            <th>{tr('Adresse', 'Address')}</th>
            <th>{tr('Nom', 'Name')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.managers.map((m) => (
            <tr>
              <td>
                {m.email}
                {m.userId === me ? <small class="muted"> {tr('(vous)', '(you)')}</small> : null}
              </td>
              <td>{m.name}</td>
              <td>
                <form method="post" action={p.managerRemove(e.slug, m.userId)}>
                  <Csrf token={csrf} />
                  <button type="submit" class="secondary">
                    {tr('Retirer', 'Remove')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{tr('Invitations en attente', 'Pending invitations')}</h2>
      {data.invitations.length === 0 ? <p class="muted">{tr('Aucune.', 'None.')}</p> : null}
      <ul>
        {data.invitations.map((i) => (
          <li>
            {i.email} · {tr('valable jusqu’au', 'valid until')} {formatDateTime(i.expiresAt, l)}{' '}
            <form method="post" action={p.invitationCancel(e.slug, i.id)} class="inline">
              <Csrf token={csrf} />
              <button type="submit" class="secondary">
                {tr('Annuler', 'Cancel')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>{tr('Inviter une personne', 'Invite someone')}</h2>
      <form method="post" action={p.managerInvite(e.slug)} class="filters">
        <Csrf token={csrf} />
        <FormErrors errors={errors.filter((x) => x.field === 'email')} l={l} />
        <LabelledInput id="invite-email" label={tr('Adresse e-mail', 'E-mail address')} name="email" type="email" required value={typed} />
        <button type="submit">{tr('Envoyer l’invitation', 'Send the invitation')}</button>
      </form>
      <p class="muted">
        {tr(
          'La personne reçoit un lien valable 7 jours ; elle devient gestionnaire en se connectant avec cette adresse.',
          'They receive a link valid for 7 days; they become a manager by signing in with that address.',
        )}
      </p>
    </>
  );
};

/** What the sign-in page says about the invitation its link carries. */
export const InvitationNotice: FC<{
  l: Locale;
  csrf: string | null;
  token: string;
  state: import('./use-cases.ts').InvitationState;
  signedInAs: string | null;
  problem: (kind: 'invalid' | 'used' | 'expired' | 'cancelled', l: Locale) => string;
}> = ({ l, csrf, token, state, signedInAs, problem }) => {
  const tr = translator(l);
  if (state.kind !== 'pending') return <Notice kind="bad">{problem(state.kind, l)}</Notice>;
  if (signedInAs === null)
    return (
      <Notice kind="ok">
        {tr(
          `Vous êtes invité·e à gérer ${state.enterpriseName}. Connectez-vous avec ${state.email} : vous deviendrez gestionnaire.`,
          `You are invited to manage ${state.enterpriseName}. Sign in with ${state.email} to become a manager.`,
        )}
      </Notice>
    );
  if (signedInAs !== state.email)
    return (
      <Notice kind="bad">
        {tr(
          `Cette invitation est adressée à ${state.email}, et vous êtes connecté·e en tant que ${signedInAs} : rien n’a été accordé. Déconnectez-vous, puis connectez-vous avec ${state.email}.`,
          `This invitation was sent to ${state.email}, and you are signed in as ${signedInAs}: nothing was granted. Sign out, then sign in with ${state.email}.`,
        )}
      </Notice>
    );
  return (
    <form method="post" action={paths(l).invitationAccept}>
      <Csrf token={csrf} />
      <input type="hidden" name="invitation" value={token} />
      <p>{tr(`Vous êtes invité·e à gérer ${state.enterpriseName}.`, `You are invited to manage ${state.enterpriseName}.`)}</p>
      <button type="submit">{tr('Accepter', 'Accept')}</button>
    </form>
  );
};
