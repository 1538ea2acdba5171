// The hub's settings pages: collection and payment (methods, terms and minimum order, fees) and its
// customers (tags, and the tag rules that reserve variants or a price to tagged customers). A refused
// form is shown again as typed, its messages beside its fields, the others as stored.
import type { FC } from 'hono/jsx';
import type { hubCustomers, hubSettings } from '../../../db/enterprises/hub-settings.ts';
import type { ShippingMethodFields } from '../../../db/enterprises/method-edits.ts';
import type { hubMethodRules } from '../../../db/enterprises/tag-method-rules.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatVatRate } from '../../../domain/vat.ts';
import { FeeSection } from '../fees/views.tsx';
import { eurosField } from '../shared/forms.ts';
import { paths, translator, type Locale, type Tr } from '../shared/paths.ts';
import { PublicStatus, type PublicState } from '../shared/public-status.tsx';
import { Csrf, Notice } from '../shared/ui.tsx';
import { fieldError, Input, Select, TextArea, Unsaved, type Refused } from './fields.tsx';
import { CHARGE_VAT_RATES_BP } from './form.ts';
import { ShopperChangesSection } from './shopper-changes.tsx';

interface PageProps {
  l: Locale;
  csrf: string | null;
  enterprise: { slug: string };
  status: PublicState;
  saved: boolean;
  /** The form refused by the last post, shown again as typed. */
  refused?: Refused | undefined;
}

/** What the form `key` shows: what was typed if it is the refused one, else `stored`; and its messages. */
function shownOf(refused: Refused | undefined, key: string, stored: Record<string, string>) {
  const mine = refused?.form === key ? refused : undefined;
  return { v: mine?.typed ?? stored, errors: mine?.errors ?? [], refused: mine !== undefined };
}

/** At the top of a page whose form was refused: where to look, the form being lower down. */
const RefusedNotice: FC<{ l: Locale; refused: Refused | undefined }> = ({ l, refused }) =>
  refused ? (
    <Notice kind="bad">
      {translator(l)('Rien n’a été enregistré :', 'Nothing was saved:')}{' '}
      <a href="#refused">{translator(l)('voir le formulaire et ses messages.', 'see the form and its messages.')}</a>
    </Notice>
  ) : null;

/** The small form that takes a collection or payment method off the list. */
const Archive: FC<{ l: Locale; csrf: string | null; slug: string; table: 'shipping' | 'payment'; id: number }> = ({
  l,
  csrf,
  slug,
  table,
  id,
}) => (
  <form method="post" action={`${paths(l).settings(slug)}/${table}/${id}/archive`} class="inline">
    <Csrf token={csrf} />
    <button type="submit" class="link">
      {translator(l)('Retirer', 'Remove')}
    </button>
  </form>
);

/** The French VAT rates a delivery or a fee may carry; delivery follows the goods' rate (5,5 % for food). */
const VatSelect: FC<{ id: string; l: Locale; selected: string; error?: string | undefined }> = ({ id, l, selected, error }) => (
  <Select
    id={id}
    name="vatRateBp"
    label={translator(l)('TVA', 'VAT')}
    options={CHARGE_VAT_RATES_BP.map((r) => [String(r), formatVatRate(r, l)] as const)}
    selected={selected}
    error={error}
  />
);

/** A stored method as its form shows it. */
const shippingTyped = (m: ShippingMethodFields, l: Locale): Record<string, string> => ({
  name: m.name,
  kind: m.kind,
  fee: eurosField(m.feeCents, l),
  vatRateBp: String(m.vatRateBp),
  freeFrom: m.freeFromCents === null ? '' : eurosField(m.freeFromCents, l),
  minOrder: eurosField(m.minOrderCents, l),
  zone: m.zone,
  description: m.description,
});

const NEW_SHIPPING: ShippingMethodFields = {
  name: '',
  kind: 'pickup',
  description: '',
  feeCents: 0,
  vatRateBp: 550,
  zone: '',
  minOrderCents: 0,
  freeFromCents: null,
};

/** The fields the shipping form shows messages beside (the schema's names). */
const SHIPPING_FIELDS = ['name', 'kind', 'feeCents', 'vatRateBp', 'freeFromCents', 'minOrderCents', 'zone', 'description'];

