import { getDb } from '@/db/client';
import { resolveShareLink } from '@/db/queries/reports';
import { handler } from '@/lib/http';
import { exportResponse } from '@/lib/reports/http';
import { reportData } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

/** GET /r/:token/export?format=csv|json: the shared report's frozen runs (404 unknown, 410 revoked/expired). */
export const GET = handler(async (req: Request, ctx: { params: Promise<{ token: string }> }) => {
  const { report } = resolveShareLink(getDb(), (await ctx.params).token);
  return exportResponse(reportData(report), new URL(req.url).searchParams.get('format'));
});
