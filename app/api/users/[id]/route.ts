import { z } from 'zod';
import { getDb } from '@/db/client';
import { deleteUser, toPublicUser, updateUser } from '@/db/queries/users';
import { parseId } from '@/lib/ids';
import { requireRole } from '@/lib/auth/guard';
import { roleSchema } from '@/lib/auth/roles';
import { setUserPassword } from '@/lib/auth/service';
import { handler, json, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** PATCH /api/users/:id {role?, password?, disabled?} (admin); a password reset answers `tokensRevoked`. */
export const PATCH = handler(async (req: Request, ctx: Ctx) => {
  await requireRole(req, 'admin');
  const id = parseId((await ctx.params).id, 'user id');
  const body = await parseBody(
    req,
    z
      .object({ role: roleSchema.optional(), password: z.string().optional(), disabled: z.boolean().optional() })
      .strict(),
  );
  const db = getDb();
  // A reset also ends the user's sessions and revokes the user's API tokens.
  const reset = body.password !== undefined ? await setUserPassword(db, id, body.password) : undefined;
  // Disabling deletes the user's sessions in the same transaction.
  const u = updateUser(db, id, { role: body.role, disabled: body.disabled });
  return json({ user: toPublicUser(u), ...(reset && { tokensRevoked: reset.tokensRevoked }) });
});

/** DELETE /api/users/:id (admin); the last admin cannot be deleted. */
export const DELETE = handler(async (req: Request, ctx: Ctx) => {
  await requireRole(req, 'admin');
  const id = parseId((await ctx.params).id, 'user id');
  deleteUser(getDb(), id);
  return json({ ok: true });
});
