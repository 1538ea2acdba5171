// The hub's settings pages: collection and payment (methods, terms and minimum order, fees) and its
// customers (tags, and the tag rules that reserve variants or a price to tagged customers).
import type { FC } from 'hono/jsx';
import type { hubCustomers, hubSettings } from '../../../db/enterprises/hub-settings.ts';
import { FEE_CALCULATORS, FEE_TYPES } from '../../../domain/fees.ts';
import { formatMoney } from '../../../domain/money.ts';
import { eurosField } from '../shared/forms.ts';
import { paths, translator, type Locale, type Tr } from '../shared/paths.ts';
import { PublicStatus, type PublicState } from '../shared/public-status.tsx';
import { Csrf, LabelledInput, LabelledSelect, Notice } from '../shared/ui.tsx';

interface PageProps {
  l: Locale;
  csrf: string | null;
  enterprise: { slug: string };
  status: PublicState;
  saved: boolean;
}

const calculatorLabel = (tr: Tr, x: string) =>
  ({
    flat_per_item: tr('fixe par article', 'flat per item'),
    percent_per_item: tr('% du prix par article', '% of price per item'),
    per_kg: tr('par kg', 'per kg'),
    flat_per_order: tr('fixe par commande', 'flat per order'),
    percent_per_order: tr('% de la commande', '% of the order'),
  })[x] ?? x;

const feeTypeLabel = (tr: Tr, x: (typeof FEE_TYPES)[number]) =>
  ({
    packing: tr('préparation', 'packing'),
    transport: tr('transport', 'transport'),
    admin: tr('administration', 'admin'),
    sales: tr('vente', 'sales'),
    fundraising: tr('solidarité', 'fundraising'),
  })[x];

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

