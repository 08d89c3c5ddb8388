/**
 * GET /api/explore/summaries?ids=1,2,3 -> { runs: RunSummary[] } (typed knobs + every metric, no
 * trace), at most 50 ids. Used by explorer tooltips of sampled points and the comparison view.
 */
import { getDb } from '@/db/client';
import { runSummaries } from '@/db/queries/explore';
import { requireReader } from '@/lib/auth/guard';
import { ValidationError } from '@/lib/errors';
import { handler, json } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  const raw = new URL(req.url).searchParams.get('ids') ?? '';
  const ids = raw.split(',').filter(Boolean).map(Number);
  if (!ids.length || ids.length > 50 || !ids.every((n) => Number.isInteger(n) && n > 0)) {
    throw new ValidationError('ids: give 1 to 50 comma-separated run ids');
  }
  return json({ runs: runSummaries(getDb(), ids) });
});
