/**
 * POST /api/imports/:id/undo: deletes the batch's runs and forgets its file hashes (they can be
 * imported again). 404 for an unknown batch, 409 when it was already undone.
 */
import { requireRole } from '@/lib/auth/guard';
import { getDb } from '@/db/client';
import { ValidationError } from '@/lib/errors';
import { handler, json } from '@/lib/http';
import { undoImport } from '@/lib/services/import';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireRole(req, 'engineer');
  const { id } = await ctx.params;
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) throw new ValidationError(`import id must be a positive integer, got "${id}"`);
  return json({ importId: n, ...undoImport(getDb(), n) });
});
