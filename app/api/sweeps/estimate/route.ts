import { requireReader } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { readJsonBody } from '@/lib/http';
import { estimateSweep } from '@/lib/sweeps/estimate';
import { expandGrid } from '@/lib/sweeps/grid';
import { parseSweepSpec } from '@/lib/sweeps/spec';

export const dynamic = 'force-dynamic';

/** POST a sweep definition: validation (400 naming the key), point count and a rough duration. */
export const POST = handler(async (req: Request) => {
  await requireReader(req);
  const body = (await readJsonBody(req)) as Record<string, unknown> | null;
  const { start: _s, ...spec } = body && typeof body === 'object' ? body : ({} as Record<string, unknown>);
  const parsed = parseSweepSpec(spec);
  const e = estimateSweep(parsed);
  return json({
    ...e,
    knobs: expandGrid(parsed.grid, parsed.repetitions)
      .slice(0, 50)
      .map((p) => p.knobs),
  });
});
