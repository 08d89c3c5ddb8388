/**
 * Grouping runs into configurations. Two runs are repeats of one configuration when they agree on
 * model, GPU model and count, engine and version, measured-or-simulated, every knob, and the
 * workload (dataset). Keys are canonical JSON (knobs sorted by name), built in a Map (never an
 * object keyed by input).
 */
import type { Configuration, KnobValue, RunForConfig } from './types';

function sortedKnobs(knobs: Record<string, KnobValue>, omit: readonly string[] = []): [string, KnobValue][] {
  return Object.keys(knobs)
    .filter((k) => !omit.includes(k))
    .sort()
    .map((k) => [k, knobs[k]]);
}

export function configKey(r: RunForConfig): string {
  return JSON.stringify([
    r.model,
    r.gpu,
    r.gpuCount,
    r.engine,
    r.engineVersion,
    r.simulated,
    sortedKnobs(r.knobs),
    r.dataset,
  ]);
}

/** Configurations in first-seen order (runs in input order inside each). */
export function groupConfigs(runs: readonly RunForConfig[]): Configuration[] {
  const byKey = new Map<string, Configuration>();
  for (const r of runs) {
    const key = configKey(r);
    let c = byKey.get(key);
    if (!c) {
      c = {
        key,
        model: r.model,
        gpu: r.gpu,
        gpuCount: r.gpuCount,
        engine: r.engine,
        engineVersion: r.engineVersion,
        simulated: r.simulated,
        knobs: r.knobs,
        dataset: r.dataset,
        runs: [],
      };
      byKey.set(key, c);
    }
    c.runs.push(r);
  }
  return [...byKey.values()];
}

/**
 * A fit family: runs that share everything except the variables a model is fitted over (for
 * E(in, out): input/output length and the dataset that sets them; for a clock curve: the SM clock).
 */
export type Family = Configuration; // same fields; `knobs` are the ones the family holds fixed

export function groupFamilies(
  runs: readonly RunForConfig[],
  vary: { knobs: readonly string[]; dataset: boolean },
): Family[] {
  const byKey = new Map<string, Family>();
  for (const r of runs) {
    const fixed = sortedKnobs(r.knobs, vary.knobs);
    const dataset = vary.dataset ? null : r.dataset;
    const key = JSON.stringify([r.model, r.gpu, r.gpuCount, r.engine, r.engineVersion, r.simulated, fixed, dataset]);
    let f = byKey.get(key);
    if (!f) {
      const knobs: Record<string, KnobValue> = Object.create(null);
      for (const [k, v] of fixed) knobs[k] = v;
      f = {
        key,
        model: r.model,
        gpu: r.gpu,
        gpuCount: r.gpuCount,
        engine: r.engine,
        engineVersion: r.engineVersion,
        simulated: r.simulated,
        knobs,
        dataset,
        runs: [],
      };
      byKey.set(key, f);
    }
    f.runs.push(r);
  }
  return [...byKey.values()];
}

/**
 * Knobs whose value differs between configurations: what tells them apart in a label. A knob
 * varies when some configuration's value (missing = null) differs from the first one's; the scan
 * of a knob stops at the first difference (tens of thousands of configurations are common).
 */
export function varyingKnobs(configs: readonly { knobs: Record<string, KnobValue> }[]): string[] {
  const names = new Set<string>();
  for (const c of configs) for (const k of Object.keys(c.knobs)) names.add(k);
  // As JSON compares them: a missing value and a non-finite number are both null.
  const norm = (v: KnobValue | undefined) => (typeof v === 'number' && !Number.isFinite(v) ? null : (v ?? null));
  const varies = (k: string) => {
    const first = norm(configs[0].knobs[k]);
    return configs.some((c) => norm(c.knobs[k]) !== first);
  };
  return [...names].filter(varies).sort();
}

export function configLabel(
  c: { knobs: Record<string, KnobValue>; dataset?: string | null },
  knobs: readonly string[],
): string {
  const parts = knobs.map((k) => `${k}=${c.knobs[k] ?? '—'}`);
  return parts.length ? parts.join(', ') : 'the only configuration';
}
