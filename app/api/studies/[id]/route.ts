import { z } from 'zod';
import { getDb } from '@/db/client';
import { deleteStudy, getStudyOrThrow, renameStudy } from '@/db/queries/studies';
import { parseId } from '@/lib/api/run-query';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { handler, json, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

export const GET = handler(async (req: Request, ctx: Ctx) => {
  await requireReader(req);
  return json(getStudyOrThrow(getDb(), parseId((await ctx.params).id, 'study id')));
});

/** PATCH {name}: rename. */
export const PATCH = handler(async (req: Request, ctx: Ctx) => {
  await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'study id');
  const { name } = await parseBody(
    req,
    z.object({ name: z.string().trim().min(1, 'name must not be empty').max(200) }),
  );
  return json(renameStudy(getDb(), id, name));
});

/** DELETE: removes the study and its runs (the UI asks for confirmation first). */
export const DELETE = handler(async (req: Request, ctx: Ctx) => {
  await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'study id');
  return json(deleteStudy(getDb(), id));
});
