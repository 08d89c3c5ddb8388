import { getDb } from '@/db/client';
import { getRun } from '@/db/queries/runs';
import { parseId } from '@/lib/api/run-query';
import { requireReader } from '@/lib/auth/guard';
import { NotFoundError } from '@/lib/errors';
import { handler, json } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/runs/:id -> the full run record (with trace and per-request samples when stored). */
export const GET = handler(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireReader(req);
  const id = parseId((await ctx.params).id, 'run id');
  const run = getRun(getDb(), id);
  if (!run) throw new NotFoundError(`run ${id} not found`);
  return json(run);
});
