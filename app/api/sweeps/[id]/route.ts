import { getDb } from '@/db/client';
import { getStudy } from '@/db/queries/studies';
import { deleteSweep, sweepView } from '@/db/queries/sweeps';
import { sweepPointResults } from '@/db/queries/sweep-results';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { parseId } from '@/lib/ids';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** GET: {state, points: [{knobs, state, reason?, runId?, ...}], results: {runId: {energy, p99 ITL, stable}}, ...} */
export const GET = handler(async (req: Request, ctx: Ctx) => {
  await requireReader(req);
  const db = getDb();
  const v = sweepView(db, parseId((await ctx.params).id, 'sweep id'));
  return json({
    ...v,
    studyName: v.studyId ? (getStudy(db, v.studyId)?.name ?? null) : null,
    results: sweepPointResults(
      db,
      v.points.flatMap((p) => (p.runId ? [p.runId] : [])),
    ),
  });
});

/** DELETE: removes a finished sweep's definition and points (its runs stay in the study). */
export const DELETE = handler(async (req: Request, ctx: Ctx) => {
  await requireRole(req, 'engineer');
  deleteSweep(getDb(), parseId((await ctx.params).id, 'sweep id'));
  return json({ ok: true });
});
