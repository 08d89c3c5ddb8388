/**
 * The page cache, as proxy.ts uses it: after the request's principal is known, a cacheable page
 * is answered from memory when it was rendered at the current data version for the same
 * principal and URL. Otherwise the server renders it by requesting it from itself (a loopback
 * GET carrying RENDER_HEADER, which this proxy lets through to Next), keeps the HTML and sends
 * it. Anything but a plain 200 HTML page without cookies is not kept, and the caller falls back
 * to the normal render. docs/architecture.md "Data flow".
 */
import type { NextRequest } from 'next/server';
import type { DB } from '@/db/client';
import { dataVersion } from '@/db/queries/data-version';
import type { Principal } from '@/lib/auth/principal';
import { env } from '@/lib/env';
import { processWide } from '@/lib/process-wide';
import { pageCacheApplies, pageSlot, RENDER_HEADER } from './policy';
import { PageStore, type CachedPage } from './store';

/** Memory for cached pages (an explorer page of a 1M-run study is ~320 KB). */
const MAX_BYTES = 64 * 1024 * 1024;
/** A render that takes longer than this is abandoned (the caller renders it the normal way). */
const RENDER_TIMEOUT_MS = 120_000;
/** Request headers the page's render may depend on, passed to the server's request to itself. */
const FORWARDED = ['cookie', 'authorization', 'accept', 'accept-language', 'user-agent'];
/** Response headers not replayed: per response, per connection, or the encoding (chosen per request). */
const NOT_REPLAYED = new Set([
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'set-cookie',
]);

const store = processWide('page-cache', () => new PageStore(MAX_BYTES));

/** The cached (or freshly rendered and now cached) page, or null: let Next render this request. */
export async function fromPageCache(req: NextRequest, db: DB, principal: Principal): Promise<Response | null> {
  const origin = env('JOULEBENCH_SELF_ORIGIN');
  const request = { method: req.method, pathname: req.nextUrl.pathname, headers: req.headers };
  if (!origin || !env('JOULEBENCH_PAGE_CACHE') || !pageCacheApplies(request)) return null;
  const url = req.nextUrl.pathname + req.nextUrl.search;
  const { page, hit } = await store.fetch(pageSlot(principal, url), dataVersion(db), () =>
    renderFromSelf(origin + url, req.headers),
  );
  return page ? pageResponse(page, hit) : null;
}

async function renderFromSelf(url: string, from: Headers): Promise<CachedPage | null> {
  const headers = new Headers({ [RENDER_HEADER]: 'render', 'accept-encoding': 'identity' });
  for (const h of FORWARDED) {
    const v = from.get(h);
    if (v !== null) headers.set(h, v);
  }
  try {
    const res = await fetch(url, {
      headers,
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.timeout(RENDER_TIMEOUT_MS),
    });
    const html = res.headers.get('content-type')?.startsWith('text/html');
    if (res.status !== 200 || !html || res.headers.has('set-cookie')) {
      await res.body?.cancel();
      return null;
    }
    const body = Buffer.from(await res.arrayBuffer());
    const replayed = [...res.headers].filter(([k]) => !NOT_REPLAYED.has(k.toLowerCase()));
    return { body, headers: replayed };
  } catch {
    return null; // the server could not reach itself (or took too long): render the normal way
  }
}

/** The page as a response. Next compresses it (gzip, when the browser asks) as it does every page. */
function pageResponse(page: CachedPage, hit: boolean): Response {
  const headers = new Headers(page.headers);
  headers.set(RENDER_HEADER, hit ? 'hit' : 'miss');
  return new Response(new Uint8Array(page.body), { status: 200, headers });
}
