/**
 * Where a clock curve (./power-law.ts) may stand in for a measurement: the clocks midway between
 * measured ones (interpolation only, never beyond the measured range), and the fit quality below
 * which a curve is not trusted. Shared by the explorer's predicted layer and the planner.
 */

/** Curves with R^2 below this give no predictions (lib/explore/predicted.ts, lib/planner/predicted.ts). */
export const MIN_R2 = 0.9;

/** Clocks midway between consecutive measured clocks (rounded to 1 MHz, not already measured). */
export function midpointClocks(measured: Iterable<number>): number[] {
  const clocks = [...new Set([...measured].filter((f) => Number.isFinite(f)))].sort((a, b) => a - b);
  const out: number[] = [];
  for (let j = 1; j < clocks.length; j++) {
    const f = Math.round((clocks[j - 1] + clocks[j]) / 2);
    if (!clocks.includes(f)) out.push(f);
  }
  return out;
}

/** Why a clock family gave no predictions: a refusal's reason, or a poor fit (kept with its R^2). */
export type ClockMiss = { reason: string; r2?: number };

/** Notes grouped by reason: "12 families: the p99 ITL curve fits poorly (R² 0.81–0.89, below 0.9)". */
export function missNote(reason: string, misses: readonly ClockMiss[]): string {
  const r2 = misses.flatMap((m) => (m.r2 === undefined ? [] : [m.r2]));
  const range = r2.length
    ? ` (R² ${Math.min(...r2).toFixed(2)}${r2.length > 1 ? `–${Math.max(...r2).toFixed(2)}` : ''}, below ${MIN_R2})`
    : '';
  return `${misses.length} famil${misses.length === 1 ? 'y' : 'ies'}: ${reason}${range}`;
}
