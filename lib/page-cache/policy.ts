/**
 * Which requests the page cache answers, and under which key. Only whole-document GETs of the
 * explorer and of the fitted models page: the explorer's first HTML carries the chart
 * (app/explore/page.tsx) and /models pools every run of a model on a GPU into configurations and
 * fits, so on a large study the server's render is most of what a reader waits for (1M runs:
 * ~40 and ~140 ms warm), and the same URL is loaded again and again (a reload, a link passed
 * round a team). Both depend on nothing but the URL, who is asking (the header's account menu)
 * and the database (their bootstrap is seeded), so those three are the key:
 *  - the slot: the principal (kind, user, token, role, name) and the path with its query;
 *  - the version: dataVersion, which moves on any commit by any connection.
 * Shared report pages (/r/...) are left out: a link can expire with no write to the database.
 */
import type { Principal } from '@/lib/auth/principal';

export const CACHED_PATHS: readonly string[] = ['/explore', '/models'];

/** Set on the server's request to itself: render normally (and never from the cache). */
export const RENDER_HEADER = 'x-jb-page-cache';

/**
 * Requests for something other than the whole document or for a part of it. Next removes its
 * flight headers (rsc, next-router-*) and the _rsc parameter before the proxy sees a request, so
 * a client navigation is told apart by the browser's own Sec-Fetch-Dest (below); these are
 * checked as well in case a version of Next passes them on.
 */
const VARIANT_HEADERS = [
  'rsc',
  'next-router-state-tree',
  'next-router-prefetch',
  'next-router-segment-prefetch',
  'next-action',
  'range',
  RENDER_HEADER,
];

export interface PageRequest {
  method: string;
  pathname: string;
  headers: { has(name: string): boolean; get(name: string): string | null };
}

export function pageCacheApplies(req: PageRequest): boolean {
  return (
    req.method === 'GET' &&
    CACHED_PATHS.includes(req.pathname) &&
    isDocumentRequest(req.headers) &&
    !VARIANT_HEADERS.some((h) => req.headers.has(h))
  );
}

/**
 * A browser says what it fetches (every browser Next supports sends Sec-Fetch-Dest): the whole
 * page is "document"; a client navigation or prefetch is a fetch() ("empty"), which must get the
 * RSC payload, not the cached HTML. No Sec-Fetch-Dest at all: a script or curl asking for the page.
 */
function isDocumentRequest(headers: PageRequest['headers']): boolean {
  const dest = headers.get('sec-fetch-dest');
  return dest === null || dest === 'document';
}

export function pageSlot(p: Principal, pathAndQuery: string): string {
  return JSON.stringify([p.via, p.userId, p.tokenId ?? null, p.role, p.name, pathAndQuery]);
}
