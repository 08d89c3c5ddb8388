/** DELETE /api/import-mappings/:name (URL-encoded): removes a saved mapping (engineers). GET: one mapping. */
import { getDb } from '@/db/client';
import { checkMappingName, deleteMapping, getMappingByName } from '@/db/queries/import-mappings';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { NotFoundError } from '@/lib/errors';
import { handler, json } from '@/lib/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Ctx = { params: Promise<{ name: string }> };

/** Route params arrive decoded from Next; a still-encoded one (direct calls, proxies) is decoded once. */
function nameParam(raw: string): string {
  try {
    return checkMappingName(/%[0-9A-Fa-f]{2}/.test(raw) ? decodeURIComponent(raw) : raw);
  } catch (e) {
    if (e instanceof URIError) return checkMappingName(raw);
    throw e;
  }
}

export const GET = handler(async (req: Request, ctx: Ctx) => {
  await requireReader(req);
  const name = nameParam((await ctx.params).name);
  const m = getMappingByName(getDb(), name);
  if (!m) throw new NotFoundError(`no saved mapping named "${name}"`);
  return json(m);
});

export const DELETE = handler(async (req: Request, ctx: Ctx) => {
  await requireRole(req, 'engineer');
  const name = nameParam((await ctx.params).name);
  deleteMapping(getDb(), name);
  return json({ deleted: name });
});
