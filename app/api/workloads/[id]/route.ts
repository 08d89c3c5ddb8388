/**
 * GET /api/workloads/:id: one workload's summary: rate over time (`?binS=` seconds per interval,
 * default ~60 intervals), input/output length statistics and histograms, load buckets and the
 * attribution. :id is builtin:NAME, db:ID or ID. `?requests=1` adds the requests themselves.
 */
import { getDb } from '@/db/client';
import { requireReader } from '@/lib/auth/guard';
import { ValidationError } from '@/lib/errors';
import { handler, json } from '@/lib/http';
import { workloadDetail } from '@/lib/services/workloads';
import { loadWorkload } from '@/lib/workloads/load';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

function decodeRef(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ValidationError(`malformed workload id "${raw.slice(0, 40)}"`);
  }
}

export const GET = handler(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireReader(req);
  const ref = decodeRef((await ctx.params).id);
  const url = new URL(req.url);
  const rawBin = url.searchParams.get('binS');
  const binS = rawBin === null ? undefined : Number(rawBin);
  if (binS !== undefined && !(binS > 0))
    throw new ValidationError(`binS must be a number of seconds > 0 (got "${rawBin!.slice(0, 20)}")`);
  const db = getDb();
  const detail = workloadDetail(db, ref, binS);
  if (url.searchParams.get('requests') !== '1') return json(detail);
  return json({ ...detail, requests: loadWorkload(db, ref).requests });
});