/** One collection or delivery method's fields, to add one (prefix « s ») or change it (« s12 »): ids are prefixed so several forms share the page. */
const ShippingFields: FC<{ l: Locale; k: string; v: Record<string, string>; errors: FieldError[] }> = ({ l, k, v, errors }) => {
  const tr = translator(l);
  const err = (field: string) => fieldError(errors, field);
  return (
    <>
      <Input id={`${k}name`} label={tr('Nom', 'Name')} name="name" value={v.name ?? ''} required error={err('name')} />
      <Select
        id={`${k}kind`}
        name="kind"
        label={tr('Type', 'Kind')}
        options={[
          ['pickup', tr('retrait', 'pickup')],
          ['delivery', tr('livraison', 'delivery')],
        ]}
        selected={v.kind}
        error={err('kind')}
      />
      <Input
        id={`${k}fee`}
        label={tr('Frais (€ TTC)', 'Fee (€)')}
        name="fee"
        value={v.fee ?? ''}
        inputmode="decimal"
        error={err('feeCents')}
      />
      <VatSelect id={`${k}vat`} l={l} selected={v.vatRateBp ?? ''} error={err('vatRateBp')} />
      <Input
        id={`${k}free`}
        label={tr('Gratuit dès (€ de produits, vide = jamais)', 'Free from (€ of products, empty = never)')}
        name="freeFrom"
        value={v.freeFrom ?? ''}
        inputmode="decimal"
        error={err('freeFromCents')}
      />
      <Input
        id={`${k}min`}
        label={tr('Minimum de commande pour ce mode (€)', 'Minimum order for this method (€)')}
        name="minOrder"
        value={v.minOrder ?? ''}
        inputmode="decimal"
        error={err('minOrderCents')}
      />
      <Input
        id={`${k}zone`}
        label={tr(
          'Zone livrée : codes postaux, « 35* » ou communes, séparés par des virgules (vide = partout)',
          'Delivery zone: postcodes, “35*” or towns, comma-separated (empty = anywhere)',
        )}
        name="zone"
        value={v.zone ?? ''}
        maxlength="2000"
        error={err('zone')}
      />
      <Input
        id={`${k}desc`}
        label={tr('Description', 'Description')}
        name="description"
        value={v.description ?? ''}
        error={err('description')}
      />
    </>
  );
};

const PAYMENT_FIELDS = ['name', 'kind', 'description'];

/** One payment method's fields, to add one (prefix « p ») or change it (« p3 »). */
const PaymentFields: FC<{ l: Locale; k: string; v: Record<string, string>; errors: FieldError[] }> = ({ l, k, v, errors }) => {
  const tr = translator(l);
  return (
    <>
      <Input id={`${k}name`} label={tr('Nom', 'Name')} name="name" value={v.name ?? ''} required error={fieldError(errors, 'name')} />
      <Select
        id={`${k}kind`}
        name="kind"
        label={tr('Type', 'Kind')}
        options={[
          ['offline', tr('hors ligne (espèces, chèque, virement)', 'offline (cash, cheque, transfer)')],
          ['card', tr('carte (Stripe)', 'card (Stripe)')],
        ]}
        selected={v.kind}
        error={fieldError(errors, 'kind')}
      />
      <Input
        id={`${k}desc`}
        label={tr('Description', 'Description')}
        name="description"
        value={v.description ?? ''}
        error={fieldError(errors, 'description')}
      />
    </>
  );
};

type Settings = Awaited<ReturnType<typeof hubSettings>>;

