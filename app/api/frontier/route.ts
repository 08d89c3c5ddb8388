/**
 * GET /api/frontier?x=METRIC&y=METRIC[&study=ID|all&model=..&gpu=..&engine=..&sim=real|sim
 *   &knob.K.min=..&knob.K.max=..&slo.METRIC=BOUND&minThroughput=..&color=..&baseline=..&maxPoints=..]
 * -> the explorer view (lib/explore/types.ts ExplorerView): frontier (run ids along x),
 *    feasibleCount, total, recommended, sampled points, baseline, savings, price-of-SLO curve.
 * Unknown metrics or bad values -> 400 naming the parameter. See docs/api.md (Explorer).
 */
import { getDb } from '@/db/client';
import { requireReader } from '@/lib/auth/guard';
import { ValidationError } from '@/lib/errors';
import { computeExplorerView, warmExplorerColumns } from '@/lib/explore/compute';
import { parseViewState, ViewStateError } from '@/lib/explore/state';
import { handler, json } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  const sp = new URL(req.url).searchParams;
  let maxPoints: number | undefined;
  const mp = sp.get('maxPoints');
  if (mp !== null) {
    maxPoints = Number(mp);
    if (!Number.isInteger(maxPoints) || maxPoints < 0 || maxPoints > 20000)
      throw new ValidationError('maxPoints: must be an integer 0..20000');
    sp.delete('maxPoints');
  }
  let state;
  try {
    state = parseViewState(sp, { strict: true }).state;
  } catch (e) {
    if (e instanceof ViewStateError) throw new ValidationError(e.message);
    throw e;
  }
  await warmExplorerColumns(getDb(), state, { maxPoints }); // a large first read happens off the event loop
  const view = computeExplorerView(getDb(), state, { maxPoints });
  return json({ ...view, total: view.counts.total, feasibleCount: view.counts.feasible });
});
