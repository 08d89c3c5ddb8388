/**
 * GET /api/fits?study=S&model=M&gpu=G&target=energy_per_request_j[&predict=IN:OUT,...]
 * -> { form, coefficients, n, r2, cv_mape, residuals, family, predictions, groups? };
 *    422 { error: { code: "unfittable", message: reason } } when the data cannot support a fit
 *    (docs/api.md, "Fitted models").
 */
import { getDb } from '@/db/client';
import { parseFitsQuery } from '@/lib/api/configs-query';
import { requireReader } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { fitsView } from '@/lib/services/configs';

export const dynamic = 'force-dynamic';

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json(fitsView(getDb(), parseFitsQuery(new URL(req.url).searchParams)));
});
