import { z } from 'zod';
import { getDb } from '@/db/client';
import { deleteReport, getReportOrThrow, updateReport } from '@/db/queries/reports';
import { parseId } from '@/lib/ids';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { ForbiddenError } from '@/lib/errors';
import { handler, json, parseBody } from '@/lib/http';
import { canManageReport, reportData } from '@/lib/reports/service';
import { reportInputsSchema } from '@/lib/reports/inputs';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** GET /api/reports/:id -> the report with its frozen data, headline and provenance. */
export const GET = handler(async (req: Request, ctx: Ctx) => {
  await requireReader(req);
  const id = parseId((await ctx.params).id, 'report id');
  return json(reportData(getReportOrThrow(getDb(), id)));
});

/** PATCH /api/reports/:id {title?, notes?, inputs?} (owner or admin). The frozen data never changes; inputs: null clears them. */
export const PATCH = handler(async (req: Request, ctx: Ctx) => {
  const p = await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'report id');
  const body = await parseBody(
    req,
    z
      .object({
        title: z.string().trim().min(1).max(200).optional(),
        notes: z.string().max(100_000).optional(),
        inputs: reportInputsSchema.nullable().optional(),
      })
      .strict(),
  );
  const db = getDb();
  if (!canManageReport(p, getReportOrThrow(db, id)))
    throw new ForbiddenError('only the report owner or an admin can edit it');
  const r = updateReport(db, id, body);
  return json({ id: r.id, title: r.title, updatedAt: r.updatedAt });
});

/** DELETE /api/reports/:id (owner or admin); its share links die with it. */
export const DELETE = handler(async (req: Request, ctx: Ctx) => {
  const p = await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'report id');
  const db = getDb();
  if (!canManageReport(p, getReportOrThrow(db, id)))
    throw new ForbiddenError('only the report owner or an admin can delete it');
  deleteReport(db, id);
  return json({ ok: true });
});
