import { getDb } from '@/db/client';
import { getReportOrThrow, revokeReportLink } from '@/db/queries/reports';
import { parseId } from '@/lib/ids';
import { requireRole } from '@/lib/auth/guard';
import { ForbiddenError } from '@/lib/errors';
import { handler, json } from '@/lib/http';
import { canManageReport } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

/** DELETE /api/reports/:id/links/:linkId (owner or admin): revoke; the link then answers 410. */
export const DELETE = handler(async (req: Request, ctx: { params: Promise<{ id: string; linkId: string }> }) => {
  const p = await requireRole(req, 'engineer');
  const params = await ctx.params;
  const id = parseId(params.id, 'report id');
  const linkId = parseId(params.linkId, 'link id');
  const db = getDb();
  if (!canManageReport(p, getReportOrThrow(db, id)))
    throw new ForbiddenError('only the report owner or an admin can revoke its links');
  return json({ link: revokeReportLink(db, id, linkId) });
});
