// What the back office serves besides pages: its own stylesheet and scripts under /gestion/assets/
// (the catalog's stylesheet stays the base; nothing is loaded from elsewhere), and CSV downloads.
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { paths } from './paths.ts';

export const ADMIN_CSS = `
.admin-nav{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center;padding:.5rem 1rem;background:#eef2ea;border-bottom:1px solid var(--line)}
.admin-nav a{text-decoration:none}.admin-nav a[aria-current=page]{font-weight:700;text-decoration:underline}
.admin-nav form{margin-left:auto}.admin-nav strong{margin-right:.5rem}
main.admin{max-width:80rem}
table.grid{width:100%;border-collapse:collapse;background:var(--card);font-size:.95rem}
table.grid th,table.grid td{padding:.35rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.grid th.num,table.grid td.num{text-align:right}table.grid thead th{background:#f3f5f0;position:sticky;top:0}
table.grid input[type=text],table.grid input[type=number]{width:6.5rem}
table.grid tr.changed{background:#fff8e1}
.notice{padding:.5rem 1rem;border-radius:.3rem;margin:.8rem 0;border:1px solid var(--line);background:var(--card)}
.notice.ok{border-left:.3rem solid var(--ok)}.notice.bad{border-left:.3rem solid var(--bad)}.notice.warn{border-left:.3rem solid var(--warn)}
.errors{color:var(--bad)}.row-error{color:var(--bad);font-size:.9rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.8rem 0}
.inline{display:inline}.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
.pill{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.85rem;background:#e6efe4}
.pill.stale,.pill.rebuilding{background:#fff3e0;color:var(--warn)}.pill.failed{background:#fbe4e2;color:var(--bad)}
.chart text{font:12px system-ui,sans-serif;fill:var(--ink)}.chart rect{fill:var(--accent)}
.secret{font-family:ui-monospace,monospace;background:#fff;border:1px dashed var(--warn);padding:.4rem;word-break:break-all}
.bag{break-inside:avoid;page-break-inside:avoid;margin-bottom:1rem}
.table-scroll{overflow-x:auto;max-width:100%}
@media print{.admin-nav,.site-header,.no-print,form.no-print{display:none!important}body,main{background:#fff;max-width:none;padding:0}table.grid thead th{position:static}a{color:inherit;text-decoration:none}.bag{border-top:1px solid #000}}
`;

/**
 * Progressive enhancement of the bulk editor: rows whose fields changed are highlighted and counted,
 * unchanged rows are left out of the submission (smaller request, fewer writes), and leaving with
 * unsaved changes asks first. Without it the form posts every row and works the same.
 * After a refused save the page shows the typed values as the fields' defaults: the server marks
 * the rows still to save (data-unsaved), so they count as changed and are sent again.
 */
export const BULK_EDIT_JS = `
(()=>{const f=document.getElementById('bulk-form');if(!f)return;const out=document.getElementById('bulk-count');let dirty=false;
const rowChanged=r=>r.dataset.unsaved==='1'||[...r.querySelectorAll('input')].some(i=>i.type==='checkbox'?i.checked!==i.defaultChecked:i.value!==i.defaultValue);
const count=()=>{const n=f.querySelectorAll('tr.changed').length;dirty=n>0;if(out)out.textContent=n?(document.documentElement.lang==='fr'?n+' ligne(s) modifiée(s)':n+' row(s) changed'):'';};
count();
f.addEventListener('input',e=>{const r=e.target.closest('tr');if(r)r.classList.toggle('changed',rowChanged(r));count();});
f.addEventListener('submit',()=>{dirty=false;for(const r of f.querySelectorAll('tbody tr'))if(!r.classList.contains('changed'))for(const i of r.querySelectorAll('input'))i.disabled=true;});
addEventListener('beforeunload',e=>{if(dirty){e.preventDefault();}});})();
`;

/**
 * « Tout cocher » in the cycle forms: a button ticks every box of its scope (one producer, or all),
 * or unticks them when all are ticked. Hidden without the script; the boxes still work one by one.
 */
export const CHECK_ALL_JS = `document.addEventListener('click',e=>{const b=e.target.closest('[data-check-all]');if(!b)return;const s=b.closest('[data-check-scope]');if(!s)return;const boxes=[...s.querySelectorAll('input[type=checkbox][name=variant]')];const all=boxes.every(x=>x.checked);for(const x of boxes)x.checked=!all;});for(const b of document.querySelectorAll('[data-check-all]'))b.hidden=false;`;

/** Print buttons (the print stylesheet hides the menus and filters). */
export const PRINT_JS = `document.addEventListener('click',e=>{if(e.target.closest('[data-print]'))window.print();});for(const b of document.querySelectorAll('[data-print]'))b.hidden=false;`;

const served = (type: string) => ({ 'content-type': `${type}; charset=utf-8`, 'cache-control': 'public, max-age=3600' });

/** The stylesheet and scripts, at one address for both languages. */
export const adminAssets = new Hono<AppEnv>()
  .get(paths('fr').asset('admin.css'), (c) => c.body(ADMIN_CSS, 200, served('text/css')))
  .get(paths('fr').asset('bulk-edit.js'), (c) => c.body(BULK_EDIT_JS, 200, served('text/javascript')))
  .get(paths('fr').asset('print.js'), (c) => c.body(PRINT_JS, 200, served('text/javascript')))
  .get(paths('fr').asset('check-all.js'), (c) => c.body(CHECK_ALL_JS, 200, served('text/javascript')));

/** A CSV file to download, never cached (it holds the enterprise's own figures). */
export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
}
