/**
 * CSRF defence for cookie-authenticated mutations: the browser must say the request comes from
 * our own origin. Browsers always send `Origin` on cross-origin POST/PUT/PATCH/DELETE (and
 * `Sec-Fetch-Site` on all modern engines), and a page on another site cannot forge either.
 * Bearer-token requests are exempt: a browser never attaches our bearer token by itself.
 * Combined with SameSite=Lax cookies this is defence in depth.
 */
import { env } from '@/lib/env';
function hostsOf(req: Request): Set<string> {
  const hosts = new Set<string>();
  try {
    hosts.add(new URL(req.url).host.toLowerCase());
  } catch {
    /* relative URL in tests */
  }
  const h = req.headers.get('host');
  if (h) hosts.add(h.toLowerCase());
  // A reverse proxy's X-Forwarded-Host counts only when the operator says one is in front.
  const fwd = env('JOULEBENCH_TRUST_PROXY') ? req.headers.get('x-forwarded-host') : null;
  if (fwd) for (const x of fwd.split(',')) hosts.add(x.trim().toLowerCase());
  for (const o of env('JOULEBENCH_ALLOWED_ORIGINS')) {
    const t = o.trim();
    if (!t) continue;
    try {
      hosts.add(new URL(t).host.toLowerCase());
    } catch {
      /* ignore malformed entries */
    }
  }
  return hosts;
}

/**
 * The same hosts as origins (http and https each), for better-auth's `trustedOrigins`: whatever
 * host the app is served on is trusted for itself, plus JOULEBENCH_PUBLIC_URL and
 * JOULEBENCH_ALLOWED_ORIGINS. Without a request (better-auth's start-up), only the configured ones.
 */
export function trustedOrigins(req?: Request): string[] {
  const hosts = req ? hostsOf(req) : new Set<string>();
  for (const o of [env('JOULEBENCH_PUBLIC_URL') ?? '', ...env('JOULEBENCH_ALLOWED_ORIGINS')]) {
    try {
      if (o.trim()) hosts.add(new URL(o.trim()).host.toLowerCase());
    } catch {
      /* ignore malformed entries */
    }
  }
  return [...hosts].flatMap((h) => [`http://${h}`, `https://${h}`]);
}

/** Host names (host:port) from JOULEBENCH_PUBLIC_URL and JOULEBENCH_ALLOWED_ORIGINS. */
function configuredHosts(): Set<string> {
  const hosts = new Set<string>();
  for (const o of [env('JOULEBENCH_PUBLIC_URL') ?? '', ...env('JOULEBENCH_ALLOWED_ORIGINS')]) {
    try {
      if (o.trim()) hosts.add(new URL(o.trim()).host.toLowerCase());
    } catch {
      /* ignore malformed entries */
    }
  }
  return hosts;
}

/** The name part of a Host value ("[::1]:3000" -> "[::1]", "a.b:80" -> "a.b"). */
function hostName(host: string): string {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * Whether a Host header value is one this server answers browsers under. DNS rebinding points an
 * attacker's name at our address, so the browser sends `Host: attacker.example`; names are
 * therefore accepted only when they are loopback names (localhost, *.localhost) or configured
 * (JOULEBENCH_PUBLIC_URL, JOULEBENCH_ALLOWED_ORIGINS). IP literals are always accepted: a
 * rebinding page can only send its own domain name, never an address, as its Host.
 */
export function isKnownHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  if (configuredHosts().has(h)) return true;
  const name = hostName(h);
  if (!name) return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.startsWith('[')) return true; // IPv4 / IPv6 literal (URL normalises them)
  return false;
}

/** The Host the browser used (X-Forwarded-Host behind a trusted proxy) is a known one (see isKnownHost). */
export function requestHostKnown(req: Request): boolean {
  const fwd = env('JOULEBENCH_TRUST_PROXY') ? req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  let host = fwd || req.headers.get('host');
  if (!host) {
    try {
      host = new URL(req.url).host;
    } catch {
      return false;
    }
  }
  return isKnownHost(host);
}

export const UNKNOWN_HOST_MESSAGE =
  'unknown host: browsers may set up, log in and change things only under localhost, an IP address, JOULEBENCH_PUBLIC_URL or JOULEBENCH_ALLOWED_ORIGINS (protection against DNS rebinding); set JOULEBENCH_PUBLIC_URL to the address you use';

/**
 * Strict: the request must prove it is same-origin (Origin matches, or Sec-Fetch-Site:
 * same-origin), and it must come under a known host (DNS rebinding makes a hostile page
 * same-origin with us under its own name).
 */
export function isSameOrigin(req: Request): boolean {
  if (!requestHostKnown(req)) return false;
  const origin = req.headers.get('origin');
  if (origin && origin !== 'null') {
    try {
      return hostsOf(req).has(new URL(origin).host.toLowerCase());
    } catch {
      return false;
    }
  }
  return req.headers.get('sec-fetch-site') === 'same-origin';
}

/**
 * Lenient: for requests that carry no cookie credential yet (setup, login): refuse only what is
 * visibly cross-site, so non-browser clients (curl, the CLI) can still call them.
 */
export function isNotCrossSite(req: Request): boolean {
  if (!requestHostKnown(req)) return false;
  const origin = req.headers.get('origin');
  if (origin) return isSameOrigin(req);
  const site = req.headers.get('sec-fetch-site');
  return !site || site === 'same-origin' || site === 'none';
}
