/**
 * React Query keys and options, one factory per resource. The server page that prefetches (or
 * passes initial data) and the client component that refetches build keys with the same
 * functions, so the two can never disagree on what "the same query" is. Client-safe.
 */
import { apiFetch } from './api';

export const RUNS_PAGE_SIZE = 50;

/** The /api/runs query of a runs-table URL: every filter kept (repeated keys included), limit defaulted. */
export function runsApiParams(urlParams: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams(urlParams);
  if (!p.has('limit')) p.set('limit', String(RUNS_PAGE_SIZE));
  return p;
}

export const queryKeys = {
  runs: () => ['runs'] as const,
  runsPage: (urlParams: URLSearchParams) => ['runs', runsApiParams(urlParams).toString()] as const,
  imports: () => ['imports'] as const,
  sweep: (id: number) => ['sweep', id] as const,
  sweepSamples: (pointId: number, attempt: number) => ['sweep-samples', pointId, attempt] as const,
  sweepLogs: (pointId: number, attempt: number) => ['sweep-logs', pointId, attempt] as const,
  reportLinks: (reportId: number) => ['report-links', reportId] as const,
};

export function runsPageQuery<T>(urlParams: URLSearchParams) {
  return {
    queryKey: queryKeys.runsPage(urlParams),
    queryFn: ({ signal }: { signal?: AbortSignal }) => apiFetch<T>(`/api/runs?${runsApiParams(urlParams)}`, { signal }),
  };
}

export function sweepQuery<T>(id: number) {
  return { queryKey: queryKeys.sweep(id), queryFn: () => apiFetch<T>(`/api/sweeps/${id}`) };
}

/** A report's share links (owner's panel); invalidated after a link is created or revoked. */
export function reportLinksQuery<T>(reportId: number) {
  return {
    queryKey: queryKeys.reportLinks(reportId),
    queryFn: ({ signal }: { signal?: AbortSignal }) => apiFetch<T>(`/api/reports/${reportId}/links`, { signal }),
    // Opens and expiry change without this panel knowing: always read afresh on mount.
    staleTime: 0,
  };
}
