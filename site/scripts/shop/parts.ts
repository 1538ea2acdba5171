// A large shop's other parts, fetched as the HTML pages they are only when the shopper scrolls to them
// or filters, and merged into the shelves, a category split across two parts joined again.
import { $, $$ } from '../dom.ts';
import { watch } from './add-forms.ts';
import { shelves } from './page.ts';
import { showStock } from './live.ts';

const partsNav = $('nav.parts');
const partLinks = partsNav ? $$<HTMLAnchorElement>('ol a', partsNav) : [];
/** This page's part (0-based), -1 in a shop of one page. */
const current = partLinks.findIndex((a) => a.getAttribute('aria-current') === 'page');
let nextPart = current + 1;
export let allLoaded = partLinks.length === 0;
const loaded = new Map<number, Promise<Element[]>>();

const fetchPart = (i: number): Promise<Element[]> => {
  let pending = loaded.get(i);
  if (!pending) {
    pending = fetch(partLinks[i]!.href)
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((html) => $$('#shelves > section.cat', new DOMParser().parseFromString(html, 'text/html')));
    loaded.set(i, pending);
    pending.catch(() => loaded.delete(i));
  }
  return pending;
};

/** Appends a part's categories, joining a category split across two parts. */
const merge = (sections: Element[]): void => {
  for (const section of sections) {
    const last = shelves?.lastElementChild as HTMLElement | null | undefined;
    const next = section as HTMLElement;
    if (last && last.dataset.c === next.dataset.c) {
      const list = $('ul.products', last)!;
      for (const li of $$('ul.products > li', section)) list.appendChild(li);
      // The page's CSS filters read which producers and labels a category holds: now both halves'.
      for (const key of ['ps', 'ls'] as const)
        last.dataset[key] = [...new Set(`${last.dataset[key] ?? ''} ${next.dataset[key] ?? ''}`.split(' ').filter(Boolean))].join(' ');
    } else shelves?.appendChild(document.adoptNode(section));
  }
};

// Parts before `current` load only for a filter; those after it also as the shopper scrolls. One
// operation at a time, so a part is never merged twice.
let queue: Promise<unknown> = Promise.resolve();
const serial = <T>(task: () => Promise<T>) => (queue = queue.then(task, task)) as Promise<T>;

const loadNext = () =>
  serial(async () => {
    if (allLoaded || nextPart >= partLinks.length) return;
    const sections = await fetchPart(nextPart);
    merge(sections);
    nextPart++;
    watch(shelves!);
    showStock();
    if (nextPart >= partLinks.length && current === 0) partsNav!.hidden = allLoaded = true;
  });

export const loadAll = () =>
  serial(async () => {
    if (allLoaded) return;
    const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => fetchPart(from + k));
    const [before, after] = await Promise.all([Promise.all(range(0, current)), Promise.all(range(nextPart, partLinks.length))]);
    const mine = $$('#shelves > section.cat');
    shelves!.replaceChildren();
    for (const sections of [...before, mine, ...after]) merge(sections);
    watch(shelves!);
    showStock();
    partsNav!.hidden = allLoaded = true;
  });

/** In a large shop, the next part arrives as the shopper nears the end of this one. */
export const startParts = (): void => {
  if (partsNav && current >= 0 && 'IntersectionObserver' in window) {
    const watcher = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void loadNext().catch(() => {});
      },
      { rootMargin: '800px' },
    );
    watcher.observe(partsNav);
  }
};
