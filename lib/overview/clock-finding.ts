/**
 * Headline: what lowering the SM clock does, computed from whatever clock sweep the store holds.
 *
 * Configurations = runs of one study, model, GPU (count), TP, max_num_seqs, input/output length
 * and power limit, at the highest power limit swept for that model (uncapped: the clock, not the
 * cap, sets the speed). Repeats are averaged. For each lower clock, the throughput and energy per
 * token relative to the same configuration at the top clock; the headline clock is the lowest one
 * whose median throughput ratio stays >= KEEP_THROUGHPUT.
 */
import type { DB } from '@/db/client';

export const KEEP_THROUGHPUT = 0.9;

export interface ClockFinding {
  studyId: number;
  model: string;
  gpu: string;
  tp: number | null;
  simulated: boolean;
  powerLimitW: number | null;
  topMhz: number;
  lowMhz: number;
  /** Medians over the configurations that have both clocks. */
  throughputRatio: number;
  energyRatio: number;
  configurations: number;
}

type Row = [
  number,
  string,
  string,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number,
  number,
  number,
  number,
];

const sql = (
  studies: number,
) => `SELECT study_id, model_id, gpu_model, gpu_count, tp, max_num_seqs, input_len, output_len, power_limit_w,
  sm_clock_mhz, AVG(output_throughput_tps), AVG(energy_per_output_token_j), MAX(simulated)
  FROM runs WHERE study_id IN (${Array(studies).fill('?').join(', ')})
    AND sm_clock_mhz IS NOT NULL AND output_throughput_tps > 0 AND energy_per_output_token_j > 0
  GROUP BY study_id, model_id, gpu_model, gpu_count, tp, max_num_seqs, input_len, output_len, power_limit_w, sm_clock_mhz`;

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Group {
  studyId: number;
  model: string;
  gpu: string;
  tp: number | null;
  simulated: boolean;
  /** power limit -> configuration key -> clock -> [throughput, energy] */
  configs: Map<string, { powerLimitW: number | null; clocks: Map<number, [number, number]> }>;
}

function groupRows(rows: Row[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const [study, model, gpu, count, tp, mns, inLen, outLen, pl, clock, tps, eot, sim] of rows) {
    const gk = JSON.stringify([study, model, gpu, count, tp]);
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { studyId: study, model, gpu, tp, simulated: sim === 1, configs: new Map() }));
    const ck = JSON.stringify([mns, inLen, outLen, pl]);
    let c = g.configs.get(ck);
    if (!c) g.configs.set(ck, (c = { powerLimitW: pl, clocks: new Map() }));
    c.clocks.set(clock, [tps, eot]);
  }
  return groups;
}

/** The finding for one model/GPU/TP group, or null when it has no lower clock to compare. */
function groupFinding(g: Group): ClockFinding | null {
  const limits = [...g.configs.values()].map((c) => c.powerLimitW);
  const topLimit = limits.some((l) => l === null) ? null : Math.max(...(limits as number[]));
  const configs = [...g.configs.values()].filter((c) => c.powerLimitW === topLimit && c.clocks.size > 1);
  if (!configs.length) return null;
  const topMhz = Math.max(...configs.flatMap((c) => [...c.clocks.keys()]));
  const lower = [...new Set(configs.flatMap((c) => [...c.clocks.keys()]))]
    .filter((f) => f < topMhz)
    .sort((a, b) => a - b);
  for (const f of lower) {
    const pairs = configs
      .filter((c) => c.clocks.has(f) && c.clocks.has(topMhz))
      .map((c) => [c.clocks.get(f)!, c.clocks.get(topMhz)!]);
    if (!pairs.length) continue;
    const throughputRatio = median(pairs.map(([lo, hi]) => lo[0] / hi[0]));
    if (throughputRatio < KEEP_THROUGHPUT) continue;
    const energyRatio = median(pairs.map(([lo, hi]) => lo[1] / hi[1]));
    return {
      studyId: g.studyId,
      model: g.model,
      gpu: g.gpu,
      tp: g.tp,
      simulated: g.simulated,
      powerLimitW: topLimit,
      topMhz,
      lowMhz: f,
      throughputRatio,
      energyRatio,
      configurations: pairs.length,
    };
  }
  return null;
}

/**
 * One finding per clock-swept model/GPU/TP group of the given studies. Order: measured before simulated, then the
 * larger model first (higher energy per token at the top clock stands in for size), then the
 * smaller TP group of that model.
 */
export function clockFindings(db: DB, studyIds: number[]): ClockFinding[] {
  if (!studyIds.length) return [];
  const rows = db.$client
    .prepare(sql(studyIds.length))
    .raw(true)
    .all(...studyIds) as Row[];
  const groups = groupRows(rows);
  const out: Array<ClockFinding & { size: number }> = [];
  for (const g of groups.values()) {
    const f = groupFinding(g);
    if (!f) continue;
    const top = [...g.configs.values()].flatMap((c) => (c.clocks.has(f.topMhz) ? [c.clocks.get(f.topMhz)![1]] : []));
    out.push({ ...f, size: median(top) });
  }
  // A model's size proxy: its lowest top-clock energy per token over its TP groups.
  const modelSize = new Map<string, number>();
  for (const f of out) {
    const k = JSON.stringify([f.studyId, f.model, f.gpu]);
    modelSize.set(k, Math.min(modelSize.get(k) ?? Infinity, f.size));
  }
  const sizeOf = (f: ClockFinding) => modelSize.get(JSON.stringify([f.studyId, f.model, f.gpu]))!;
  out.sort((a, b) => Number(a.simulated) - Number(b.simulated) || sizeOf(b) - sizeOf(a) || (a.tp ?? 0) - (b.tp ?? 0));
  return out.map(({ size: _size, ...f }) => f);
}