/** Where the hub's Stripe link stands, in words, from what Stripe last said. */
export function stripeStateText(s: Settings, tr: Tr): { state: string; text: string } {
  if (!s.stripeAccountId)
    return {
      state: 'none',
      text: tr('Stripe non connecté : seuls les paiements hors ligne sont possibles.', 'Stripe not connected: offline payments only.'),
    };
  if (s.stripeDisconnectedAt !== null)
    return {
      state: 'disconnected',
      text: tr(
        'Stripe déconnecté : plus de paiement par carte (les commandes déjà payées gardent leur paiement).',
        'Stripe disconnected: no card payments (orders already paid keep their payment).',
      ),
    };
  if (s.stripeChargesEnabled)
    return {
      state: 'active',
      text: s.stripePayoutsEnabled
        ? tr('Paiements par carte actifs.', 'Card payments active.')
        : tr(
            'Paiements par carte actifs ; Stripe ne verse pas encore l’argent sur votre compte bancaire.',
            'Card payments active; Stripe does not pay out to your bank account yet.',
          ),
    };
  if (s.stripeDetailsSubmitted)
    return {
      state: 'review',
      text: tr(
        'Inscription Stripe envoyée : Stripe vérifie vos informations, les paiements par carte ne sont pas encore possibles.',
        'Stripe sign-up sent: Stripe is checking it, card payments are not possible yet.',
      ),
    };
  return {
    state: 'onboarding',
    text: tr(
      'Inscription Stripe à terminer : les paiements par carte ne sont pas encore possibles.',
      'Stripe sign-up to finish: card payments are not possible yet.',
    ),
  };
}

/** « Connecter Stripe » (or finish the sign-up), and « Déconnecter ». */
const StripeSection: FC<{ l: Locale; csrf: string | null; slug: string; s: Settings; back: boolean }> = ({ l, csrf, slug, s, back }) => {
  const tr = translator(l);
  const p = paths(l);
  const { state, text } = stripeStateText(s, tr);
  const linked = s.stripeAccountId !== null && s.stripeDisconnectedAt === null;
  return (
    <section class="stripe" data-testid="stripe-state" data-state={state}>
      {back && state !== 'active' ? (
        <Notice kind="warn">
          {tr(
            'Retour de Stripe : l’état ci-dessous se met à jour dès que Stripe a vérifié votre inscription.',
            'Back from Stripe: the state below updates as soon as Stripe has checked your sign-up.',
          )}
        </Notice>
      ) : null}
      <p>
        <span class={`pill ${state === 'active' ? 'up-to-date' : 'stale'}`}>{text}</span>
      </p>
      {state === 'active' ? null : (
        <form method="post" action={`${p.settings(slug)}/stripe/connect`} class="inline">
          <Csrf token={csrf} />
          <button type="submit">
            {state === 'none' || state === 'disconnected'
              ? tr('Connecter Stripe', 'Connect Stripe')
              : tr('Terminer l’inscription Stripe', 'Finish the Stripe sign-up')}
          </button>
        </form>
      )}{' '}
      {linked ? (
        <form method="post" action={`${p.settings(slug)}/stripe/disconnect`} class="inline">
          <Csrf token={csrf} />
          <button type="submit" class="link">
            {tr('Déconnecter Stripe', 'Disconnect Stripe')}
          </button>
        </form>
      ) : null}
    </section>
  );
};

