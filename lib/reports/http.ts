/** Helpers for report routes: public base URL for share links, export responses. */
import { runsToCsv, safeFileName } from './csv';
import { feasibleIds } from './analysis';
import type { ReportData } from './types';
import { ValidationError } from '@/lib/errors';
import { env } from '@/lib/env';

/** Base URL for share links: JOULEBENCH_PUBLIC_URL when set, else the request's own origin (X-Forwarded-* only with JOULEBENCH_TRUST_PROXY=1). */
export function publicBaseUrl(req: Request): string {
  const configured = env('JOULEBENCH_PUBLIC_URL')?.replace(/\/+$/, '');
  if (configured) return configured;
  const u = new URL(req.url);
  // Forwarded headers only behind a trusted proxy: otherwise a client could make the server mint
  // share links that point at another host.
  const trust = env('JOULEBENCH_TRUST_PROXY');
  const host =
    (trust && req.headers.get('x-forwarded-host')?.split(',')[0].trim()) || req.headers.get('host') || u.host;
  const proto = (trust && req.headers.get('x-forwarded-proto')?.split(',')[0].trim()) || u.protocol.replace(':', '');
  return `${proto}://${host}`;
}

/** CSV or JSON download of a report's frozen runs. */
export function exportResponse(data: ReportData, format: string | null): Response {
  const name = safeFileName(data.title);
  const ev = data.snapshot.explorer;
  if (format === 'json' || format === null) {
    const body = JSON.stringify(
      {
        report: {
          id: data.id,
          title: data.title,
          created_at: data.createdAt,
          frozen_at: data.snapshot.frozenAt,
          view: data.query,
        },
        headline: data.headline,
        provenance: data.provenance,
        runs: data.snapshot.runs,
      },
      null,
      2,
    );
    return new Response(body, {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${name}-runs.json"`,
        'x-content-type-options': 'nosniff',
      },
    });
  }
  if (format === 'csv') {
    const csv = runsToCsv(data.snapshot.runs, {
      frontier: new Set(ev.frontier),
      feasible: feasibleIds(data.snapshot.runs, data.view.slo),
      recommended: ev.recommended,
    });
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}-runs.csv"`,
        'x-content-type-options': 'nosniff',
      },
    });
  }
  throw new ValidationError(`format: must be csv or json, got "${format}"`);
}
