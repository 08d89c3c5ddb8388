/** Helpers for report routes: public base URL for share links, export responses. */
import { runsToCsv, safeFileName } from './csv';
import { feasibleIds } from './analysis';
import type { ReportData } from './types';
import { ValidationError } from '@/lib/errors';

/** Base URL for share links: JOULEBENCH_PUBLIC_URL when set (behind a proxy), else the request's own origin. */
export function publicBaseUrl(req: Request): string {
  const env = process.env.JOULEBENCH_PUBLIC_URL?.replace(/\/+$/, '');
  if (env) return env;
  const u = new URL(req.url);
  const host = req.headers.get('x-forwarded-host')?.split(',')[0].trim() || req.headers.get('host') || u.host;
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0].trim() || u.protocol.replace(':', '');
  return `${proto}://${host}`;
}

/** CSV or JSON download of a report's frozen runs. */
export function exportResponse(data: ReportData, format: string | null): Response {
  const name = safeFileName(data.title);
  const ev = data.snapshot.explorer;
  if (format === 'json' || format === null) {
    const body = JSON.stringify(
      { report: { id: data.id, title: data.title, created_at: data.createdAt, frozen_at: data.snapshot.frozenAt, view: data.query }, headline: data.headline, provenance: data.provenance, runs: data.snapshot.runs },
      null,
      2,
    );
    return new Response(body, {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${name}-runs.json"`, 'x-content-type-options': 'nosniff' },
    });
  }
  if (format === 'csv') {
    const csv = runsToCsv(data.snapshot.runs, {
      frontier: new Set(ev.frontier),
      feasible: feasibleIds(data.snapshot.runs, data.view.slo),
      recommended: ev.recommended,
    });
    return new Response(csv, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}-runs.csv"`, 'x-content-type-options': 'nosniff' },
    });
  }
  throw new ValidationError(`format: must be csv or json, got "${format}"`);
}
