// The shop page's island: what a static page cannot know (live stock, open or closed now, the cart),
// adding to the cart, and instant filters and search over the shelves. The page is complete without
// it. The DOM is the data: filters read data- attributes; a large shop's further parts are fetched as
// the HTML pages they are, only when the shopper scrolls to them or filters.
import { formatMoney } from '../../domain/money.ts';
import { api, ApiError, cartStore, type Cart } from './api.ts';

interface Live {
  open: boolean;
  cycle: { closesAt: number } | null;
  nextCycle: { opensAt: number } | null;
  stock: Record<string, number>;
  cart: Cart | null;
}

// (Typed structurally: the Workers types loaded for the worker shadow some DOM names.)
type Root = { querySelector: Document['querySelector']; querySelectorAll: Document['querySelectorAll'] };
const $ = <T extends Element = HTMLElement>(sel: string, root: Root = document) => root.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(sel: string, root: Root = document) => [...root.querySelectorAll<T>(sel)];
const norm = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function startShopIsland(): void {
  const shop = $('#shop');
  const hub = shop?.dataset.hub;
  if (!shop || !hub) return;
  const lang = shop.dataset.lang === 'en' ? 'en' : 'fr';
  const text = JSON.parse($('#shop-text')?.textContent ?? '{}') as Record<string, string>;
  const say = (key: string, vars: Record<string, string | number> = {}) => (text[key] ?? '').replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));
  const status = $('#shop-status');
  const bar = $('#cart-bar');
  const summary = $('#cart-summary');
  const shelves = $('#shelves');
  const builtOpen = shop.dataset.state === 'open';
  let live: Live | null = null;
  let closeTimer: ReturnType<typeof setTimeout> | undefined;

  // The bar shows once the cart holds something: empty, it would only cover the shelves.
  const showCart = (cart: Cart | null) => {
    if (!bar || !summary) return;
    const items = cart?.itemCount ?? 0;
    bar.hidden = items === 0;
    // Whatever gets focus scrolls above the bar, never under it.
    document.documentElement.style.scrollPaddingBottom = items === 0 ? '' : '5rem';
    summary.textContent = items > 0 ? say(items > 1 ? 'cartMany' : 'cartOne', { n: items, total: formatMoney(cart!.itemsTotalCents, lang) }) : say('cartEmpty');
  };

  const banner = (message: string, kind: string) => {
    if (!status) return;
    status.className = `banner ${kind}`;
    status.textContent = message;
  };

  // Add forms are made as categories come near the screen, so a long page costs no more at load than a
  // short one. One form is built and cloned.
  const template = document.createElement('form');
  template.className = 'add';
  template.innerHTML = '<label class="sr-only"></label><input name="quantity" type="number" min="1" max="99" value="1" inputmode="numeric"><button type="submit"></button><span class="error-text" role="alert"></span>';
  let closed = false;

  const stockOf = (row: HTMLElement) => {
    const left = live?.stock[row.dataset.variantId!];
    const badge = $('.stock', row);
    if (live && badge) badge.innerHTML = left === undefined ? '' : `<span class="badge${left <= 0 ? ' out' : ''}">${left <= 0 ? say('soldOut') : say('fewLeft', { n: left })}</span>`;
    const button = $<HTMLButtonElement>('form.add button', row);
    if (button) button.disabled = closed || (left !== undefined && left <= 0);
  };

  const equip = (section: Element) => {
    if (!builtOpen) return;
    for (const row of $$('li.variant', section as unknown as Root)) {
      if ($('form.add', row)) continue;
      const id = row.dataset.variantId!;
      const form = template.cloneNode(true) as HTMLFormElement;
      form.dataset.variantId = id;
      const label = $<HTMLLabelElement>('label', form)!;
      label.htmlFor = `q-${id}`;
      label.textContent = `${say('quantityOf')} ${$('h3', row.closest('.product')!)?.textContent ?? ''} ${$('.name', row)?.textContent ?? ''}`;
      $('input', form)!.id = `q-${id}`;
      $('button', form)!.textContent = say('add');
      row.insertBefore(form, row.querySelector('details'));
      stockOf(row);
    }
  };
  const near = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) {
      near!.unobserve(e.target);
      equip(e.target);
    }
  }, { rootMargin: '1000px' }) : null;
  const watch = (root: Root) => {
    for (const section of $$('section.cat', root)) near ? near.observe(section) : equip(section);
  };

  /** Live stock on the rows it concerns: those it lists, and those built with a badge it no longer lists. */
  const applyStock = () => {
    const stock = live?.stock ?? {};
    for (const row of $$('li.variant', shop)) if (row.dataset.variantId! in stock || $('.badge', row)) stockOf(row);
  };

  const closeShop = (message: string) => {
    closed = true;
    for (const b of $$<HTMLButtonElement>('form.add button', shop)) b.disabled = true;
    banner(message, 'closed');
    bar?.setAttribute('hidden', '');
    document.documentElement.style.scrollPaddingBottom = '';
  };

  const apply = (next: Live) => {
    live = next;
    if (!next.open) {
      const opens = next.nextCycle ? say('nextOpening', { date: new Date(next.nextCycle.opensAt).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' }) }) : '';
      if (builtOpen) closeShop(say('closedNow') + opens);
      return;
    }
    // Opened since this page was published: the products are on their way (the rebuild runs at opening).
    if (!builtOpen) return banner(say('openedNow'), '');
    applyStock();
    if (next.cart) cartStore.set(hub, next.cart.id);
    else cartStore.clear(hub);
    showCart(next.cart);
    clearTimeout(closeTimer);
    // The page was built earlier: when the cycle closes while it is open, check again at that moment.
    if (next.cycle) closeTimer = setTimeout(refresh, Math.max(0, Math.min(next.cycle.closesAt - Date.now() + 500, 2 ** 31 - 1)));
  };

  async function refresh() {
    const cart = cartStore.get(hub!);
    try {
      apply(await api<Live>('GET', `/api/shops/${hub}/live${cart ? `?cart=${cart}` : ''}`));
    } catch {
      const note = document.createElement('p');
      note.className = 'banner error';
      note.setAttribute('role', 'status');
      note.textContent = say('liveFailed');
      status?.insertAdjacentElement('afterend', note);
    }
  }

  async function add(variantId: number, quantity: number): Promise<Cart> {
    let cartId = cartStore.get(hub!);
    for (let attempt = 0; ; attempt++) {
      if (!cartId) {
        cartId = (await api<Cart>('POST', '/api/carts', { hub })).id;
        cartStore.set(hub!, cartId);
      }
      try {
        return await api<Cart>('POST', `/api/carts/${cartId}/lines`, { variantId, quantity });
      } catch (err) {
        // A cart already ordered or gone: start a new one, once.
        if (attempt === 0 && err instanceof ApiError && (err.code === 'NOT_FOUND' || err.code === 'CART_ALREADY_ORDERED')) {
          cartStore.clear(hub!);
          cartId = null;
          continue;
        }
        throw err;
      }
    }
  }

  shop.addEventListener('submit', async (event) => {
    const form = event.target as HTMLFormElement;
    if (!form.matches('form.add')) return;
    event.preventDefault();
    const button = $<HTMLButtonElement>('button', form)!;
    const error = $('.error-text', form)!;
    error.textContent = '';
    button.disabled = true;
    try {
      showCart(await add(Number(form.dataset.variantId), Number(new FormData(form).get('quantity'))));
      button.textContent = say('added');
      setTimeout(() => (button.textContent = say('add')), 1500);
    } catch (err) {
      error.textContent = err instanceof Error ? err.message : say('error');
      if (err instanceof ApiError && err.code === 'CYCLE_CLOSED') closeShop(say('closedNow'));
    } finally {
      button.disabled = false;
    }
  });

  // Filters and search. The CSS in the page already filters by category, producer and label; here
  // the text search joins them, empty categories hide, and the count is announced.
  const filters = $<HTMLFormElement>('#filters');
  const count = $('#f-count');
  const partsNav = $('nav.parts');
  const partLinks = partsNav ? $$<HTMLAnchorElement>('ol a', partsNav) : [];
  const current = partLinks.findIndex((a) => a.getAttribute('aria-current') === 'page');
  const loaded = new Map<number, Promise<Element[]>>();
  const haystack = new WeakMap<Element, string>();

  const fetchPart = (i: number) => {
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
  const merge = (sections: Element[]) => {
    for (const section of sections) {
      const last = (shelves?.lastElementChild ?? undefined) as HTMLElement | undefined;
      const next = section as HTMLElement;
      if (last && last.dataset.c === next.dataset.c) {
        const list = $('ul.products', last)!;
        for (const li of $$('ul.products > li', section)) list.appendChild(li);
        // The page's CSS filters read which producers and labels a category holds: now both halves'.
        for (const key of ['ps', 'ls'] as const) last.dataset[key] = [...new Set(`${last.dataset[key] ?? ''} ${next.dataset[key] ?? ''}`.split(' ').filter(Boolean))].join(' ');
      } else shelves?.appendChild(document.adoptNode(section));
    }
  };

  // Parts before `current` load only for a filter; those after it also as the shopper scrolls. One
  // operation at a time, so a part is never merged twice.
  let nextPart = current + 1;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T,>(task: () => Promise<T>) => (queue = queue.then(task, task)) as Promise<T>;
  let allLoaded = partLinks.length === 0;

  const loadNext = () =>
    serial(async () => {
      if (allLoaded || nextPart >= partLinks.length) return;
      const sections = await fetchPart(nextPart);
      merge(sections);
      nextPart++;
      watch(shelves!);
      applyStock();
      if (nextPart >= partLinks.length && current === 0) partsNav!.hidden = allLoaded = true;
    });

  const loadAll = () =>
    serial(async () => {
      if (allLoaded) return;
      const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => fetchPart(from + k));
      const [before, after] = await Promise.all([Promise.all(range(0, current)), Promise.all(range(nextPart, partLinks.length))]);
      const mine = $$('#shelves > section.cat');
      shelves!.replaceChildren();
      for (const sections of [...before, mine, ...after]) merge(sections);
      watch(shelves!);
      applyStock();
      partsNav!.hidden = allLoaded = true;
    });

  const run = async () => {
    if (!filters || !shelves) return;
    const data = new FormData(filters);
    const q = norm(String(data.get('q') ?? '')).split(/\s+/).filter(Boolean);
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
        if (hay === undefined) haystack.set(product, (hay = norm(`${$('h3', product)?.textContent} ${$('.by', product)?.textContent} ${$$('.name', product).map((n) => n.textContent).join(' ')}`)));
        const ok = (!p || product.dataset.p === p) && (!l || (product.dataset.l ?? '').split(' ').includes(l)) && q.every((w) => hay!.includes(w));
        product.hidden = !ok;
        if (ok) inSection += $$('li.variant', product).length;
      }
      section.hidden = inSection === 0 || (c !== '' && section.dataset.c !== c);
      if (!section.hidden) shown += inSection;
    }
    if (count) count.textContent = active ? (shown ? say(shown > 1 ? 'resultsMany' : 'resultsOne', { n: shown }) : say('none')) : '';
  };

  let typing: ReturnType<typeof setTimeout> | undefined;
  filters?.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(run, 120);
  });
  filters?.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  // A large shop: the next part arrives as the shopper nears the end of this one.
  if (partsNav && current >= 0 && 'IntersectionObserver' in window) {
    const watcher = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadNext().catch(() => {});
    }, { rootMargin: '800px' });
    watcher.observe(partsNav);
  }

  if (shelves) watch(shelves);
  void refresh();
}
