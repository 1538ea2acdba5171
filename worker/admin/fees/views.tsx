// An enterprise's fees on its back-office page (a hub's settings, a producer's fees page): each one
// changed or archived in place, a new one added, the page saying where a new fee applies.
import type { FC } from 'hono/jsx';
import { FEE_CALCULATORS, FEE_TYPES, type FeeCalculator, type FeeType } from '../../../domain/fees.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatVatRate } from '../../../domain/vat.ts';
import { CHARGE_VAT_RATES_BP } from '../hub-settings/form.ts';
import { eurosField } from '../shared/forms.ts';
import { translator, type Locale, type Tr } from '../shared/paths.ts';
import { Csrf, LabelledInput, LabelledSelect } from '../shared/ui.tsx';

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

const NEW_FEE: Omit<FeeRow, 'id'> = { name: '', feeType: 'packing', calculator: 'flat_per_item', amount: 0, vatRateBp: 2000 };

/** One fee's fields; ids are prefixed so several forms share the page. */
const FeeFields: FC<{ l: Locale; f: Omit<FeeRow, 'id'> & { id?: number } }> = ({ l, f }) => {
  const tr = translator(l);
  const k = f.id === undefined ? 'f' : `f${f.id}`;
  return (
    <>
      <LabelledInput id={`${k}name`} label={tr('Nom', 'Name')} name="name" value={f.name} required />
      <LabelledSelect
        id={`${k}type`}
        name="feeType"
        label={tr('Nature', 'Type')}
        options={FEE_TYPES.map((x) => [x, feeTypeLabel(tr, x)] as const)}
        selected={f.feeType}
      />
      <LabelledSelect
        id={`${k}calc`}
        name="calculator"
        label={tr('Calcul', 'Calculator')}
        options={FEE_CALCULATORS.map((x) => [x, calculatorLabel(tr, x)] as const)}
        selected={f.calculator}
      />
      <LabelledInput
        id={`${k}amount`}
        label={tr('Montant (€ ou %)', 'Amount (€ or %)')}
        name="amount"
        inputmode="decimal"
        value={f.id === undefined ? '' : eurosField(f.amount, l)}
        required
      />
      <LabelledSelect
        id={`${k}vat`}
        name="vatRateBp"
        label={tr('TVA (frais par commande ; par article : celle du produit)', 'VAT (per-order fees; per item: the product’s)')}
        options={CHARGE_VAT_RATES_BP.map((r) => [String(r), formatVatRate(r, l)] as const)}
        selected={String(f.vatRateBp)}
      />
    </>
  );
};

const amountText = (f: FeeRow, l: Locale) =>
  f.calculator.startsWith('percent') ? `${String(f.amount / 100).replace('.', l === 'fr' ? ',' : '.')} %` : formatMoney(f.amount, l);

/** The fees with their edit and archive forms, and the form adding one; `action` is where they post. */
export const FeeSection: FC<{ l: Locale; csrf: string | null; action: string; fees: readonly FeeRow[]; joins: string }> = ({
  l,
  csrf,
  action,
  fees,
  joins,
}) => {
  const tr = translator(l);
  return (
    <section class="fees" data-testid="fees">
      {fees.length === 0 ? <p class="muted">{tr('Aucune marge pour le moment.', 'No fees yet.')}</p> : null}
      {fees.map((f) => (
        <details class="method" data-fee={String(f.id)}>
          <summary>
            {f.name} — {feeTypeLabel(tr, f.feeType)} — {calculatorLabel(tr, f.calculator)} — {amountText(f, l)} — {tr('TVA', 'VAT')}{' '}
            {formatVatRate(f.vatRateBp, l)}
          </summary>
          <form method="post" action={`${action}/${f.id}`} class="filters">
            <Csrf token={csrf} />
            <FeeFields l={l} f={f} />
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
        <FeeFields l={l} f={NEW_FEE} />
        <button type="submit">{tr('Ajouter', 'Add')}</button>
      </form>
    </section>
  );
};
