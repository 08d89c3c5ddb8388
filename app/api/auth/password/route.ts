import { z } from 'zod';
import { getDb } from '@/db/client';
import { getUser } from '@/db/queries/users';
import { createSession } from '@/db/queries/tokens';
import { NextResponse } from 'next/server';
import { setSessionCookie } from '@/lib/auth/cookie';
import { requireRole } from '@/lib/auth/guard';
import { verifyPassword } from '@/lib/auth/password';
import { setUserPassword } from '@/lib/auth/service';
import { ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { handler, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/auth/password {current, password}: change your own password (browser session only). */
export const POST = handler(async (req: Request) => {
  const p = await requireRole(req, 'viewer');
  if (p.via !== 'session' || p.userId === null) throw new ForbiddenError('change your password from a logged-in browser session');
  const body = await parseBody(req, z.object({ current: z.string().min(1, 'required'), password: z.string() }));
  const db = getDb();
  const u = getUser(db, p.userId);
  if (!u || !(await verifyPassword(body.current, u.passwordHash))) throw new UnauthorizedError('current: wrong password');
  await setUserPassword(db, u.id, body.password);
  // Every session was ended by the change; give this browser a fresh one.
  const s = createSession(db, u.id);
  const res = NextResponse.json({ ok: true });
  setSessionCookie(res, req, s.token, s.expiresAt);
  return res;
});