export const SettingsPage: FC<PageProps & { s: Awaited<ReturnType<typeof hubSettings>> }> = ({
  l,
  csrf,
  enterprise: e,
  status,
  saved,
  s,
}) => {
  const p = paths(l);
  const tr = translator(l);
  const archive = (table: 'shipping' | 'payment', id: number) => <Archive l={l} csrf={csrf} slug={e.slug} table={table} id={id} />;
  return (
    <>
      <h1>{tr('Retrait et paiement', 'Collection and payment')}</h1>
      {saved ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
      <PublicStatus status={status} l={l} />
      <h2>{tr('Conditions de vente et minimum de commande', 'Terms of sale and minimum order')}</h2>
      <form method="post" action={`${p.settings(e.slug)}/conditions`}>
        <Csrf token={csrf} />
        <div class="field">
          <label for="termsText">
            {tr('Conditions à accepter au paiement (vide = aucune)', 'Terms to accept at checkout (empty = none)')}
          </label>
          <textarea id="termsText" name="termsText" rows={4}>
            {s.termsText ?? ''}
          </textarea>
        </div>
        <LabelledInput
          id="minOrder"
          label={tr('Commande minimum (€ TTC)', 'Minimum order (€ incl. VAT)')}
          name="minOrder"
          inputmode="decimal"
          value={eurosField(s.minOrderCents, l)}
        />
        <button type="submit">{tr('Enregistrer', 'Save')}</button>
      </form>
      <h2>{tr('Retrait et livraison', 'Collection and delivery')}</h2>
      <ul>
        {s.shipping.map((m) => (
          <li>
            {m.name} — {m.kind === 'pickup' ? tr('retrait', 'pickup') : tr('livraison', 'delivery')} — {formatMoney(m.feeCents, l)}{' '}
            {archive('shipping', m.id)}
          </li>
        ))}
      </ul>
      <form method="post" action={`${p.settings(e.slug)}/shipping`} class="filters">
        <Csrf token={csrf} />
        <LabelledInput id="sname" label={tr('Nom', 'Name')} name="name" required />
        <LabelledSelect
          id="skind"
          name="kind"
          label={tr('Type', 'Kind')}
          options={[
            ['pickup', tr('retrait', 'pickup')],
            ['delivery', tr('livraison', 'delivery')],
          ]}
        />
        <LabelledInput id="sfee" label={tr('Frais (€ TTC)', 'Fee (€)')} name="fee" value="0" inputmode="decimal" />
        <LabelledInput id="sdesc" label={tr('Description', 'Description')} name="description" />
        <button type="submit">{tr('Ajouter', 'Add')}</button>
      </form>
      <h2>{tr('Moyens de paiement', 'Payment methods')}</h2>
      {s.stripeAccountId ? null : (
        <p class="muted">
          {tr(
            'Pas de compte Stripe connecté : seuls les paiements hors ligne sont possibles.',
            'No connected Stripe account: offline payments only.',
          )}
        </p>
      )}
      <ul>
        {s.payment.map((m) => (
          <li>
            {m.name} — {m.kind === 'card' ? tr('carte', 'card') : tr('hors ligne', 'offline')} {archive('payment', m.id)}
          </li>
        ))}
      </ul>
      <form method="post" action={`${p.settings(e.slug)}/payment`} class="filters">
        <Csrf token={csrf} />
        <LabelledInput id="pname" label={tr('Nom', 'Name')} name="name" required />
        <LabelledSelect
          id="pkind"
          name="kind"
          label={tr('Type', 'Kind')}
          options={[
            ['offline', tr('hors ligne (espèces, chèque, virement)', 'offline (cash, cheque, transfer)')],
            ['card', tr('carte (Stripe)', 'card (Stripe)')],
          ]}
        />
        <LabelledInput id="pdesc" label={tr('Description', 'Description')} name="description" />
        <button type="submit">{tr('Ajouter', 'Add')}</button>
      </form>
      <h2>{tr('Marges et commissions de la boutique', 'The shop’s fees')}</h2>
      <ul>
        {s.fees.map((f) => (
          <li>
            {f.name} — {calculatorLabel(tr, f.calculator)} —{' '}
            {f.calculator.startsWith('percent') ? `${String(f.amount / 100).replace('.', ',')} %` : formatMoney(f.amount, l)}
          </li>
        ))}
      </ul>
      <form method="post" action={`${p.settings(e.slug)}/fees`} class="filters">
        <Csrf token={csrf} />
        <LabelledInput id="fname" label={tr('Nom', 'Name')} name="name" required />
        <LabelledSelect
          id="ftype"
          name="feeType"
          label={tr('Nature', 'Type')}
          options={FEE_TYPES.map((x) => [x, feeTypeLabel(tr, x)] as const)}
        />
        <LabelledSelect
          id="fcalc"
          name="calculator"
          label={tr('Calcul', 'Calculator')}
          options={FEE_CALCULATORS.map((x) => [x, calculatorLabel(tr, x)] as const)}
        />
        <LabelledInput id="famount" label={tr('Montant (€ ou %)', 'Amount (€ or %)')} name="amount" inputmode="decimal" required />
        <button type="submit">{tr('Ajouter', 'Add')}</button>
      </form>
    </>
  );
};

export const CustomersPage: FC<PageProps & { data: Awaited<ReturnType<typeof hubCustomers>> }> = ({
  l,
  csrf,
  enterprise: e,
  status,
  saved,
  data,
}) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Clients et étiquettes', 'Customers and tags')}</h1>
      {saved ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
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
        <LabelledInput id="cemail" label={tr('E-mail', 'E-mail')} name="email" type="email" required />
        <LabelledInput id="cname" label={tr('Nom', 'Name')} name="name" />
        <LabelledInput id="ctags" label={tr('Étiquettes (séparées par des virgules)', 'Tags (comma-separated)')} name="tags" />
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
        <LabelledInput id="rtag" label={tr('Étiquette', 'Tag')} name="tag" required />
        <LabelledInput id="rvariant" label={tr('N° de variante', 'Variant id')} name="variantId" inputmode="numeric" required />
        <LabelledInput
          id="rprice"
          label={tr('Prix réservé (€, optionnel)', 'Reserved price (€, optional)')}
          name="price"
          inputmode="decimal"
        />
        <button type="submit">{tr('Ajouter la règle', 'Add the rule')}</button>
      </form>
    </>
  );
};
