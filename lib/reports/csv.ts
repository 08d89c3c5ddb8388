/**
 * CSV / JSON export of a report's frozen runs. CSV cells are RFC 4180 quoted and protected
 * against spreadsheet formula injection (OWASP "CSV injection"): a text cell starting with
 * = + - @ (also after leading whitespace or a line feed), TAB, CR or LF gets a leading apostrophe, so Excel/LibreOffice show it as text instead of
 * evaluating it. Numbers are written as numbers (they cannot carry a formula).
 */
import { EXPLORE_KNOBS } from '@/lib/explore/knobs';
import { METRIC_KEYS } from '@/lib/metrics/keys';
import type { SnapshotRun } from './types';

/**
 * Starts a formula: = + - @ (also after leading whitespace or control characters, which
 * spreadsheet programs skip when they guess the cell type), or a TAB, CR or LF of its own.
 */
const DANGEROUS_START = /^[\s\u0000-\u001f]*[=+\-@]|^[\t\r\n]/;

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = typeof v === 'string' ? v : JSON.stringify(v);
  if (DANGEROUS_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** One row per run: identity, provenance, flags from the frozen view, every knob and metric present. */
export function runsToCsv(
  runs: SnapshotRun[],
  flags: { frontier: Set<number>; feasible?: Set<number>; recommended?: number | null } = { frontier: new Set() },
): string {
  const extraKnobs = new Set<string>();
  const metrics = new Set<string>();
  for (const r of runs) {
    for (const k of Object.keys(r.knobs)) if (!(EXPLORE_KNOBS as readonly string[]).includes(k)) extraKnobs.add(k);
    for (const k of Object.keys(r.metrics)) metrics.add(k);
  }
  const metricCols = METRIC_KEYS.filter((k) => metrics.has(k));
  const knobCols = [...EXPLORE_KNOBS, ...[...extraKnobs].sort()];
  const header = [
    'run_id',
    'label',
    'model',
    'gpu_model',
    'gpu_count',
    'engine',
    'simulated',
    'source_kind',
    'source_format',
    'source_file',
    'on_frontier',
    'meets_slo',
    'recommended',
    ...knobCols.map((k) => `knob.${k}`),
    ...metricCols,
  ];
  const rows = runs.map((r) => [
    r.id,
    r.label,
    r.model.id,
    r.hardware.gpu_model,
    r.hardware.gpu_count,
    r.engine.name,
    r.hardware.simulated,
    r.source.kind,
    r.source.format ?? null,
    r.source.file_name ?? null,
    flags.frontier.has(r.id),
    flags.feasible ? flags.feasible.has(r.id) : null,
    flags.recommended === r.id,
    ...knobCols.map((k) => (r.knobs as Record<string, unknown>)[k] ?? null),
    ...metricCols.map((k) => r.metrics[k] ?? null),
  ]);
  return toCsv(header, rows);
}

export function safeFileName(title: string): string {
  return (
    title
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'report'
  ).toLowerCase();
}
