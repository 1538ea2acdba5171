// The settings forms' fields with their message beside them when the form was refused: the field is
// marked invalid and names its message (aria-describedby), so a screen reader reads both together.
import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../domain/errors.ts';
import { errorFor } from '../shared/ui.tsx';
import { translator, type Locale } from '../shared/paths.ts';

/** What a refused form shows again: its key (the path it posts to, after the page's), what was typed, the messages. */
export interface Refused {
  form: string;
  typed: Record<string, string>;
  errors: FieldError[];
}

const invalid = (id: string, error: string | undefined) =>
  error ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : { 'aria-invalid': undefined, 'aria-describedby': undefined };

const Message: FC<{ id: string; error: string | undefined }> = ({ id, error }) =>
  error ? (
    <p id={`${id}-error`} class="error-text">
      {error}
    </p>
  ) : null;

/** A labelled input and, after a refusal, its message; every other attribute goes to the input. */
export const Input: FC<{ id: string; label: string; error?: string | undefined; [attr: string]: unknown }> = ({
  id,
  label,
  error,
  ...attrs
}) => (
  <div class="field">
    <label for={id}>{label}</label>
    <input id={id} {...attrs} {...invalid(id, error)} />
    <Message id={id} error={error} />
  </div>
);

export const TextArea: FC<{ id: string; name: string; label: string; value: string; rows?: number; error?: string | undefined }> = ({
  id,
  name,
  label,
  value,
  rows,
  error,
}) => (
  <div class="field">
    <label for={id}>{label}</label>
    <textarea id={id} name={name} rows={rows} {...invalid(id, error)}>
      {value}
    </textarea>
    <Message id={id} error={error} />
  </div>
);

/** A labelled choice among options, the one matching `selected` chosen, and its message after a refusal. */
export const Select: FC<{
  id: string;
  name: string;
  label: string;
  options: readonly (readonly [value: string, label: string])[];
  selected?: string | undefined;
  error?: string | undefined;
}> = ({ id, name, label, options, selected, error }) => (
  <div class="field">
    <label for={id}>{label}</label>
    <select id={id} name={name} {...invalid(id, error)}>
      {options.map(([value, text]) => (
        <option value={value} selected={selected === undefined ? undefined : value === selected}>
          {text}
        </option>
      ))}
    </select>
    <Message id={id} error={error} />
  </div>
);

/**
 * At the top of a refused form: that it was not saved, and the messages no field of it shows (a value
 * the database refused, a Stripe error), so none is lost.
 */
export const Unsaved: FC<{ l: Locale; errors: readonly FieldError[]; shown: readonly string[] }> = ({ l, errors, shown }) => {
  const tr = translator(l);
  const rest = errors.filter((e) => !shown.some((f) => e.field === f || e.field.startsWith(`${f}.`)));
  // The forms lay their fields out in a wrapping row: the notice takes a row of its own. Only one form is
  // refused at a time, so the page's « voir le formulaire » link can name it by `#refused`; the page's
  // notice at the top is the one alert read out.
  return errors.length ? (
    <div id="refused" class="notice bad" style="flex-basis:100%">
      <p>
        <strong>{tr('Ce formulaire n’a pas été enregistré :', 'This form was not saved:')}</strong>{' '}
        {rest.length ? null : tr('corrigez les champs signalés.', 'correct the fields marked.')}
      </p>
      {rest.length ? (
        <ul class="errors">
          {rest.map((e) => (
            <li data-field={e.field}>{e.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  ) : null;
};

/** The message of a field, or of one of its items (« tags.3 »). */
export const fieldError = (errors: readonly FieldError[], field: string): string | undefined =>
  errorFor(errors, field) ?? errors.find((e) => e.field.startsWith(`${field}.`))?.message;
