import { getDb } from '@/db/client';
import { getReportOrThrow } from '@/db/queries/reports';
import { parseId } from '@/lib/ids';
import { requireReader } from '@/lib/auth/guard';
import { handler } from '@/lib/http';
import { exportResponse } from '@/lib/reports/http';
import { reportData } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

/** GET /api/reports/:id/export?format=csv|json -> download of the frozen runs. */
export const GET = handler(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireReader(req);
  const id = parseId((await ctx.params).id, 'report id');
  return exportResponse(reportData(getReportOrThrow(getDb(), id)), new URL(req.url).searchParams.get('format'));
});
