/**
 * GET /api/sensitivity?sm=METRIC&sk=KNOB[&ss=SERIES_KNOB&sf=model|gpu|engine|none + explorer filters]
 * -> small multiples of METRIC vs KNOB, one line per SERIES_KNOB value, one panel per facet.
 * Bad keys -> 400 naming the parameter. See docs/api.md (Explorer).
 */
import { getDb } from '@/db/client';
import { requireReader } from '@/lib/auth/guard';
import { ValidationError } from '@/lib/errors';
import { computeSensitivity, warmSensitivityColumns } from '@/lib/explore/sensitivity';
import { parseViewState, ViewStateError } from '@/lib/explore/state';
import { handler, json } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  let state;
  try {
    state = parseViewState(new URL(req.url).searchParams, { strict: true }).state;
  } catch (e) {
    if (e instanceof ViewStateError) throw new ValidationError(e.message);
    throw e;
  }
  // panels=all: every facet panel (the explorer's "Show all panels"); default: the 12 largest.
  const all = new URL(req.url).searchParams.get('panels') === 'all';
  const opts = all ? { maxPanels: 500 } : {};
  await warmSensitivityColumns(getDb(), state, opts); // a large first read happens off the event loop
  return json(computeSensitivity(getDb(), state, opts));
});
