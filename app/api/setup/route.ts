import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { userCount } from '@/db/queries/users';
import { credentialsSchema } from '@/lib/auth/api';
import { forwardAuthCookies } from '@/lib/auth/cookie';
import { isNotCrossSite } from '@/lib/auth/csrf';
import { setupFirstAdmin, signInSession } from '@/lib/auth/service';
import { ForbiddenError } from '@/lib/errors';
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
  if (!isNotCrossSite(req)) throw new ForbiddenError('cross-origin request refused');
  if ((req.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return formSetup(req);
  const body = await parseBody(req, credentialsSchema);
  return createAndSignIn(req, body, (user) => NextResponse.json({ user }, { status: 201 }));
});

async function createAndSignIn(req: Request, body: { name: string; password: string }, respond: (user: unknown) => Response): Promise<Response> {
  const db = getDb();
  const user = await setupFirstAdmin(db, body);
  const s = await signInSession(db, { ...body, userAgent: req.headers.get('user-agent') });
  return forwardAuthCookies(respond(user), req, s.cookies);
}

/** The setup form posted natively (before its JavaScript loaded): 303 to the dashboard or back. */
async function formSetup(req: Request): Promise<Response> {
  const f = new URLSearchParams(await req.text());
  const see = (location: string) => new NextResponse(null, { status: 303, headers: { location } });
  const name = f.get('name') ?? '';
  const password = f.get('password') ?? '';
  if (password !== (f.get('confirm') ?? password)) return see(`/setup?${new URLSearchParams({ error: 'the two passwords differ' })}`);
  try {
    return await createAndSignIn(req, credentialsSchema.parse({ name, password }), () => see('/'));
  } catch (e) {
    return see(`/setup?${new URLSearchParams({ error: e instanceof Error ? e.message.slice(0, 200) : 'setup failed' })}`);
  }
}
