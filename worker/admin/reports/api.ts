// Reports in the JSON API: the rows as JSON, or the French CSV file with `.csv`. Of a hub's cycle
// (`?hubs=all`: every hub of a cycle it coordinates) or of a period (`?from=…&to=…`, Paris days).
import { Hono } from 'hono';
import * as v from 'valibot';
import { REPORT_KINDS } from '../../../db/orders/reports.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { idParamSchema, slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { csvResponse } from '../shared/assets.ts';
import { reportSlug, translator, type ReportKindKey } from '../shared/paths.ts';
import { reportCsv, reportFilename } from './csv.ts';
import { cycleReport, periodReport } from './use-cases.ts';

const KIND_PARAMS = [...REPORT_KINDS, ...REPORT_KINDS.map((k) => `${k}.csv` as const)];
const kindParam = v.picklist(KIND_PARAMS, 'Rapport inconnu.');
const hubsQuery = v.optional(v.picklist(['all'], 'hubs: only « all ».'));
const tr = translator('en');

export const reportApi = new Hono<AdminEnv>()
  .get(
    '/hubs/:ent/cycles/:id/reports/:kind',
    validate('param', v.object({ ent: slugSchema, id: idParamSchema, kind: kindParam })),
    validate('query', v.object({ hubs: hubsQuery })),
    async (c) => {
      const { ent, id, kind: raw } = c.req.valid('param');
      const allHubs = c.req.valid('query').hubs === 'all';
      const e = await requireEnterprise(c, ent, 'shop.run');
      const kind = raw.replace('.csv', '') as ReportKindKey;
      const { cycle, report } = await cycleReport(databaseFor(c.env), e.id, id, kind, allHubs, tr);
      if (raw.endsWith('.csv'))
        return csvResponse(reportCsv(report, translator('fr')), reportFilename(reportSlug('fr', kind), e.slug, cycle.id));
      return c.json({ cycle, kind, allHubs, rows: report.rows });
    },
  )
  .get(
    '/hubs/:ent/reports/:kind',
    validate('param', v.object({ ent: slugSchema, kind: kindParam })),
    validate('query', v.object({ from: v.optional(v.string(), ''), to: v.optional(v.string(), ''), hubs: hubsQuery })),
    async (c) => {
      const { ent, kind: raw } = c.req.valid('param');
      const q = c.req.valid('query');
      const allHubs = q.hubs === 'all';
      const e = await requireEnterprise(c, ent, 'shop.run');
      const kind = raw.replace('.csv', '') as ReportKindKey;
      const report = await periodReport(databaseFor(c.env), e.id, kind, { from: q.from, to: q.to }, allHubs, tr);
      if (raw.endsWith('.csv'))
        return csvResponse(reportCsv(report, translator('fr')), reportFilename(reportSlug('fr', kind), e.slug, `${q.from}_${q.to}`));
      return c.json({ from: q.from, to: q.to, kind, allHubs, rows: report.rows });
    },
  );
