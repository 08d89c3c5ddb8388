import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { clearSessionCookie, forwardAuthCookies } from '@/lib/auth/cookie';
import { isSameOrigin, requestHostKnown, UNKNOWN_HOST_MESSAGE } from '@/lib/auth/csrf';
import { cookieValue, SESSION_COOKIE } from '@/lib/auth/principal';
import { logout } from '@/lib/auth/service';
import { ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { handler } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/auth/logout: ends the better-auth session of the cookie (same-origin only, so no forced logout). */
export const POST = handler(async (req: Request) => {
  const cookie = req.headers.get('cookie') ?? '';
  if (!cookieValue(cookie, SESSION_COOKIE)) throw new UnauthorizedError('not logged in');
  if (!requestHostKnown(req)) throw new ForbiddenError(UNKNOWN_HOST_MESSAGE);
  if (!isSameOrigin(req)) throw new ForbiddenError('cross-origin request refused');
  const cookies = await logout(getDb(), cookie);
  const res = forwardAuthCookies(NextResponse.json({ ok: true }), req, cookies);
  // better-auth expires the cookie only when it could read it; expire it in any case.
  if (!res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))) clearSessionCookie(res, req);
  return res;
});
