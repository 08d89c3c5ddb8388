import { z } from 'zod';
import { getDb } from '@/db/client';
import { listUsers } from '@/db/queries/users';
import { requireRole } from '@/lib/auth/guard';
import { roleSchema } from '@/lib/auth/roles';
import { createUser } from '@/lib/auth/service';
import { handler, json, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/users (admin) -> { users }. */
export const GET = handler(async (req: Request) => {
  await requireRole(req, 'admin');
  return json({ users: listUsers(getDb()) });
});

/** POST /api/users {name, role, password} (admin) -> 201 { user }. */
export const POST = handler(async (req: Request) => {
  await requireRole(req, 'admin');
  const body = await parseBody(req, z.object({ name: z.string().trim(), role: roleSchema, password: z.string() }));
  return json({ user: await createUser(getDb(), body) }, 201);
});
