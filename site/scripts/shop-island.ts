// The shop page's island: what a static page cannot know (live stock, open or closed now, the cart),
// adding to the cart, and instant filters and search over the shelves. The page is complete without
// it. The DOM is the data: filters read data- attributes; a large shop's further parts are fetched as
// the HTML pages they are, only when the shopper scrolls to them or filters. Each concern is a module
// of shop/; this entry starts them. The shop page loads it once it has loaded and painted, or 3 s
// after it was read while a photo is still loading (AFTER_PAINT_LOADER in worker/security-headers.ts).
import { hub, shelves, shop } from './shop/page.ts';
import { refresh } from './shop/live.ts';
import { onAddSubmit } from './shop/add-to-cart.ts';
import { watch } from './shop/add-forms.ts';
import { startParts } from './shop/parts.ts';
import { startFilters } from './shop/filters.ts';

function startShopIsland(): void {
  if (!hub) return;
  shop.addEventListener('submit', onAddSubmit);
  startFilters();
  startParts();
  if (shelves) watch(shelves);
  void refresh();
}

startShopIsland();
