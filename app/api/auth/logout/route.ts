import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { deleteSession } from '@/db/queries/tokens';
import { clearSessionCookie } from '@/lib/auth/cookie';
import { isSameOrigin } from '@/lib/auth/csrf';
import { cookieValue, SESSION_COOKIE } from '@/lib/auth/principal';
import { ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { handler } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/auth/logout: ends the cookie session (same-origin only, so no forced logout). */
export const POST = handler(async (req: Request) => {
  const token = cookieValue(req.headers.get('cookie'), SESSION_COOKIE);
  if (!token) throw new UnauthorizedError('not logged in');
  if (!isSameOrigin(req)) throw new ForbiddenError('cross-origin request refused');
  deleteSession(getDb(), token);
  const res = NextResponse.json({ ok: true });
  clearSessionCookie(res, req);
  return res;
});
