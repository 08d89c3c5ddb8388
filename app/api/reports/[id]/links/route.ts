import { z } from 'zod';
import { getDb } from '@/db/client';
import { createReportLink, getReportOrThrow, listReportLinks } from '@/db/queries/reports';
import { parseId } from '@/lib/ids';
import { requireRole } from '@/lib/auth/guard';
import { ForbiddenError, ValidationError } from '@/lib/errors';
import { handler, json, parseBody } from '@/lib/http';
import { publicBaseUrl } from '@/lib/reports/http';
import { canManageReport } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** GET /api/reports/:id/links (owner or admin) -> { links } with status and last opened time (never the token). */
export const GET = handler(async (req: Request, ctx: Ctx) => {
  const p = await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'report id');
  const db = getDb();
  if (!canManageReport(p, getReportOrThrow(db, id))) throw new ForbiddenError('only the report owner or an admin can see its links');
  return json({ links: listReportLinks(db, id) });
});

/** POST /api/reports/:id/links {expiresAt?} (owner or admin) -> 201 {id, url}. The url holds the token and is shown once. */
export const POST = handler(async (req: Request, ctx: Ctx) => {
  const p = await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'report id');
  const body = await parseBody(req, z.object({ expiresAt: z.string().datetime({ offset: true }).nullable().optional() }).strict());
  if (body.expiresAt && Date.parse(body.expiresAt) <= Date.now()) throw new ValidationError('expiresAt: must be in the future');
  const db = getDb();
  if (!canManageReport(p, getReportOrThrow(db, id))) throw new ForbiddenError('only the report owner or an admin can share it');
  const expiresAt = body.expiresAt ? new Date(body.expiresAt).toISOString() : null;
  const { token, link } = createReportLink(db, id, { createdBy: p.userId, expiresAt });
  return json({ id: link.id, url: `${publicBaseUrl(req)}/r/${token}`, expiresAt: link.expiresAt }, 201);
});
