/**
 * View state in the URL: one helper for every page that keeps its filters, sort and paging in
 * the query string. Repeated keys (`model=a&model=b`) are kept as lists through every update:
 * never flatten a URLSearchParams with Object.fromEntries (it keeps only the last value).
 */
'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

/** A value to set: a string, a list (repeated key), or null/'' to remove the key. */
export type ParamPatch = Record<string, string | readonly string[] | null>;

/** `params` with `patch` applied (pure). Unless the patch names `offset`, paging restarts. */
export function patchParams(
  params: URLSearchParams,
  patch: ParamPatch,
  opts: { keepOffset?: boolean } = {},
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(patch)) {
    next.delete(key);
    if (value === null || value === '') continue;
    for (const v of typeof value === 'string' ? [value] : value) next.append(key, v);
  }
  if (!opts.keepOffset && !('offset' in patch)) next.delete('offset');
  return next;
}

/** The current query string and a setter that replaces it (no history entry, no scroll). */
export function useUrlParams(): { params: URLSearchParams; setParams: (patch: ParamPatch) => void } {
  const current = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  // One object per URL (not per render): effects that depend on it run when the URL changes.
  const params = useMemo(() => new URLSearchParams(current), [current]);
  const setParams = useCallback(
    (patch: ParamPatch) => router.replace(`${pathname}?${patchParams(params, patch).toString()}`, { scroll: false }),
    [params, router, pathname],
  );
  return { params, setParams };
}
