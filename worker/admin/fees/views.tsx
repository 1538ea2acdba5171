// An enterprise's fees on its back-office page (a hub's settings, a producer's fees page): each one
// changed or archived in place, a new one added, the page saying where a new fee applies.
import type { FC } from 'hono/jsx';
import { FEE_CALCULATORS, FEE_TYPES, type FeeCalculator, type FeeType } from '../../../domain/fees.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatVatRate } from '../../../domain/vat.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { fieldError, Input, Select, Unsaved } from '../hub-settings/fields.tsx';
import { CHARGE_VAT_RATES_BP } from '../hub-settings/form.ts';
import { eurosField } from '../shared/forms.ts';
import { translator, type Locale, type Tr } from '../shared/paths.ts';
import { Csrf } from '../shared/ui.tsx';

export const calculatorLabel = (tr: Tr, x: string) =>
  ({
    flat_per_item: tr('fixe par article', 'flat per item'),
    percent_per_item: tr('% du prix par article', '% of price per item'),
    per_kg: tr('par kg', 'per kg'),
    flat_per_order: tr('fixe par commande', 'flat per order'),
    percent_per_order: tr('% de la commande', '% of the order'),
  })[x] ?? x;

export const feeTypeLabel = (tr: Tr, x: FeeType) =>
  ({
    packing: tr('préparation', 'packing'),
    transport: tr('transport', 'transport'),
    admin: tr('administration', 'admin'),
    sales: tr('vente', 'sales'),
    fundraising: tr('solidarité', 'fundraising'),
  })[x];

export interface FeeRow {
  id: number;
  name: string;
  feeType: FeeType;
  calculator: FeeCalculator;
  amount: number;
  vatRateBp: number;
}

const NEW_FEE: Record<string, string> = { name: '', feeType: 'packing', calculator: 'flat_per_item', amount: '', vatRateBp: '2000' };

/** A stored fee as its form shows it. */
const feeTyped = (f: FeeRow, l: Locale): Record<string, string> => ({
  name: f.name,
  feeType: f.feeType,
  calculator: f.calculator,
  amount: eurosField(f.amount, l),
  vatRateBp: String(f.vatRateBp),
});

/** The fee form refused by the last post (id null: the new one), shown again as typed. */
export interface RefusedFee {
  id: number | null;
  typed: Record<string, string>;
  errors: FieldError[];
}

const FEE_FIELDS = ['name', 'feeType', 'calculator', 'amount', 'vatRateBp'];

/** One fee's fields, as stored or as typed, with their messages; ids are prefixed so several forms share the page. */
const FeeFields: FC<{ l: Locale; k: string; v: Record<string, string>; errors: readonly FieldError[] }> = ({ l, k, v, errors }) => {
  const tr = translator(l);
  return (
    <>
      <Unsaved l={l} errors={errors} shown={FEE_FIELDS} />
      <Input id={`${k}name`} label={tr('Nom', 'Name')} name="name" value={v.name ?? ''} required error={fieldError(errors, 'name')} />
      <Select
        id={`${k}type`}
        name="feeType"
        label={tr('Nature', 'Type')}
        options={FEE_TYPES.map((x) => [x, feeTypeLabel(tr, x)] as const)}
        selected={v.feeType}
        error={fieldError(errors, 'feeType')}
      />
      <Select
        id={`${k}calc`}
        name="calculator"
        label={tr('Calcul', 'Calculator')}
        options={FEE_CALCULATORS.map((x) => [x, calculatorLabel(tr, x)] as const)}
        selected={v.calculator}
        error={fieldError(errors, 'calculator')}
      />
      <Input
        id={`${k}amount`}
        label={tr('Montant (€ ou %)', 'Amount (€ or %)')}
        name="amount"
        inputmode="decimal"
        value={v.amount ?? ''}
        required
        error={fieldError(errors, 'amount')}
      />
      <Select
        id={`${k}vat`}
        name="vatRateBp"
        label={tr('TVA (frais par commande ; par article : celle du produit)', 'VAT (per-order fees; per item: the product’s)')}
        options={CHARGE_VAT_RATES_BP.map((r) => [String(r), formatVatRate(r, l)] as const)}
        selected={v.vatRateBp}
        error={fieldError(errors, 'vatRateBp')}
      />
    </>
  );
};

const amountText = (f: FeeRow, l: Locale) =>
  f.calculator.startsWith('percent') ? `${String(f.amount / 100).replace('.', l === 'fr' ? ',' : '.')} %` : formatMoney(f.amount, l);

/** The fees with their edit and archive forms, and the form adding one; `action` is where they post. */
export const FeeSection: FC<{
  l: Locale;
  csrf: string | null;
  action: string;
  fees: readonly FeeRow[];
  joins: string;
  refused?: RefusedFee | undefined;
}> = ({ l, csrf, action, fees, joins, refused }) => {
  const tr = translator(l);
  const mine = (id: number | null) => (refused && refused.id === id ? refused : undefined);
  const added = mine(null);
  return (
    <section class="fees" data-testid="fees">
      {fees.length === 0 ? <p class="muted">{tr('Aucune marge pour le moment.', 'No fees yet.')}</p> : null}
      {fees.map((f) => (
        <details class="method" data-fee={String(f.id)} open={mine(f.id) !== undefined}>
          <summary>
            {f.name} — {feeTypeLabel(tr, f.feeType)} — {calculatorLabel(tr, f.calculator)} — {amountText(f, l)} — {tr('TVA', 'VAT')}{' '}
            {formatVatRate(f.vatRateBp, l)}
          </summary>
          <form method="post" action={`${action}/${f.id}`} class="filters">
            <Csrf token={csrf} />
            <FeeFields l={l} k={`f${f.id}`} v={mine(f.id)?.typed ?? feeTyped(f, l)} errors={mine(f.id)?.errors ?? []} />
            <button type="submit">{tr('Enregistrer', 'Save')}</button>
          </form>
          <form method="post" action={`${action}/${f.id}/archive`} class="inline">
            <Csrf token={csrf} />
            <button type="submit" class="link">
              {tr('Archiver (les commandes passées la gardent)', 'Archive (past orders keep it)')}
            </button>
          </form>
        </details>
      ))}
      <h3>{tr('Ajouter une marge', 'Add a fee')}</h3>
      <p class="muted">{joins}</p>
      <form method="post" action={action} class="filters">
        <Csrf token={csrf} />
        <FeeFields l={l} k="f" v={added?.typed ?? NEW_FEE} errors={added?.errors ?? []} />
        <button type="submit">{tr('Ajouter', 'Add')}</button>
      </form>
    </section>
  );
};
