import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { credentialsSchema } from '@/lib/auth/api';
import { setSessionCookie } from '@/lib/auth/cookie';
import { isNotCrossSite } from '@/lib/auth/csrf';
import { TooManyRequestsError } from '@/lib/auth/errors';
import { clientIp } from '@/lib/auth/rate-limit';
import { login } from '@/lib/auth/service';
import { ForbiddenError } from '@/lib/errors';
import { handler, parseBody, toResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/auth/login {name, password} -> sets the session cookie; 401 wrong credentials, 429 rate limited. */
export const POST = handler(async (req: Request) => {
  if (!isNotCrossSite(req)) throw new ForbiddenError('cross-origin request refused');
  const body = await parseBody(req, credentialsSchema);
  try {
    const r = await login(getDb(), { ...body, ip: clientIp(req) });
    const res = NextResponse.json({ user: r.user });
    setSessionCookie(res, req, r.token, r.expiresAt);
    return res;
  } catch (err) {
    if (err instanceof TooManyRequestsError) {
      const res = toResponse(err);
      res.headers.set('Retry-After', String(err.retryAfterS));
      return res;
    }
    throw err;
  }
});
