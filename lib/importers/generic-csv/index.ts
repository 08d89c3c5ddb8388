/**
 * Generic CSV or JSON (array of flat objects) with a user-built column mapping: each column maps
 * to a metric (with its unit), a knob, a workload field, or a record field. Never auto-detected:
 * chosen with format "generic" plus a mapping (UI mapping editor, or `--mapping file.json`).
 */
import type { MetricKey } from '@/lib/metrics/keys';
import { isMetricKey } from '@/lib/metrics/keys';
import { buildRun, isObj, num, posInt, standardWarnings, toJ, toMs, toW } from '../common';
import { readCsvObjects, readCsvRows, readJson } from '../text';
import { ImportError, type ColumnMapping, type Importer } from '../types';

export const GENERIC_TARGETS = ['model', 'gpu_model', 'gpu_count', 'engine', 'label', 'ignore'] as const;

/** Converts a value in `unit` to the metric's canonical unit (ms, s, J, W; others as is). */
export function convertMetric(key: MetricKey, v: number, unit: string | undefined): number {
  if (!unit) return v;
  if (key.includes('_ms_')) {
    const ms = toMs(v, unit);
    if (ms === undefined) throw new Error(`unit "${unit}" is not a time unit`);
    return ms;
  }
  if (key === 'duration_s') {
    const ms = toMs(v, unit);
    if (ms === undefined) throw new Error(`unit "${unit}" is not a time unit`);
    return ms / 1000;
  }
  if (key.endsWith('_j')) {
    const j = toJ(v, unit);
    if (j === undefined) throw new Error(`unit "${unit}" is not an energy unit`);
    return j;
  }
  if (key.endsWith('_w')) {
    const w = toW(v, unit);
    if (w === undefined) throw new Error(`unit "${unit}" is not a power unit`);
    return w;
  }
  return v;
}

export function validateMapping(m: unknown): ColumnMapping {
  if (!isObj(m) || !isObj(m.columns))
    throw new Error('mapping must be {"columns": {"<column>": {"target": "...", "unit"?: "..."}}}');
  for (const [col, t] of Object.entries(m.columns)) {
    if (!isObj(t) || typeof t.target !== 'string') throw new Error(`mapping for column "${col}": target missing`);
    const tg = t.target;
    const ok =
      (GENERIC_TARGETS as readonly string[]).includes(tg) ||
      (tg.startsWith('metric:') && isMetricKey(tg.slice(7))) ||
      /^(knob|workload):[A-Za-z_][\w.-]*$/.test(tg);
    if (!ok) throw new Error(`mapping for column "${col}": unknown target "${tg}"`);
  }
  return m as unknown as ColumnMapping;
}

/**
 * Column names of a generic CSV or JSON file (keys of the first object), for the mapping editor.
 * Takes the file's text or, for large files, its head: a truncated JSON array still yields the
 * keys of its first complete object.
 */
export function detectColumns(text: string): string[] {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      const v = JSON.parse(t) as unknown;
      const first = Array.isArray(v) ? v[0] : v;
      return isObj(first) ? Object.keys(first) : [];
    } catch {
      // Head of a large array: parse its first object alone.
      const start = t.indexOf('{');
      for (let end = t.indexOf('}', start); start !== -1 && end !== -1; end = t.indexOf('}', end + 1)) {
        try {
          const o = JSON.parse(t.slice(start, end + 1)) as unknown;
          return isObj(o) ? Object.keys(o) : [];
        } catch {
          /* keep extending */
        }
      }
      return [];
    }
  }
  const nl = t.indexOf('\n');
  try {
    const rows = readCsvRows('columns', nl === -1 ? t : t.slice(0, nl));
    return (rows[0]?.cells ?? []).map((c) => c.trim()).filter(Boolean);
  } catch {
    return [];
  }
}

export const genericImporter: Importer = {
  id: 'generic',
  confidence: 0.01,
  label: 'Generic CSV/JSON with a column mapping',
  detect: () => false,
  parse(text, ctx) {
    const f = ctx.name;
    if (!ctx.mapping)
      throw new ImportError(
        f,
        undefined,
        'generic import needs a column mapping (map each column to a metric, knob or field)',
      );
    let mapping: ColumnMapping;
    try {
      mapping = validateMapping(ctx.mapping);
    } catch (e) {
      throw new ImportError(f, 'mapping', (e as Error).message);
    }
    const t = text.trimStart();
    let rows: { obj: Record<string, unknown>; where: string }[];
    if (t.startsWith('[') || t.startsWith('{')) {
      const v = readJson(f, text);
      const arr = Array.isArray(v) ? v : [v];
      rows = arr.map((o, i) => {
        if (!isObj(o)) throw new ImportError(f, `item ${i}`, 'expected an object');
        return { obj: o, where: `item ${i}` };
      });
    } else rows = readCsvObjects(f, text).rows.map((r) => ({ obj: r.obj, where: `line ${r.line}` }));
    if (!rows.length) throw new ImportError(f, undefined, 'no rows');
    const cols = Object.keys(rows[0].obj);
    for (const c of Object.keys(mapping.columns))
      if (!cols.includes(c) && mapping.columns[c].target !== 'ignore')
        throw new ImportError(f, `column "${c}"`, 'mapped column not found in file');
    const warnings: string[] = [];
    const runs = rows.map(({ obj, where }) => {
      const d = {
        label: '',
        metrics: {} as Partial<Record<MetricKey, number>>,
        knobs: {} as Record<string, unknown>,
        workload: {} as Record<string, unknown>,
      } as Parameters<typeof buildRun>[2] & { knobs: Record<string, unknown>; workload: Record<string, unknown> };
      for (const [col, { target, unit }] of Object.entries(mapping.columns)) {
        const raw = obj[col];
        if (raw === undefined || raw === '' || raw === null || target === 'ignore') continue;
        const key = `${where}: ${col}`;
        if (target.startsWith('metric:')) {
          const mk = target.slice(7) as MetricKey;
          const n = num(f, key, raw)!;
          try {
            d.metrics[mk] = convertMetric(mk, n, unit);
          } catch (e) {
            throw new ImportError(f, key, (e as Error).message);
          }
        } else if (target.startsWith('knob:')) {
          const k = target.slice(5);
          d.knobs[k] =
            typeof raw === 'number' || typeof raw === 'boolean'
              ? raw
              : /^-?\d+(\.\d+)?$/.test(String(raw))
                ? Number(raw)
                : String(raw);
        } else if (target.startsWith('workload:'))
          d.workload[target.slice(9)] =
            typeof raw === 'number' ? raw : /^-?\d+(\.\d+)?$/.test(String(raw)) ? Number(raw) : String(raw);
        else if (target === 'gpu_count') d.gpu_count = posInt(f, key, raw);
        else if (target === 'model') d.model = String(raw);
        else if (target === 'gpu_model') d.gpu_model = String(raw);
        else if (target === 'engine') d.engine = String(raw);
        else if (target === 'label') d.label = String(raw);
      }
      if (!d.label) d.label = `${f} ${where}`;
      return buildRun(ctx, 'generic', d, warnings, where);
    });
    const units = Object.entries(mapping.columns).filter(([, t]) => t.target.startsWith('metric:') && !t.unit);
    if (units.length)
      warnings.push(`no unit given for ${units.map(([c]) => c).join(', ')}: values taken in the metric's own unit`);
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};
