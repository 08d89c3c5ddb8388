/**
 * Data preparation for /compare (pure, no database, no React): the run ids of the URL, the
 * Positions chart's axes from the metric catalogue, and the overlaid total-power traces.
 */
import { categoryColor } from '@/components/charts/scale';
import type { AxisInfo } from '@/lib/explore/types';
import { knobLabel, knobValueText } from '@/lib/knobs/format';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 6;
export const COMPARE_USAGE = `Give ${MIN_COMPARE} to ${MAX_COMPARE} run ids: /compare?ids=1,2,3 (tick runs in the runs table and press Compare).`;

/**
 * `ids=1,2,3` -> the ids, or an error that says what is wrong: 2 to 6 distinct positive integer
 * ids, comma-separated (spaces around them are allowed).
 */
export function parseCompareIds(
  raw: string | undefined | null,
): { ok: true; ids: number[] } | { ok: false; error: string } {
  const parts = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = parts.filter((s) => !/^\d+$/.test(s) || Number(s) < 1 || !Number.isSafeInteger(Number(s)));
  if (bad.length)
    return { ok: false, error: `Not a run id: ${bad.map((b) => `"${b.slice(0, 40)}"`).join(', ')}. ${COMPARE_USAGE}` };
  const ids = parts.map(Number);
  const dup = ids.filter((n, i) => ids.indexOf(n) !== i);
  if (dup.length)
    return {
      ok: false,
      error: `Each run may appear once (repeated: ${[...new Set(dup)].map((d) => `#${d}`).join(', ')}). ${COMPARE_USAGE}`,
    };
  if (ids.length < MIN_COMPARE)
    return {
      ok: false,
      error: `${ids.length === 0 ? 'No run ids given' : `Only 1 run id given (#${ids[0]})`}: a comparison needs at least ${MIN_COMPARE}. ${COMPARE_USAGE}`,
    };
  if (ids.length > MAX_COMPARE)
    return {
      ok: false,
      error: `${ids.length} run ids given: at most ${MAX_COMPARE} can be compared. ${COMPARE_USAGE}`,
    };
  return { ok: true, ids };
}

/** Axis of the Positions chart: label, unit, definition, direction and group from the catalogue. */
export function compareAxis(key: MetricKey): AxisInfo {
  const d = METRIC_BY_KEY.get(key);
  if (!d) throw new Error(`unknown metric ${key}`);
  return {
    key,
    label: d.label,
    short: d.short,
    unit: d.unit,
    definition: d.definition,
    direction: d.direction,
    group: d.group,
    log: false,
    factor: 1,
  };
}

/** Downsampling bound of totalPower. */
export const MAX_TRACE_POINTS = 400;

/**
 * Sum of device power on the union of the devices' sample times (each device's sample held until
 * its next one; before its first sample a device counts with that first value). Downsampled to
 * at most MAX_TRACE_POINTS + 1 points (every k-th time), always keeping the first and last time.
 */
export function totalPower(rec: Pick<RunRecord, 'trace'>): { x: number; y: number }[] {
  const devs = (rec.trace?.devices ?? []).filter((d) => d.t_s.length > 0);
  if (!devs.length) return [];
  const times = [...new Set(devs.flatMap((d) => d.t_s))].sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(times.length / MAX_TRACE_POINTS));
  const out: { x: number; y: number }[] = [];
  const idx = devs.map(() => 0);
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    let sum = 0;
    devs.forEach((d, j) => {
      while (idx[j] + 1 < d.t_s.length && d.t_s[idx[j] + 1] <= t) idx[j]++;
      sum += d.power_w[idx[j]] ?? 0;
    });
    if (k % step === 0 || k === times.length - 1) out.push({ x: t, y: sum });
  }
  return out;
}

/**
 * One series per run that stores a trace, named `#<id> <label>`, in the run's colour (its position
 * in the comparison, as in the page's legend and the Positions chart: a run without a trace must
 * not shift the others' colours).
 */
export function compareTraces(
  runs: { id: number; rec: Pick<RunRecord, 'trace' | 'label'> }[],
): { name: string; color: string; points: { x: number; y: number }[] }[] {
  return runs
    .map((r, i) => ({ name: `#${r.id} ${r.rec.label}`, color: categoryColor(i), points: totalPower(r.rec) }))
    .filter((s) => s.points.length > 0);
}

/**
 * The configuration rows of the comparison (model, GPU, engine, then every knob any run sets,
 * labelled from the knob catalogue), each with its values as text and whether they differ
 * between the runs (a missing value differs from a set one).
 */
export function configRows(
  runs: { rec: Pick<RunRecord, 'model' | 'hardware' | 'engine' | 'knobs'> }[],
): { key: string; label: string; values: string[]; differs: boolean }[] {
  const row = (key: string, label: string, values: string[]) => ({
    key,
    label,
    values,
    differs: new Set(values).size > 1,
  });
  const knobKeys = [...new Set(runs.flatMap((r) => Object.keys(r.rec.knobs)))].sort();
  return [
    row(
      'model',
      'Model',
      runs.map((r) => r.rec.model.id),
    ),
    row(
      'gpu',
      'GPU',
      runs.map((r) => `${r.rec.hardware.gpu_count}× ${r.rec.hardware.gpu_model}`),
    ),
    row(
      'engine',
      'Engine',
      runs.map((r) => `${r.rec.engine.name} ${r.rec.engine.version ?? ''}`.trim()),
    ),
    ...knobKeys.map((k) =>
      row(
        k,
        knobLabel(k),
        runs.map((r) =>
          knobValueText(k, Object.hasOwn(r.rec.knobs, k) ? (r.rec.knobs as Record<string, unknown>)[k] : undefined),
        ),
      ),
    ),
  ];
}
