// Pieces the cycle form and another hub's form share: how shoppers collect (window, place,
// instructions, tag), the variant picker, and how a cycle's times are shown.
import type { FC } from 'hono/jsx';
import type { OutgoingExchange } from '../../../db/catalog/cycles.ts';
import { formatDateTime } from '../../../domain/dates.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { isEpochInRange } from '../../../domain/limits.ts';
import { epochToParisLocal } from '../../../domain/paris-time.ts';
import { paths, translator, type Locale, type Tr } from '../shared/paths.ts';
import { errorFor } from '../shared/ui.tsx';

type Collection = Pick<OutgoingExchange, 'collectionStartsAt' | 'collectionEndsAt' | 'collectionPlace' | 'instructions' | 'requiredTag'>;

// A time out of range (stored before the API bounded it) leaves its field empty, to be typed again.
export const dt = (ms: number | null) => (ms !== null && isEpochInRange(ms) ? epochToParisLocal(ms) : '');

/** A cycle's time as the lists show it; one out of range is shown as such, with its raw value, rather than failing the page. */
export const shownTime = (ms: number, l: Locale) =>
  isEpochInRange(ms) ? formatDateTime(ms, l) : `${translator(l)('date hors limites', 'date out of range')} (${ms})`;

/** How a hub's shoppers collect in a cycle: the window (Paris time), for the coordinator's own shop and any other hub. */
export const CollectionDates: FC<{ x: Collection; errors: FieldError[]; tr: Tr }> = ({ x, errors, tr }) => (
  <>
    <div class="field">
      <label for="collectionStartsAt">{tr('Début du retrait (heure de Paris)', 'Collection starts (Paris time)')}</label>
      <input id="collectionStartsAt" name="collectionStartsAt" type="datetime-local" value={dt(x.collectionStartsAt)} />
    </div>
    <div class="field">
      <label for="collectionEndsAt">{tr('Fin du retrait', 'Collection ends')}</label>
      <input
        id="collectionEndsAt"
        name="collectionEndsAt"
        type="datetime-local"
        value={dt(x.collectionEndsAt)}
        aria-invalid={errorFor(errors, 'collectionEndsAt') ? 'true' : undefined}
      />
    </div>
  </>
);

/** The place, the instructions and the tag a sale may be reserved to. */
export const CollectionDetails: FC<{ x: Collection; tr: Tr }> = ({ x, tr }) => (
  <>
    <div class="field">
      <label for="collectionPlace">{tr('Lieu de retrait', 'Collection place')}</label>
      <input id="collectionPlace" name="collectionPlace" maxlength={200} value={x.collectionPlace} />
    </div>
    <div class="field">
      <label for="instructions">{tr('Instructions aux clients', 'Instructions to shoppers')}</label>
      <textarea id="instructions" name="instructions" rows={2} maxlength={2000}>
        {x.instructions}
      </textarea>
    </div>
    <div class="field">
      <label for="requiredTag">
        {tr('Boutique réservée aux clients portant l’étiquette (vide = publique)', 'Shop only for customers with the tag (empty = public)')}
      </label>
      <input id="requiredTag" name="requiredTag" maxlength={40} value={x.requiredTag ?? ''} />
    </div>
  </>
);

/** The variants a hub may sell, grouped by producer, checked when in the selection (one form field `variant` each). */
type Offer = { variantId: number; productName: string; variantName: string; producerName: string };
export const VariantPicker: FC<{ available: readonly Offer[]; selected: Set<number>; tr?: Tr }> = ({
  available,
  selected,
  tr = (fr: string) => fr,
}) => {
  const byProducer = new Map<string, Offer[]>();
  for (const x of available) {
    const rows = byProducer.get(x.producerName);
    if (rows) rows.push(x);
    else byProducer.set(x.producerName, [x]);
  }
  // « Tout cocher » buttons: shown by check-all.js (without it each box is ticked by hand, as before).
  return (
    <div data-check-scope>
      <p class="actions">
        <button type="button" class="link" data-check-all hidden>
          {tr('Tout cocher / tout décocher', 'Tick / untick all')}
        </button>
      </p>
      {[...byProducer.entries()].map(([producer, rows]) => (
        <details open={rows.some((r) => selected.has(r.variantId)) || undefined} data-check-scope>
          <summary>
            {producer} ({rows.filter((r) => selected.has(r.variantId)).length} / {rows.length})
          </summary>
          <button
            type="button"
            class="link"
            data-check-all
            hidden
            aria-label={tr(`Tout cocher / tout décocher : ${producer}`, `Tick / untick all: ${producer}`)}
          >
            {tr('Tout cocher / tout décocher', 'Tick / untick all')}
          </button>
          {rows.map((r) => (
            <label class="choice">
              <input type="checkbox" name="variant" value={String(r.variantId)} checked={selected.has(r.variantId)} /> {r.productName} —{' '}
              {r.variantName}
            </label>
          ))}
        </details>
      ))}
      <script src={paths('fr').asset('check-all.js')} defer></script>
    </div>
  );
};

/** A hub's active methods, as the cycle forms offer them. */
export interface HubMethods {
  shipping: readonly { id: number; name: string; kind: string; feeCents: number }[];
  payment: readonly { id: number; name: string; kind: string }[];
}

/**
 * Which of the hub's collection/delivery and payment methods this cycle offers there, one checkbox
 * each (fields `shippingMethod` and `paymentMethod`); `choice` null (a new exchange) ticks them all.
 */
export const MethodPicker: FC<{
  methods: HubMethods;
  choice: { shippingIds: readonly number[]; paymentIds: readonly number[] } | null;
  errors: FieldError[];
  tr: Tr;
}> = ({ methods, choice, errors, tr }) => {
  const ship = new Set(choice?.shippingIds ?? methods.shipping.map((m) => m.id));
  const pay = new Set(choice?.paymentIds ?? methods.payment.map((m) => m.id));
  const group = (
    kind: 'shipping' | 'payment',
    legend: string,
    list: readonly { id: number; name: string; kind: string }[],
    on: Set<number>,
    kindLabel: (k: string) => string,
  ) => {
    const field = `${kind}MethodIds`;
    const error = errorFor(errors, field);
    return (
      <fieldset aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${field}-error` : undefined} data-methods={kind}>
        <legend>{legend}</legend>
        {list.length === 0 ? (
          <p class="muted">
            {tr('Aucun pour l’instant : ajoutez-en dans « Retrait et paiement ».', 'None yet: add some in “Collection and payment”.')}
          </p>
        ) : (
          list.map((m) => (
            <div class="choice">
              <input type="checkbox" id={`${kind}-method-${m.id}`} name={`${kind}Method`} value={String(m.id)} checked={on.has(m.id)} />
              <label for={`${kind}-method-${m.id}`}>
                {m.name} <small class="muted">({kindLabel(m.kind)})</small>
              </label>
            </div>
          ))
        )}
        {error ? (
          <p id={`${field}-error`} class="error-text">
            {error}
          </p>
        ) : null}
      </fieldset>
    );
  };
  return (
    <>
      <input type="hidden" name="methods" value="1" />
      {group('shipping', tr('Retrait et livraison proposés', 'Collection and delivery offered'), methods.shipping, ship, (k) =>
        k === 'delivery' ? tr('livraison', 'delivery') : tr('retrait', 'pickup'),
      )}
      {group('payment', tr('Moyens de paiement proposés', 'Payment methods offered'), methods.payment, pay, (k) =>
        k === 'card' ? tr('carte', 'card') : tr('hors ligne', 'offline'),
      )}
    </>
  );
};
