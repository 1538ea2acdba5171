// The add-to-cart forms, made as products come near the screen, so a long page costs no more at load
// than a short one: a phone's first screen gets a handful, not a category's worth. One form is built and
// cloned. (Forms written in the HTML cost more at load: the browser's form handling walks every <form>
// and field when parsing ends, and it lays out rows the stylesheet would otherwise skip.)
import { $, $$, type Root } from '../dom.ts';
import { builtOpen, say } from './page.ts';
import { stockOf } from './live.ts';

const template = document.createElement('form');
template.className = 'add';
template.innerHTML =
  '<label class="sr-only"></label><input name="quantity" type="number" min="1" max="99" value="1" inputmode="numeric"><button type="submit"></button><span class="error-text" role="alert"></span>';

const equip = (product: Element): void => {
  if (!builtOpen) return;
  for (const row of $$('li.variant', product as unknown as Root)) {
    // A row the worker marked no longer offered (a stale page shown fresh): nothing to add.
    if ($('form.add', row) || 'unavailable' in row.dataset) continue;
    const id = row.dataset.variantId!;
    const form = template.cloneNode(true) as HTMLFormElement;
    form.dataset.variantId = id;
    const label = $<HTMLLabelElement>('label', form)!;
    label.htmlFor = `q-${id}`;
    label.textContent = `${say('quantityOf')} ${$('h3', product as unknown as Root)?.textContent ?? ''} ${$('.name', row)?.textContent ?? ''}`;
    $('input', form)!.id = `q-${id}`;
    $('button', form)!.textContent = say('add');
    row.appendChild(form);
    stockOf(row);
  }
};

const near =
  'IntersectionObserver' in window
    ? new IntersectionObserver(
        (entries) => {
          for (const e of entries)
            if (e.isIntersecting) {
              near!.unobserve(e.target);
              equip(e.target);
            }
        },
        { rootMargin: '1000px' },
      )
    : null;

/** Gives the products under `root` their add forms as they come near the screen (a product observed twice is equipped once). */
export const watch = (root: Root): void => {
  for (const product of $$('li.product', root)) near ? near.observe(product) : equip(product);
};
