/**
 * Access proxy (Next 16's middleware): runs before every page and API request, on the Node.js
 * runtime, so it can resolve better-auth sessions and our API tokens from SQLite directly.
 *  - Public paths (login, setup, share links /r/..., health) pass.
 *  - A valid session cookie or bearer token passes (roles are checked by each route's guard).
 *  - No account yet (fresh install): pages and read APIs pass (open read-only mode); mutating
 *    APIs get 401 here already (the route guards refuse them too).
 *  - Otherwise pages redirect to /login?next=..., APIs answer 401.
 *  - A page the page cache holds (lib/page-cache) is answered here, after the checks above.
 * Route handlers still call requireRole/requireReader: this is the outer layer, not the only one.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { isPublicPath } from '@/lib/auth/access-policy';
import { clearSessionCookie } from '@/lib/auth/cookie';
import { isOpenInstall, OPEN_READER, resolveCredentials } from '@/lib/auth/principal';
import { fromPageCache } from '@/lib/page-cache/serve';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function unauthorized(message: string) {
  return NextResponse.json({ error: { code: 'unauthorized', message } }, { status: 401 });
}

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const passHeaders = new Headers(req.headers);
  passHeaders.set('x-jb-path', pathname + search);
  const pass = () => NextResponse.next({ request: { headers: passHeaders } });
  if (isPublicPath(pathname)) return pass();

  const db = getDb();
  const r = await resolveCredentials(db, {
    authorization: req.headers.get('authorization'),
    cookie: req.headers.get('cookie'),
  });
  // The explorer's page, when this principal saw this URL at this data version (lib/page-cache).
  if (r.kind === 'principal') return (await fromPageCache(req, db, r.principal)) ?? pass();

  const isApi = pathname.startsWith('/api/');
  if (isApi) {
    if (r.kind === 'invalid' && req.headers.has('authorization')) return unauthorized(r.reason);
    if (MUTATING.has(req.method))
      return unauthorized('authentication required: log in, or send "Authorization: Bearer <token>"');
    if (isOpenInstall(db)) return pass();
    return unauthorized('authentication required: log in, or send "Authorization: Bearer <token>"');
  }
  if (isOpenInstall(db)) return (await fromPageCache(req, db, OPEN_READER)) ?? pass();
  const url = req.nextUrl.clone();
  url.pathname = '/login';
  url.search = `?next=${encodeURIComponent(pathname + search)}`;
  const res = NextResponse.redirect(url);
  if (r.kind === 'invalid') clearSessionCookie(res, req);
  return res;
}

export const config = {
  // Everything except Next's own paths (static assets, images, dev HMR socket), files with an
  // extension in /public, and exactly /api/imports and /api/workloads: Next buffers the body of
  // every request the proxy sees, in memory and cut at `proxyClientMaxBodySize` (10 MB), so uploads
  // up to the documented 200 MB (imports) and 32 MB (traces) must not pass through it. Those routes
  // read their bodies with a limit and check access themselves (requireRole / requireReader), like
  // every route; /api/imports/:id/... and /api/workloads/:id still pass here.
  matcher: ['/((?!_next/|api/imports$|api/workloads$|favicon\\.ico|.*\\.(?:png|svg|ico|txt|webmanifest)$).*)'],
};
