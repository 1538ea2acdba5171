// Filters and search: category, producer and label (the page's CSS does these only with scripts off, in
// <noscript>) and the text search (the rule of domain/search.ts, over the names the rows show); empty
// categories hide, and the count of products shown is announced.
import { matchesWords, productSearchText, queryWords } from '../../../domain/search.ts';
import { $, $$ } from '../dom.ts';
import { say, shelves } from './page.ts';
import { allLoaded, loadAll } from './parts.ts';

const haystack = new WeakMap<HTMLElement, string>();
const texts = (selector: string, root: Element) => $$(selector, root).map((n) => n.textContent ?? '');

/** A row's search text, from the names it shows and, in data-o, its category's and labels' other-language names. */
const searchTextOf = (product: HTMLElement, categoryName: string): string =>
  productSearchText({
    productName: $('h3', product)?.textContent ?? '',
    variantNames: texts('.name', product),
    producerName: $('.by a', product)?.textContent ?? '',
    categoryNames: [categoryName, product.dataset.o ?? ''],
    labelNames: texts('.lbl', product),
  });

const filters = $<HTMLFormElement>('#filters');
const count = $('#f-count');

const run = async (): Promise<void> => {
  if (!filters || !shelves) return;
  const data = new FormData(filters);
  const q = queryWords(String(data.get('q') ?? ''));
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
    const categoryName = $('h2', section)?.textContent ?? '';
    for (const product of $$('li.product', section)) {
      let hay = haystack.get(product);
      if (hay === undefined) haystack.set(product, (hay = searchTextOf(product, categoryName)));
      const ok = (!p || product.dataset.p === p) && (!l || (product.dataset.l ?? '').split(' ').includes(l)) && matchesWords(hay, q);
      // Written only when it changes: each write makes the browser restyle thousands of rows.
      if (product.hidden === ok) product.hidden = !ok;
      if (ok) inSection++;
    }
    const hide = inSection === 0 || (c !== '' && section.dataset.c !== c);
    if (section.hidden !== hide) section.hidden = hide;
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
