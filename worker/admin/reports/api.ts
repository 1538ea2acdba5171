// Reports of a hub's cycle in the JSON API: the rows as JSON, or the French CSV file with `.csv`.
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
import { cycleReport } from './use-cases.ts';

const KIND_PARAMS = [...REPORT_KINDS, ...REPORT_KINDS.map((k) => `${k}.csv` as const)];

export const reportApi = new Hono<AdminEnv>().get(
  '/hubs/:ent/cycles/:id/reports/:kind',
  validate('param', v.object({ ent: slugSchema, id: idParamSchema, kind: v.picklist(KIND_PARAMS, 'Rapport inconnu.') })),
  async (c) => {
    const { ent, id, kind: raw } = c.req.valid('param');
    const e = await requireEnterprise(c, ent, 'shop.run');
    const kind = raw.replace('.csv', '') as ReportKindKey;
    const { cycle, report } = await cycleReport(databaseFor(c.env), e.id, id, kind, 'No such cycle for this shop.');
    if (raw.endsWith('.csv'))
      return csvResponse(reportCsv(report, translator('fr')), reportFilename(reportSlug('fr', kind), e.slug, cycle.id));
    return c.json({ cycle, kind, rows: report.rows });
  },
);
