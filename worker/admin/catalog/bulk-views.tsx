// The catalog's many-rows pages: the bulk editor of prices and stock (every active variant on one
// screen, saved in one request) and the CSV import with its preview.
import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatQuantity } from '../../../domain/units.ts';
import { eurosField, one, type FormFields } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { PublicStatus, type PublicState } from '../shared/public-status.tsx';
import { Csrf, FormErrors, Notice } from '../shared/ui.tsx';
import type { ImportResult } from './csv.ts';
import type { bulkPage } from './use-cases.ts';

interface Page {
  l: Locale;
  slug: string;
  csrf: string | null;
}

export const BulkPage: FC<
  Page & Awaited<ReturnType<typeof bulkPage>> & { saved?: number | undefined; errors?: FieldError[]; typed?: FormFields | undefined }
> = ({ l, slug, csrf, list, status, saved, errors = [], typed }) => {
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Prix et stocks', 'Prices and stock')}</h1>
      <PublicStatus status={status} l={l} />
      {saved !== undefined ? (
        <Notice kind="ok">
          <span data-testid="bulk-saved">{tr(`${saved} variante(s) mise(s) à jour.`, `${saved} variant(s) updated.`)}</span>
        </Notice>
      ) : null}
      <FormErrors errors={errors} l={l} />
      <p class="muted">
        {tr(
          'Prix TTC en euros. Le stock saisi remplace celui affiché ; les commandes passées entre-temps restent décomptées.',
          'Prices include VAT, in euros. The stock you type replaces the one shown; orders placed meanwhile stay counted.',
        )}
      </p>
      <form method="post" action={paths(l).bulk(slug)} id="bulk-form">
        <Csrf token={csrf} />
        <table class="grid">
          <thead>
            <tr>
              <th>{tr('Produit', 'Product')}</th>
              <th>{tr('Variante', 'Variant')}</th>
              <th class="num">{tr('Prix TTC (€)', 'Price (€)')}</th>
              <th class="num">{tr('Stock', 'Stock')}</th>
              <th>{tr('À la demande', 'On demand')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((x) => {
              // After a refusal the page shows what was typed, not what is stored; a row the script left
              // out of the refused submission (unchanged) was not typed, and shows what is stored.
              const sent = typed !== undefined && `price_${x.variantId}` in typed ? typed : undefined;
              const t = (k: string, dflt: string) => (sent ? one(sent, `${k}_${x.variantId}`) || dflt : dflt);
              const demand = sent ? one(sent, `demand_${x.variantId}`) === 'on' : x.onDemand;
              // A typed row that differs from what is stored is still to save: marked, so the script sends it again.
              const unsaved =
                sent !== undefined &&
                (t('price', eurosField(x.priceCents, l)) !== eurosField(x.priceCents, l) ||
                  t('stock', String(x.onHand)) !== String(x.onHand) ||
                  demand !== x.onDemand);
              return (
                <tr data-variant-id={String(x.variantId)} class={unsaved ? 'changed' : undefined} data-unsaved={unsaved ? '1' : undefined}>
                  <td>{x.productName}</td>
                  <td>
                    {x.name} <small class="muted">{formatQuantity(x.unitKind, x.unitValue, l)}</small>
                  </td>
                  <td class="num">
                    <input
                      type="text"
                      inputmode="decimal"
                      name={`price_${x.variantId}`}
                      value={t('price', eurosField(x.priceCents, l))}
                      aria-label={tr(`Prix de ${x.productName} — ${x.name}`, `Price of ${x.productName} — ${x.name}`)}
                    />
                  </td>
                  <td class="num">
                    <input type="hidden" name={`was_${x.variantId}`} value={String(x.onHand)} />
                    <input
                      type="number"
                      min="0"
                      name={`stock_${x.variantId}`}
                      value={t('stock', String(x.onHand))}
                      aria-label={tr(`Stock de ${x.productName} — ${x.name}`, `Stock of ${x.productName} — ${x.name}`)}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      name={`demand_${x.variantId}`}
                      checked={demand}
                      aria-label={tr(`${x.productName} — ${x.name} à la demande`, `${x.productName} — ${x.name} on demand`)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p class="actions">
          <button type="submit">{tr('Enregistrer les modifications', 'Save changes')}</button>{' '}
          <span id="bulk-count" aria-live="polite"></span>
        </p>
      </form>
      <script src={paths('fr').asset('bulk-edit.js')} defer></script>
    </>
  );
};

/** The export link, the preview of an uploaded file (or what was saved), and the upload form. */
export const ImportPage: FC<Page & { status: PublicState; result?: ImportResult | undefined; csv: string }> = ({
  l,
  slug,
  csrf,
  status,
  result,
  csv,
}) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Import / export du catalogue', 'Catalog import / export')}</h1>
      <PublicStatus status={status} l={l} />
      <p>
        <a href={p.csvExport(slug)} download>
          {tr('Télécharger le catalogue (CSV)', 'Download the catalog (CSV)')}
        </a>{' '}
        <span class="muted">
          {tr(
            '— s’ouvre dans un tableur ; modifiez, enregistrez en CSV, puis importez-le ci-dessous.',
            '— opens in a spreadsheet; edit, save as CSV, then import it below.',
          )}
        </span>
      </p>
      {result?.applied ? (
        <Notice kind="ok">
          <span data-testid="import-applied">
            {tr(
              `Import enregistré : ${result.counts.create} ajout(s), ${result.counts.update} modification(s).`,
              `Import saved: ${result.counts.create} added, ${result.counts.update} changed.`,
            )}
          </span>
        </Notice>
      ) : null}
      {result && !result.applied ? <ImportPreview l={l} slug={slug} csrf={csrf} result={result} csv={csv} /> : null}
      <h2>{tr('Importer un fichier', 'Import a file')}</h2>
      <form method="post" action={p.csvImport(slug)} enctype="multipart/form-data">
        <Csrf token={csrf} />
        <div class="field">
          <label for="file">{tr('Fichier CSV', 'CSV file')}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit">{tr('Voir l’aperçu', 'Preview')}</button>
      </form>
    </>
  );
};

/** What the file would change, line by line; the errors that stop it; and, when it may apply, the confirm button carrying the file. */
const ImportPreview: FC<Page & { result: ImportResult; csv: string }> = ({ l, slug, csrf, result, csv }) => {
  const tr = translator(l);
  const action: Record<string, string> = {
    create: tr('ajout', 'new'),
    update: tr('modification', 'change'),
    unchanged: tr('inchangé', 'unchanged'),
  };
  return (
    <>
      <h2>{tr('Aperçu de l’import', 'Import preview')}</h2>
      {result.errors.length ? (
        <Notice kind="bad">
          <p>
            <strong>
              {tr(
                `${result.errors.length} erreur(s) : rien n’a été enregistré. Corrigez le fichier et réessayez.`,
                `${result.errors.length} error(s): nothing was saved. Fix the file and try again.`,
              )}
            </strong>
          </p>
          <ul class="errors" data-testid="import-errors">
            {result.errors.map((x) => (
              <li>
                {tr('Ligne', 'Line')} {x.line}
                {x.column ? ` (${x.column})` : ''} : {x.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : (
        <Notice kind="warn">
          {tr(
            `Rien n’est encore enregistré : ${result.counts.create} ajout(s), ${result.counts.update} modification(s), ${result.counts.unchanged} inchangée(s).`,
            `Nothing saved yet: ${result.counts.create} new, ${result.counts.update} changed, ${result.counts.unchanged} unchanged.`,
          )}
        </Notice>
      )}
      <table class="grid">
        <thead>
          <tr>
            <th>{tr('Ligne', 'Line')}</th>
            <th>{tr('Action', 'Action')}</th>
            <th>{tr('Produit', 'Product')}</th>
            <th>{tr('Détail', 'Details')}</th>
          </tr>
        </thead>
        <tbody>
          {result.rows
            .filter((r) => r.action !== 'unchanged')
            .map((r) => (
              <tr>
                <td>{r.line}</td>
                <td>{action[r.action]}</td>
                <td>{r.productName}</td>
                <td>
                  {r.action === 'update'
                    ? r.changes.join(' ; ')
                    : r.action === 'create'
                      ? `${r.variant.name} — ${formatMoney(r.variant.priceCents, l)}`
                      : ''}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {result.errors.length === 0 && result.counts.create + result.counts.update > 0 ? (
        <form method="post" action={paths(l).csvImport(slug)}>
          <Csrf token={csrf} />
          <input type="hidden" name="apply" value="1" />
          <textarea name="csv" hidden>
            {csv}
          </textarea>
          <button type="submit">{tr('Confirmer l’import', 'Confirm the import')}</button>
        </form>
      ) : null}
    </>
  );
};
