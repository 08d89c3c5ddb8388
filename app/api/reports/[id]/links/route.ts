import { z } from 'zod';
import { getDb } from '@/db/client';
import { createReportLink, getReportLink, getReportOrThrow, listReportLinks } from '@/db/queries/reports';
import { parseId } from '@/lib/ids';
import { requireRole } from '@/lib/auth/guard';
import { ForbiddenError, ValidationError } from '@/lib/errors';
import { handler, json, parseBody } from '@/lib/http';
import { publicBaseUrl } from '@/lib/reports/http';
import { canManageReport } from '@/lib/reports/service';
import { reshowShareToken, shareTokenFactory } from '@/lib/reports/share-token';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/reports/:id/links (owner or admin) -> { links } with status and last opened time, and
 * for an active link its `url` again (re-derived, lib/reports/share-token.ts; null when it cannot be).
 */
export const GET = handler(async (req: Request, ctx: Ctx) => {
  const p = await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'report id');
  const db = getDb();
  if (!canManageReport(p, getReportOrThrow(db, id)))
    throw new ForbiddenError('only the report owner or an admin can see its links');
  const base = publicBaseUrl(req);
  const links = listReportLinks(db, id).map((l) => {
    const row = l.status === 'active' ? getReportLink(db, id, l.id) : undefined;
    const token = row ? reshowShareToken(db, row) : null;
    return { ...l, url: token ? `${base}/r/${token}` : null };
  });
  return json({ links });
});

/** POST /api/reports/:id/links {expiresAt?} (owner or admin) -> 201 {id, url}. The owner can get the url again from GET. */
export const POST = handler(async (req: Request, ctx: Ctx) => {
  const p = await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'report id');
  const body = await parseBody(
    req,
    z.object({ expiresAt: z.string().datetime({ offset: true }).nullable().optional() }).strict(),
  );
  if (body.expiresAt && Date.parse(body.expiresAt) <= Date.now())
    throw new ValidationError('expiresAt: must be in the future');
  const db = getDb();
  if (!canManageReport(p, getReportOrThrow(db, id)))
    throw new ForbiddenError('only the report owner or an admin can share it');
  const expiresAt = body.expiresAt ? new Date(body.expiresAt).toISOString() : null;
  const { token, link } = createReportLink(db, id, { createdBy: p.userId, expiresAt, tokenFor: shareTokenFactory(db) });
  return json({ id: link.id, url: `${publicBaseUrl(req)}/r/${token}`, expiresAt: link.expiresAt }, 201);
});
