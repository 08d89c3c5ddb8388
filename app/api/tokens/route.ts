import { z } from 'zod';
import { getDb } from '@/db/client';
import { createApiToken, listApiTokens } from '@/db/queries/tokens';
import { requireRole } from '@/lib/auth/guard';
import { roleAtLeast, roleSchema } from '@/lib/auth/roles';
import { ForbiddenError } from '@/lib/errors';
import { handler, json, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/tokens -> { tokens } (admins see all, others their own). Never returns the secret. */
export const GET = handler(async (req: Request) => {
  const p = await requireRole(req, 'viewer');
  const db = getDb();
  const tokens =
    p.role === 'admin' ? listApiTokens(db) : p.userId === null ? [] : listApiTokens(db, { createdBy: p.userId });
  return json({ tokens });
});

/**
 * POST /api/tokens {name, role, expiresInDays?} -> 201 { token, record }. The token is shown
 * this once. A token's role may not exceed its creator's.
 */
export const POST = handler(async (req: Request) => {
  const p = await requireRole(req, 'viewer');
  const body = await parseBody(
    req,
    z.object({
      name: z.string().trim().min(1, 'required').max(100),
      role: roleSchema,
      expiresInDays: z.number().int().positive().max(3650).optional(),
    }),
  );
  if (!roleAtLeast(p.role, body.role))
    throw new ForbiddenError(`role: you (${p.role}) cannot create a ${body.role} token`);
  const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000).toISOString() : null;
  const r = createApiToken(getDb(), { name: body.name, role: body.role, createdBy: p.userId, expiresAt });
  return json(r, 201);
});
