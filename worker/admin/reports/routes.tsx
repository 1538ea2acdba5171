// Reports as pages: of a hub's cycle (optionally every hub of a cycle it coordinates, `?hubs=all`), or
// of a period (`?from=2026-11-01&to=2026-11-30`) — on screen, printable, and as CSV (the same path with .csv).
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
import { cycleReport, type PeriodInput, periodReport, thisMonth } from './use-cases.ts';
import { PeriodForm, ReportPage } from './views.tsx';

/** A cycle id that is not one is a cycle that does not exist. */
function cycleIdOf(text: string): number {
  const r = v.safeParse(idParamSchema, text);
  if (!r.success) throw new DomainError('NOT_FOUND', 'No such cycle.');
  return r.output;
}

export function reportPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const kindOf = (raw: string) => {
    const asCsv = raw.endsWith('.csv');
    const kind = reportKindOf(l, asCsv ? raw.slice(0, -4) : raw);
    if (!kind) throw new DomainError('NOT_FOUND', tr('Ce rapport n’existe pas.', 'No such report.'));
    return { kind, asCsv };
  };
  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.report(':ent', ':id', ':kind'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
      const { kind, asCsv } = kindOf(param(c, 'kind'));
      const allHubs = c.req.query('hubs') === 'all';
      const { cycle, report } = await cycleReport(databaseFor(c.env), e.id, cycleIdOf(param(c, 'id')), kind, allHubs, tr);
      if (asCsv)
        return csvResponse(
          reportCsv(report, tr),
          reportFilename(reportSlug(l, kind), allHubs ? `${e.slug}-${tr('toutes-boutiques', 'all-shops')}` : e.slug, cycle.id),
        );
      const title = reportTitle(tr, kind);
      const query = allHubs ? '?hubs=all' : '';
      return c.render(
        <ReportPage
          l={l}
          enterprise={e}
          scopeName={cycle.name}
          back={p.cycleOrders(e.slug, cycle.id)}
          link={(k, ext = '') => `${p.report(e.slug, cycle.id, reportSlug(l, k))}${ext}${query}`}
          allHubs={allHubs}
          allHubsLink={
            cycle.coordinatorId === e.id ? `${p.report(e.slug, cycle.id, reportSlug(l, kind))}${allHubs ? '' : '?hubs=all'}` : null
          }
          title={title}
          report={report}
        />,
        { title: `${title} — ${cycle.name}`, enterprise: e, current: p.cycles(e.slug) },
      );
    })
    .get(p.reports(':ent'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
      const chosen = reportKindOf(l, c.req.query('kind') ?? '');
      const period = { ...thisMonth(Date.now()), ...periodQuery(c.req.query()) };
      if (chosen) {
        const q = new URLSearchParams({ from: period.from, to: period.to, ...(c.req.query('hubs') === 'all' ? { hubs: 'all' } : {}) });
        return c.redirect(`${p.periodReport(e.slug, reportSlug(l, chosen))}?${q}`, 303);
      }
      return c.render(<PeriodForm l={l} slug={e.slug} kind="fees" period={period} allHubs={false} errors={[]} />, {
        title: tr('Rapports', 'Reports'),
        enterprise: e,
        current: p.cycles(e.slug),
      });
    })
    .get(p.periodReport(':ent', ':kind'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
      const { kind, asCsv } = kindOf(param(c, 'kind'));
      const allHubs = c.req.query('hubs') === 'all';
      const period = { ...thisMonth(Date.now()), ...periodQuery(c.req.query()) };
      const title = reportTitle(tr, kind);
      let report: Awaited<ReturnType<typeof periodReport>>;
      try {
        report = await periodReport(databaseFor(c.env), e.id, kind, period, allHubs, tr);
      } catch (err) {
        // A mistyped date shows the same form again, with what was typed and why it was refused.
        if (!(err instanceof DomainError) || err.code !== 'VALIDATION' || asCsv) throw err;
        c.status(422);
        return c.render(<PeriodForm l={l} slug={e.slug} kind={kind} period={period} allHubs={allHubs} errors={err.fields} />, {
          title,
          enterprise: e,
          current: p.cycles(e.slug),
        });
      }
      const scopeName = tr(`du ${period.from} au ${period.to}`, `from ${period.from} to ${period.to}`);
      if (asCsv)
        return csvResponse(
          reportCsv(report, tr),
          reportFilename(
            reportSlug(l, kind),
            allHubs ? `${e.slug}-${tr('toutes-boutiques', 'all-shops')}` : e.slug,
            `${period.from}_${period.to}`,
          ),
        );
      const query = (hubs: boolean) => `?${new URLSearchParams({ from: period.from, to: period.to, ...(hubs ? { hubs: 'all' } : {}) })}`;
      return c.render(
        <>
          <PeriodForm l={l} slug={e.slug} kind={kind} period={period} allHubs={allHubs} errors={[]} compact />
          <ReportPage
            l={l}
            enterprise={e}
            scopeName={scopeName}
            back={p.cycles(e.slug)}
            link={(k, ext = '') => `${p.periodReport(e.slug, reportSlug(l, k))}${ext}${query(allHubs)}`}
            allHubs={allHubs}
            allHubsLink={`${p.periodReport(e.slug, reportSlug(l, kind))}${query(!allHubs)}`}
            period
            title={title}
            report={report}
          />
        </>,
        { title: `${title} — ${scopeName}`, enterprise: e, current: p.cycles(e.slug) },
      );
    });
}

/** The period's days as typed, kept as text so a refused one is shown back as it was. */
function periodQuery(q: Record<string, string>): Partial<PeriodInput> {
  return {
    ...(q.from !== undefined ? { from: q.from.slice(0, 40) } : {}),
    ...(q.to !== undefined ? { to: q.to.slice(0, 40) } : {}),
  };
}
