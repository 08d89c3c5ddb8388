import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { userCount } from '@/db/queries/users';
import { credentialsSchema } from '@/lib/auth/api';
import { forwardAuthCookies } from '@/lib/auth/cookie';
import { isNotCrossSite, requestHostKnown, UNKNOWN_HOST_MESSAGE } from '@/lib/auth/csrf';
import { setupFirstAdmin, signInSession } from '@/lib/auth/service';
import { ZodError } from 'zod';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/errors';
import { handler, json, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/setup -> { needed }: true while no account exists. */
export const GET = handler(async () => json({ needed: userCount(getDb()) === 0 }));

/**
 * POST /api/setup {name, password}: creates the FIRST admin (through better-auth) and logs it in.
 * Public by design (there is nobody to authenticate yet) and refused with 409 as soon as any
 * account exists.
 */
export const POST = handler(async (req: Request) => {
  const isForm = (req.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
  // DNS rebinding: a page under attacker.example resolving to us is "same-origin" with its own Host.
  if (!requestHostKnown(req)) {
    if (isForm) return new NextResponse(null, { status: 303, headers: { location: '/setup?error=host' } });
    throw new ForbiddenError(UNKNOWN_HOST_MESSAGE);
  }
  if (!isNotCrossSite(req)) throw new ForbiddenError('cross-origin request refused');
  if (isForm) return formSetup(req);
  const body = await parseBody(req, credentialsSchema);
  return createAndSignIn(req, body, (user) => NextResponse.json({ user }, { status: 201 }));
});

async function createAndSignIn(
  req: Request,
  body: { name: string; password: string },
  respond: (user: unknown) => Response,
): Promise<Response> {
  const db = getDb();
  const user = await setupFirstAdmin(db, body);
  const s = await signInSession(db, { ...body, userAgent: req.headers.get('user-agent') });
  return forwardAuthCookies(respond(user), req, s.cookies);
}

/** The setup form posted natively (before its JavaScript loaded): 303 to the dashboard or back. */
async function formSetup(req: Request): Promise<Response> {
  const f = new URLSearchParams(await req.text());
  const see = (location: string) => new NextResponse(null, { status: 303, headers: { location } });
  // The page shows a fixed message per code (SETUP_ERRORS), never text from the URL.
  const back = (error: string) => see(`/setup?${new URLSearchParams({ error })}`);
  const name = f.get('name') ?? '';
  const password = f.get('password') ?? '';
  if (password !== (f.get('confirm') ?? password)) return back('differ');
  try {
    return await createAndSignIn(req, credentialsSchema.parse({ name, password }), () => see('/'));
  } catch (e) {
    if (e instanceof ConflictError) return back('closed');
    const msg = e instanceof Error ? e.message : '';
    if (e instanceof ZodError || e instanceof ValidationError)
      return back(/password/i.test(msg) ? 'password' : /name/i.test(msg) ? 'name' : 'failed');
    throw e;
  }
}
