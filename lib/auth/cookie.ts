/**
 * better-auth writes the session cookie (name, signed value, HttpOnly, SameSite=Lax, Path=/,
 * Max-Age); our wrappers pass its Set-Cookie headers on and add `Secure` when the request came
 * over https, which better-auth can only decide once per process (it is configured with
 * `useSecureCookies: false` for that reason).
 */
import { SESSION_COOKIE } from './auth';

export function isHttps(req: Request): boolean {
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0].trim();
  if (proto) return proto === 'https';
  try {
    return new URL(req.url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Copies better-auth's Set-Cookie headers onto our response (with Secure behind https). */
export function forwardAuthCookies(res: Response, req: Request, from: Headers | null | undefined): Response {
  const secure = isHttps(req);
  for (const c of from?.getSetCookie() ?? [])
    res.headers.append('set-cookie', secure && !/;\s*secure\b/i.test(c) ? `${c}; Secure` : c);
  return res;
}

/** Deletes the session cookie (a stale or foreign one), with the same attributes better-auth sets. */
export function clearSessionCookie(res: Response, req: Request): Response {
  res.headers.append(
    'set-cookie',
    `${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax${isHttps(req) ? '; Secure' : ''}`,
  );
  return res;
}
