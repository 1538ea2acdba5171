// The shopper's account at checkout: a signed-in shopper (known through the API, the only place the
// cookie goes) gets their saved details filled in; a guest who types an address is offered a sign-in
// link, never a password, and can still order without an account.
import { api } from '../api.ts';
import { $, form, lang, t } from './page.ts';

interface Me {
  signedIn: boolean;
  email?: string;
  profile?: { name: string; phone: string; addressLine: string; postalCode: string; city: string } | null;
}

const fill = (name: string, value: string | undefined): void => {
  const input = $<HTMLInputElement>(`[name="${name}"]`, form);
  // What the shopper already typed wins over what was saved.
  if (input && !input.value && value) input.value = value;
};

const note = (): HTMLElement => {
  let box = $('#account-note', form);
  if (!box) {
    box = document.createElement('p');
    box.id = 'account-note';
    box.className = 'account-note';
    box.setAttribute('role', 'status');
    $('[name="email"]', form)?.closest('.field')?.insertAdjacentElement('afterend', box);
  }
  return box;
};

const offerLink = (): void => {
  const email = $<HTMLInputElement>('[name="email"]', form);
  email?.addEventListener('change', () => {
    if (!email.validity.valid || !email.value) return;
    const box = note();
    box.textContent = `${t.offerLink} `;
    const send = document.createElement('button');
    send.type = 'button';
    send.className = 'secondary';
    send.textContent = t.sendLink;
    send.addEventListener('click', async () => {
      send.disabled = true;
      try {
        await api('POST', '/api/shoppers/sign-in-links', { email: email.value, locale: lang });
        box.textContent = t.linkSent;
      } catch (err) {
        box.textContent = err instanceof Error ? err.message : '';
      }
    });
    box.appendChild(send);
  });
};

export async function startAccount(): Promise<void> {
  let me: Me;
  try {
    me = await api<Me>('GET', '/api/shoppers/me');
  } catch {
    return;
  }
  if (!me.signedIn) return offerLink();
  fill('email', me.email);
  fill('name', me.profile?.name);
  fill('phone', me.profile?.phone);
  fill('line', me.profile?.addressLine);
  fill('postalCode', me.profile?.postalCode);
  fill('city', me.profile?.city);
  note().textContent = t.signedInAs(me.email ?? '');
}
