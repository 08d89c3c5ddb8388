/**
 * The committed file of the simulated clock-sweep demo study (db/demo/sim-h100-clock-sweep.json.gz):
 * gzipped JSON, one row per run as an array in COLUMNS order (compact: ~1.7k runs). Written by
 * scripts/gen-sim-demo.ts, read by db/demo-sim.ts at first start and by the regeneration test.
 */
import { SIM_DEMO_GRID, type SimDemoPoint, type SimDemoResult, type LatencyStats } from './demo-study';

export const SIM_DEMO_FILE = 'sim-h100-clock-sweep.json.gz';

const LAT = ['mean', 'p50', 'p90', 'p95', 'p99'] as const;
const FAMILIES = ['ttft', 'itl', 'tpot', 'e2e'] as const;

export const COLUMNS = [
  'model',
  'tp',
  'sm_clock_mhz',
  'power_limit_w',
  'max_num_seqs',
  'mix',
  'repeat',
  'duration_s',
  'completed',
  'input_tokens_total',
  'output_tokens_total',
  'energy_j',
  'peak_power_w',
  'mean_sm_clock_mhz',
  'throttled_share',
  ...FAMILIES.flatMap((f) => LAT.map((p) => `${f}_ms_${p}`)),
] as const;

export type SimDemoFile = {
  generator: string;
  gpu: string;
  note: string;
  models: string[];
  mixes: typeof SIM_DEMO_GRID.mixes;
  columns: string[];
  rows: number[][];
};

/** 4 significant digits: repeats differ by ~1%, so more digits would be noise (and bytes). */
export const sig4 = (x: number) => (x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(4)));

export function encodeRow(p: SimDemoPoint, r: SimDemoResult): number[] {
  const models = SIM_DEMO_GRID.models.map((m) => m.id as string);
  const mixes = SIM_DEMO_GRID.mixes.map((m) => m.name as string);
  const lat = (s: LatencyStats) => LAT.map((k) => sig4(s[k]));
  return [
    models.indexOf(p.model),
    p.tp,
    p.smClockMhz,
    p.powerLimitW,
    p.maxNumSeqs,
    mixes.indexOf(p.mix.name),
    p.repeat,
    sig4(r.duration_s),
    r.completed,
    r.input_tokens_total,
    r.output_tokens_total,
    sig4(r.energy_j),
    sig4(r.peak_power_w),
    Math.round(r.mean_sm_clock_mhz),
    Math.round(r.throttled_share * 1000) / 1000,
    ...lat(r.ttft),
    ...lat(r.itl),
    ...lat(r.tpot),
    ...lat(r.e2e),
  ];
}

/** Row array -> named values; throws naming the row when the shape does not match COLUMNS. */
export function decodeRow(file: SimDemoFile, row: number[], index: number): Record<(typeof COLUMNS)[number], number> {
  if (row.length !== COLUMNS.length || row.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
    throw new Error(`${SIM_DEMO_FILE}: row ${index}: expected ${COLUMNS.length} finite numbers`);
  const out = Object.create(null) as Record<(typeof COLUMNS)[number], number>;
  COLUMNS.forEach((c, i) => (out[c] = row[i]));
  return out;
}
