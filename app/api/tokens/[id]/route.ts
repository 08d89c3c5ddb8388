import { getDb } from '@/db/client';
import { getApiToken, revokeApiToken } from '@/db/queries/tokens';
import { parseId } from '@/lib/ids';
import { requireRole } from '@/lib/auth/guard';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { handler, json } from '@/lib/http';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** DELETE /api/tokens/:id: revoke (your own token, or any as admin). */
export const DELETE = handler(async (req: Request, ctx: Ctx) => {
  const p = await requireRole(req, 'viewer');
  const id = parseId((await ctx.params).id, 'token id');
  const db = getDb();
  const t = getApiToken(db, id);
  if (!t) throw new NotFoundError(`token ${id} not found`);
  if (p.role !== 'admin' && (p.userId === null || t.createdBy !== p.userId))
    throw new ForbiddenError('you can revoke only your own tokens');
  return json({ token: revokeApiToken(db, id) });
});
