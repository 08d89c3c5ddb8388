import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { credentialsSchema } from '@/lib/auth/api';
import { forwardAuthCookies } from '@/lib/auth/cookie';
import { isNotCrossSite, requestHostKnown, UNKNOWN_HOST_MESSAGE } from '@/lib/auth/csrf';
import { TooManyRequestsError } from '@/lib/auth/errors';
import { clientIp } from '@/lib/auth/rate-limit';
import { safeNextPath } from '@/lib/auth/access-policy';
import { login } from '@/lib/auth/service';
import { AppError, ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { handler, parseBody, toResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

const isForm = (req: Request) =>
  (req.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');

/**
 * POST /api/auth/login {name, password} -> better-auth's session cookie; 401 wrong credentials,
 * 429 rate limited. A thin wrapper over better-auth's username sign-in: our CSRF check and login
 * rate limit around it, our JSON shape. The login form also posts here natively (urlencoded)
 * before its JavaScript has loaded: then the answer is a 303 to `next` (or back to /login with
 * the error), so a password never ends up in a URL.
 */
export const POST = handler(async (req: Request) => {
  if (!requestHostKnown(req)) {
    if (isForm(req)) return new NextResponse(null, { status: 303, headers: { location: '/login?error=host' } });
    throw new ForbiddenError(UNKNOWN_HOST_MESSAGE);
  }
  if (!isNotCrossSite(req)) throw new ForbiddenError('cross-origin request refused');
  if (isForm(req)) return formLogin(req);
  const body = await parseBody(req, credentialsSchema);
  try {
    const r = await login(getDb(), { ...body, ip: clientIp(req), userAgent: req.headers.get('user-agent') });
    return forwardAuthCookies(NextResponse.json({ user: r.user }), req, r.cookies);
  } catch (err) {
    if (err instanceof TooManyRequestsError) {
      const res = toResponse(err);
      res.headers.set('Retry-After', String(err.retryAfterS));
      return res;
    }
    throw err;
  }
});

async function formLogin(req: Request): Promise<Response> {
  const f = new URLSearchParams(await req.text());
  const next = safeNextPath(f.get('next'));
  // Relative Location (RFC 9110 allows it): the browser stays on the host it used, so the
  // cookie set here goes with the next request even behind a proxy that rewrites the host.
  const see = (location: string) => new NextResponse(null, { status: 303, headers: { location } });
  // The page shows a fixed message per code (LOGIN_ERRORS), never text from the URL.
  const back = (error: 'missing' | 'invalid' | 'locked' | 'failed') =>
    see(`/login?${new URLSearchParams({ next, error })}`);
  const parsed = credentialsSchema.safeParse({ name: f.get('name') ?? '', password: f.get('password') ?? '' });
  if (!parsed.success) return back('missing');
  try {
    const r = await login(getDb(), { ...parsed.data, ip: clientIp(req), userAgent: req.headers.get('user-agent') });
    return forwardAuthCookies(see(next), req, r.cookies);
  } catch (err) {
    if (err instanceof TooManyRequestsError) return back('locked');
    if (err instanceof UnauthorizedError) return back('invalid');
    if (err instanceof AppError) return back('failed');
    throw err;
  }
}
