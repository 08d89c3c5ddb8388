import { z } from 'zod';
import { getDb } from '@/db/client';
import { insertRuns, listRuns, warmRunPageColumns } from '@/db/queries/runs';
import { ensureStudy, getStudyOrThrow } from '@/db/queries/studies';
import { parseRunQuery } from '@/lib/api/run-query';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { ValidationError } from '@/lib/errors';
import { handler, json, readJsonBody } from '@/lib/http';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import { formatIssues, runRecordSchema, type RunRecord } from '@/lib/record/schema';

export const dynamic = 'force-dynamic';

/** GET /api/runs?study&model&gpu&engine&simulated&q&knob.K.min&knob.K.max&sort&order&limit&offset */
export const GET = handler(async (req: Request) => {
  await requireReader(req);
  const params = parseRunQuery(new URL(req.url).searchParams);
  const db = getDb();
  await warmRunPageColumns(db, params);
  return json(listRuns(db, params));
});

const MAX_RECORDS = 10_000;

/** ?studyName=: the same 200-character limit as POST /api/studies. */
function studyName(raw: string | null): string {
  const name = raw?.trim() || 'API uploads';
  if (name.length > 200) throw new ValidationError(`studyName: name is too long (${name.length} characters; max 200)`);
  return name;
}

/**
 * POST /api/runs: one run record or an array of them (the harness posts here with --server).
 * Query: ?study=ID or ?studyName=NAME (default "API uploads"). All-or-nothing.
 */
export const POST = handler(async (req: Request) => {
  await requireRole(req, 'engineer');
  const sp = new URL(req.url).searchParams;
  const newStudyName = studyName(sp.get('studyName'));
  const body = await readJsonBody(req, 'a run record or an array of run records');
  const items = Array.isArray(body) ? body : [body];
  if (!items.length) throw new ValidationError('no run records in body');
  if (items.length > MAX_RECORDS) throw new ValidationError(`at most ${MAX_RECORDS} records per request`);
  const records: RunRecord[] = items.map((item, i) => {
    const r = runRecordSchema.safeParse(item);
    if (!r.success) throw new ValidationError(formatIssues(r.error.issues, Array.isArray(body) ? `[${i}].` : ''));
    const { id: _id, study_id: _s, ...rec } = r.data;
    const d = deriveMetrics({ metrics: rec.metrics, workload: rec.workload });
    return { ...rec, metrics: d.metrics, derived: [...new Set([...(rec.derived ?? []), ...d.derived])] } as RunRecord;
  });
  const db = getDb();
  const studyParam = sp.get('study');
  const result = db.transaction(() => {
    const study = studyParam
      ? getStudyOrThrow(db, z.coerce.number().int().positive().parse(studyParam))
      : ensureStudy(db, newStudyName);
    return { studyId: study.id, ...insertRuns(db, study.id, records) };
  });
  return json(result, 201);
});
