/** Grid expansion: the cartesian product of the grid's knob lists, times repetitions. */
import { GRID_KNOB_NAMES, type Grid, type GridKnob } from './spec';

export interface GridPoint {
  idx: number;
  rep: number;
  knobs: Partial<Record<GridKnob, number>>;
}

/**
 * Points in a stable order: knobs in GRID_KNOB_NAMES order, the last knob varying fastest, then
 * repetitions of the whole grid (so a repetition reruns every point once before any twice).
 */
export function expandGrid(grid: Grid, repetitions = 1): GridPoint[] {
  const keys = GRID_KNOB_NAMES.filter((k) => grid[k]?.length);
  let combos: Partial<Record<GridKnob, number>>[] = [{}];
  for (const k of keys) {
    const next: Partial<Record<GridKnob, number>>[] = [];
    for (const c of combos) for (const v of grid[k]!) next.push({ ...c, [k]: v });
    combos = next;
  }
  const out: GridPoint[] = [];
  for (let rep = 0; rep < repetitions; rep++) for (const knobs of combos) out.push({ idx: out.length, rep, knobs });
  return out;
}

export function countPoints(grid: Grid, repetitions = 1): number {
  return GRID_KNOB_NAMES.reduce((a, k) => a * (grid[k]?.length || 1), 1) * repetitions;
}

/** Short human label of a point's knobs, e.g. "sm_clock_mhz=1600 max_num_seqs=64". */
export function knobLabel(knobs: Record<string, number>): string {
  return (
    Object.entries(knobs)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || 'default'
  );
}
