import { getDb } from '@/db/client';
import { runFacets } from '@/db/queries/runs';
import { parseRunQuery } from '@/lib/api/run-query';
import { requireReader } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/facets?study=ID -> distinct models, GPUs, engines (filter pickers). */
export const GET = handler(async (req: Request) => {
  await requireReader(req);
  const { study } = parseRunQuery(new URL(req.url).searchParams);
  return json(runFacets(getDb(), study));
});