export const SettingsPage: FC<PageProps & { s: Settings; stripeBack?: boolean }> = ({
  l,
  csrf,
  enterprise: e,
  status,
  saved,
  refused,
  stripeBack = false,
  s,
}) => {
  const p = paths(l);
  const tr = translator(l);
  const archive = (table: 'shipping' | 'payment', id: number) => <Archive l={l} csrf={csrf} slug={e.slug} table={table} id={id} />;
  const terms = shownOf(refused, 'conditions', { termsText: s.termsText ?? '', minOrder: eurosField(s.minOrderCents, l) });
  const newShipping = shownOf(refused, 'shipping', shippingTyped(NEW_SHIPPING, l));
  const newPayment = shownOf(refused, 'payment', { name: '', kind: 'offline', description: '' });
  const fee = refused && /^fees(\/\d+)?$/.test(refused.form) ? refused : undefined;
  return (
    <>
      <h1>{tr('Retrait et paiement', 'Collection and payment')}</h1>
      {saved && !refused ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
      <RefusedNotice l={l} refused={refused} />
      <PublicStatus status={status} l={l} />
      <h2>{tr('Conditions de vente et minimum de commande', 'Terms of sale and minimum order')}</h2>
      <form method="post" action={`${p.settings(e.slug)}/conditions`}>
        <Csrf token={csrf} />
        <Unsaved l={l} errors={terms.errors} shown={['termsText', 'minOrderCents']} />
        <TextArea
          id="termsText"
          name="termsText"
          rows={4}
          label={tr('Conditions à accepter au paiement (vide = aucune)', 'Terms to accept at checkout (empty = none)')}
          value={terms.v.termsText ?? ''}
          error={fieldError(terms.errors, 'termsText')}
        />
        <Input
          id="minOrder"
          label={tr('Commande minimum (€ TTC)', 'Minimum order (€ incl. VAT)')}
          name="minOrder"
          inputmode="decimal"
          value={terms.v.minOrder ?? ''}
          error={fieldError(terms.errors, 'minOrderCents')}
        />
        <button type="submit">{tr('Enregistrer', 'Save')}</button>
      </form>
      <ShopperChangesSection
        l={l}
        csrf={csrf}
        slug={e.slug}
        allowed={refused?.form === 'modifications-clients' ? refused.typed.shoppersChangeOrders === 'yes' : s.shoppersChangeOrders}
        refused={refused?.form === 'modifications-clients' ? <Unsaved l={l} errors={refused.errors} shown={[]} /> : null}
      />
      <h2>{tr('Retrait et livraison', 'Collection and delivery')}</h2>
      <p class="muted">
        {tr(
          'Chaque cycle de vente choisit lesquels de ces modes il propose (formulaire du cycle) ; un mode ajouté est proposé dans les cycles en cours.',
          'Each order cycle chooses which of these methods it offers (the cycle form); a method added here is offered in the cycles under way.',
        )}
      </p>
      {s.shipping.map((m) => {
        const form = shownOf(refused, `shipping/${m.id}`, shippingTyped(m, l));
        return (
          <details class="method" data-shipping-method={String(m.id)} open={form.refused}>
            <summary>
              {m.name} — {m.kind === 'pickup' ? tr('retrait', 'pickup') : tr('livraison', 'delivery')} — {formatMoney(m.feeCents, l)} (
              {tr('TVA', 'VAT')} {formatVatRate(m.vatRateBp, l)})
              {m.freeFromCents !== null ? ` — ${tr('gratuit dès', 'free from')} ${formatMoney(m.freeFromCents, l)}` : ''}
              {m.minOrderCents ? ` — ${tr('minimum', 'minimum')} ${formatMoney(m.minOrderCents, l)}` : ''}
              {m.zone ? ` — ${m.zone}` : ''}
            </summary>
            <form method="post" action={`${p.settings(e.slug)}/shipping/${m.id}`} class="filters">
              <Csrf token={csrf} />
              <Unsaved l={l} errors={form.errors} shown={SHIPPING_FIELDS} />
              <ShippingFields l={l} k={`s${m.id}`} v={form.v} errors={form.errors} />
              <button type="submit">{tr('Enregistrer', 'Save')}</button>
            </form>
            {archive('shipping', m.id)}
          </details>
        );
      })}
      <h3>{tr('Ajouter un mode', 'Add a method')}</h3>
      <form method="post" action={`${p.settings(e.slug)}/shipping`} class="filters">
        <Csrf token={csrf} />
        <Unsaved l={l} errors={newShipping.errors} shown={SHIPPING_FIELDS} />
        <ShippingFields l={l} k="s" v={newShipping.v} errors={newShipping.errors} />
        <button type="submit">{tr('Ajouter', 'Add')}</button>
      </form>
      <h2>{tr('Moyens de paiement', 'Payment methods')}</h2>
      <StripeSection l={l} csrf={csrf} slug={e.slug} s={s} back={stripeBack} />
      {s.payment.map((m) => {
        const form = shownOf(refused, `payment/${m.id}`, { name: m.name, kind: m.kind, description: m.description });
        return (
          <details class="method" data-payment-method={String(m.id)} open={form.refused}>
            <summary>
              {m.name} — {m.kind === 'card' ? tr('carte', 'card') : tr('hors ligne', 'offline')}
              {m.kind === 'card' && !(s.stripeChargesEnabled && s.stripeDisconnectedAt === null)
                ? ` — ${tr('inutilisable tant que Stripe n’autorise pas les paiements', 'unusable until Stripe lets the shop take payments')}`
                : ''}
            </summary>
            <form method="post" action={`${p.settings(e.slug)}/payment/${m.id}`} class="filters">
              <Csrf token={csrf} />
              <Unsaved l={l} errors={form.errors} shown={PAYMENT_FIELDS} />
              <PaymentFields l={l} k={`p${m.id}`} v={form.v} errors={form.errors} />
              <button type="submit">{tr('Enregistrer', 'Save')}</button>
            </form>
            {archive('payment', m.id)}
          </details>
        );
      })}
      <h3>{tr('Ajouter un moyen de paiement', 'Add a payment method')}</h3>
      <form method="post" action={`${p.settings(e.slug)}/payment`} class="filters">
        <Csrf token={csrf} />
        <Unsaved l={l} errors={newPayment.errors} shown={PAYMENT_FIELDS} />
        <PaymentFields l={l} k="p" v={newPayment.v} errors={newPayment.errors} />
        <button type="submit">{tr('Ajouter', 'Add')}</button>
      </form>
      <h2>{tr('Marges et commissions de la boutique', 'The shop’s fees')}</h2>
      <FeeSection
        l={l}
        csrf={csrf}
        action={`${p.settings(e.slug)}/fees`}
        fees={s.fees}
        refused={
          fee
            ? { id: fee.form === 'fees' ? null : Number(fee.form.slice('fees/'.length)), typed: fee.typed, errors: fee.errors }
            : undefined
        }
        joins={tr(
          'Une marge ajoutée s’applique tout de suite, dans votre boutique, à tous vos cycles de vente qui ne sont pas clos ; le formulaire de chaque cycle permet de la retirer.',
          'A fee added here applies at once, in your shop, to all your order cycles that have not closed; each cycle’s form can take it off.',
        )}
      />
    </>
  );
};

export const CustomersPage: FC<
  PageProps & { data: Awaited<ReturnType<typeof hubCustomers>>; methodRules: Awaited<ReturnType<typeof hubMethodRules>> }
> = ({ l, csrf, enterprise: e, status, saved, refused, data, methodRules }) => {
  const p = paths(l);
  const tr = translator(l);
  const customer = shownOf(refused, 'customer', { email: '', name: '', tags: '' });
  const rule = shownOf(refused, 'rules', { tag: '', price: '' });
  const err = (form: { errors: FieldError[] }, field: string) => fieldError(form.errors, field);
  return (
    <>
      <h1>{tr('Clients et étiquettes', 'Customers and tags')}</h1>
      {saved && !refused ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
      <RefusedNotice l={l} refused={refused} />
      <PublicStatus status={status} l={l} />
      <table class="grid">
        <thead>
          <tr>
            <th>{tr('Client', 'Customer')}</th>
            <th>{tr('E-mail', 'E-mail')}</th>
            <th>{tr('Étiquettes', 'Tags')}</th>
          </tr>
        </thead>
        <tbody>
          {data.customers.map((x) => (
            <tr>
              <td>{x.name}</td>
              <td>{x.email}</td>
              <td>{x.tags.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{tr('Ajouter ou modifier un client', 'Add or change a customer')}</h2>
      <form method="post" action={p.customers(e.slug)} class="filters">
        <Csrf token={csrf} />
        <Unsaved l={l} errors={customer.errors} shown={['email', 'name', 'tags']} />
        <Input
          id="cemail"
          label={tr('E-mail', 'E-mail')}
          name="email"
          type="email"
          required
          value={customer.v.email ?? ''}
          error={err(customer, 'email')}
        />
        <Input id="cname" label={tr('Nom', 'Name')} name="name" value={customer.v.name ?? ''} error={err(customer, 'name')} />
        <Input
          id="ctags"
          label={tr('Étiquettes (séparées par des virgules)', 'Tags (comma-separated)')}
          name="tags"
          value={customer.v.tags ?? ''}
          error={err(customer, 'tags')}
        />
        <button type="submit">{tr('Enregistrer', 'Save')}</button>
      </form>
      <h2>{tr('Produits réservés par étiquette', 'Products reserved by tag')}</h2>
      <p class="muted">
        {tr(
          'Une variante visée n’est montrée qu’aux clients qui portent l’étiquette, au prix indiqué s’il y en a un.',
          'A variant in a rule is shown only to customers with the tag, at the given price if any.',
        )}
      </p>
      <ul>
        {data.rules.map((r) => (
          <li>
            « {r.tag} » — {r.productName} — {r.variantName} {r.priceCents !== null ? `— ${formatMoney(r.priceCents, l)}` : ''}{' '}
            <form method="post" action={`${p.customers(e.slug)}/rules/${r.id}/remove`} class="inline">
              <Csrf token={csrf} />
              <button type="submit" class="link">
                {tr('Retirer', 'Remove')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={`${p.customers(e.slug)}/rules`} class="filters">
        <Csrf token={csrf} />
        <Unsaved l={l} errors={rule.errors} shown={['tag', 'variantId', 'priceCents']} />
        <Input id="rtag" label={tr('Étiquette', 'Tag')} name="tag" required value={rule.v.tag ?? ''} error={err(rule, 'tag')} />
        <Select
          id="rvariant"
          name="variantId"
          label={tr('Produit réservé', 'Reserved product')}
          options={data.ruleVariants.map((v) => [String(v.id), `${v.productName} — ${v.variantName} (${v.producerName})`] as const)}
          selected={rule.v.variantId}
          error={err(rule, 'variantId')}
        />
        <Input
          id="rprice"
          label={tr('Prix réservé (€, optionnel)', 'Reserved price (€, optional)')}
          name="price"
          inputmode="decimal"
          value={rule.v.price ?? ''}
          error={err(rule, 'priceCents')}
        />
        <button type="submit">{tr('Ajouter la règle', 'Add the rule')}</button>
      </form>
      <MethodRules
        l={l}
        csrf={csrf}
        action={`${p.customers(e.slug)}/method-rules`}
        data={methodRules}
        form={shownOf(refused, 'method-rules', { tag: '' })}
      />
    </>
  );
};

/** Rules that reserve a collection/delivery or payment method to a tag, or hide it from a tag (domain/tag-rules.ts). */
const MethodRules: FC<{
  l: Locale;
  csrf: string | null;
  action: string;
  data: Awaited<ReturnType<typeof hubMethodRules>>;
  form: ReturnType<typeof shownOf>;
}> = ({ l, csrf, action, data, form }) => {
  const tr = translator(l);
  const seen = { only: tr('réservé aux clients', 'reserved to customers'), hidden: tr('caché aux clients', 'hidden from customers') };
  return (
    <>
      <h2>{tr('Retrait et paiement par étiquette', 'Collection and payment by tag')}</h2>
      <p class="muted">
        {tr(
          'Un mode réservé à une étiquette n’est proposé qu’aux clients qui la portent ; un mode caché à une étiquette n’est pas proposé aux clients qui la portent. Le panier et la commande le vérifient sur le serveur.',
          'A method reserved to a tag is offered only to customers with it; a method hidden from a tag is not offered to customers with it. The cart and the order check it on the server.',
        )}
      </p>
      <ul>
        {data.rules.map((r) => (
          <li data-testid="method-rule">
            {r.methodName} — {seen[r.visibility]} « {r.tag} »{' '}
            <form method="post" action={`${action}/${r.id}/remove`} class="inline">
              <Csrf token={csrf} />
              <button type="submit" class="link">
                {tr('Retirer', 'Remove')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={action} class="filters">
        <Csrf token={csrf} />
        <Unsaved l={l} errors={form.errors} shown={['method', 'visibility', 'tag']} />
        <Select
          id="mrmethod"
          name="method"
          label={tr('Mode', 'Method')}
          options={[
            ...data.shipping.map(
              (m) => [`shipping:${m.id}`, `${tr('Retrait ou livraison', 'Collection or delivery')} : ${m.name}`] as const,
            ),
            ...data.payment.map((m) => [`payment:${m.id}`, `${tr('Paiement', 'Payment')} : ${m.name}`] as const),
          ]}
          selected={form.v.method}
          error={fieldError(form.errors, 'method')}
        />
        <Select
          id="mrvisibility"
          name="visibility"
          label={tr('Règle', 'Rule')}
          options={[
            ['only', tr('réservé aux clients portant l’étiquette', 'reserved to customers with the tag')],
            ['hidden', tr('caché aux clients portant l’étiquette', 'hidden from customers with the tag')],
          ]}
          selected={form.v.visibility}
          error={fieldError(form.errors, 'visibility')}
        />
        <Input
          id="mrtag"
          label={tr('Étiquette', 'Tag')}
          name="tag"
          required
          value={form.v.tag ?? ''}
          error={fieldError(form.errors, 'tag')}
        />
        <button type="submit">{tr('Ajouter la règle', 'Add the rule')}</button>
      </form>
    </>
  );
};
