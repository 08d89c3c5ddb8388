import { z } from 'zod';
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { forwardAuthCookies } from '@/lib/auth/cookie';
import { requireRole } from '@/lib/auth/guard';
import { changeOwnPassword } from '@/lib/auth/service';
import { ForbiddenError } from '@/lib/errors';
import { TooManyRequestsError } from '@/lib/auth/errors';
import { handler, parseBody, toResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * POST /api/auth/password {current, password}: change your own password (browser session only).
 * better-auth checks the current password, ends every session of the account and gives this
 * browser a new one; the user's API tokens are revoked (`tokensRevoked` says how many). Wrong
 * current passwords are rate limited like logins (429 with Retry-After).
 */
export const POST = handler(async (req: Request) => {
  const p = await requireRole(req, 'viewer');
  if (p.via !== 'session' || p.userId === null)
    throw new ForbiddenError('change your password from a logged-in browser session');
  const body = await parseBody(req, z.object({ current: z.string().min(1, 'required'), password: z.string() }));
  try {
    const r = await changeOwnPassword(getDb(), {
      userId: p.userId,
      cookie: req.headers.get('cookie') ?? '',
      current: body.current,
      password: body.password,
    });
    return forwardAuthCookies(NextResponse.json({ ok: true, tokensRevoked: r.tokensRevoked }), req, r.cookies);
  } catch (err) {
    if (!(err instanceof TooManyRequestsError)) throw err;
    const res = toResponse(err);
    res.headers.set('Retry-After', String(err.retryAfterS));
    return res;
  }
});
