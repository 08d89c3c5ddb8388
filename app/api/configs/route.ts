/**
 * GET /api/configs?study=S&model=M&gpu=G[&engine=E&x=METRIC&y=METRIC&slo.METRIC=BOUND&resamples=N]
 * -> { configs: [{ model, gpu, gpuCount, engine, engineVersion, simulated, knobs, dataset, n, runIds,
 *      metrics: { METRIC: { n, mean, sd, ci95: [lo, hi], method } } }],
 *      frontier, feasible, recommendation } (docs/api.md, "Configurations").
 */
import { getDb } from '@/db/client';
import { parseConfigsQuery } from '@/lib/api/configs-query';
import { requireReader } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { configsView } from '@/lib/services/configs';

export const dynamic = 'force-dynamic';

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json(configsView(getDb(), parseConfigsQuery(new URL(req.url).searchParams)));
});
