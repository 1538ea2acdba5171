// Filters and search. The CSS in the page already filters by category, producer and label; here the
// text search joins them, empty categories hide, and the count is announced.
import { $, $$ } from '../dom.ts';
import { say, shelves } from './page.ts';
import { allLoaded, loadAll } from './parts.ts';

const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const haystack = new WeakMap<Element, string>();
const filters = $<HTMLFormElement>('#filters');
const count = $('#f-count');

const run = async (): Promise<void> => {
  if (!filters || !shelves) return;
  const data = new FormData(filters);
  const q = norm(String(data.get('q') ?? ''))
    .split(/\s+/)
    .filter(Boolean);
  const [c, p, l] = ['category', 'producer', 'label'].map((k) => String(data.get(k) ?? ''));
  const active = q.length > 0 || c !== '' || p !== '' || l !== '';
  if (active && !allLoaded) {
    if (count) count.textContent = say('loading');
    try {
      await loadAll();
    } catch {
      if (count) count.textContent = say('network');
    }
  }
  let shown = 0;
  for (const section of $$('section.cat', shelves)) {
    let inSection = 0;
    for (const product of $$('li.product', section)) {
      let hay = haystack.get(product);
      if (hay === undefined)
        haystack.set(
          product,
          (hay = norm(
            `${$('h3', product)?.textContent} ${$('.by', product)?.textContent} ${$$('.name', product)
              .map((n) => n.textContent)
              .join(' ')}`,
          )),
        );
      const ok =
        (!p || product.dataset.p === p) && (!l || (product.dataset.l ?? '').split(' ').includes(l)) && q.every((w) => hay!.includes(w));
      product.hidden = !ok;
      if (ok) inSection += $$('li.variant', product).length;
    }
    section.hidden = inSection === 0 || (c !== '' && section.dataset.c !== c);
    if (!section.hidden) shown += inSection;
  }
  if (count) count.textContent = active ? (shown ? say(shown > 1 ? 'resultsMany' : 'resultsOne', { n: shown }) : say('none')) : '';
};

export const startFilters = (): void => {
  let typing: ReturnType<typeof setTimeout> | undefined;
  filters?.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(run, 120);
  });
  filters?.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
};
