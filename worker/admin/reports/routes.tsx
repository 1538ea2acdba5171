// Reports of a hub's cycle as pages: totals per producer (what to bring), packing per shopper (each
// bag), packing per product, payments — on screen, printable, and as CSV (the same path with .csv).
import { Hono } from 'hono';
import * as v from 'valibot';
import { DomainError } from '../../../domain/errors.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv } from '../../auth/identify.ts';
import { idParamSchema } from '../../schemas.ts';
import { csvResponse } from '../shared/assets.ts';
import { adminLayout } from '../shared/layout.tsx';
import { paths, reportKindOf, reportSlug, reportTitle, translator, type Locale } from '../shared/paths.ts';
import { reportCsv, reportFilename } from './csv.ts';
import { cycleReport } from './use-cases.ts';
import { ReportPage } from './views.tsx';

/** A cycle id that is not one is a cycle that does not exist. */
function cycleIdOf(text: string): number {
  const r = v.safeParse(idParamSchema, text);
  if (!r.success) throw new DomainError('NOT_FOUND', 'No such cycle.');
  return r.output;
}

export function reportPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  return new Hono<AdminEnv>().use(adminLayout(l)).get(p.report(':ent', ':id', ':kind'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const raw = param(c, 'kind');
    const asCsv = raw.endsWith('.csv');
    const kind = reportKindOf(l, asCsv ? raw.slice(0, -4) : raw);
    if (!kind) throw new DomainError('NOT_FOUND', tr('Ce rapport n’existe pas.', 'No such report.'));
    const { cycle, report } = await cycleReport(
      databaseFor(c.env),
      e.id,
      cycleIdOf(param(c, 'id')),
      kind,
      tr('Ce cycle n’existe pas pour votre boutique.', 'No such cycle for your shop.'),
    );
    if (asCsv) return csvResponse(reportCsv(report, tr), reportFilename(reportSlug(l, kind), e.slug, cycle.id));
    const title = reportTitle(tr, kind);
    return c.render(<ReportPage l={l} enterprise={e} cycle={cycle} title={title} report={report} />, {
      title: `${title} — ${cycle.name}`,
      enterprise: e,
      current: p.cycles(e.slug),
    });
  });
}
