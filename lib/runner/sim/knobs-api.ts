/**
 * POST /sim/knobs: the simulated device's equivalent of `nvidia-smi -lgc/-rgc/-pl`, with the
 * driver's refusals (the power-limit message is nvidia-smi's own wording).
 */
import type { SimEngine } from './engine';
import type { GpuSpec } from './specs';

/** The lowest power limit the simulated driver accepts, as a share of TDP. */
export const MIN_POWER_LIMIT_SHARE = 0.3;

/** Applies the knobs in `b` to the engine; returns the refusal message, or null. */
export function applySimKnobs(engine: SimEngine, gpu: GpuSpec, b: Record<string, unknown>): string | null {
  const num = (k: string) => (typeof b[k] === 'number' && Number.isFinite(b[k]) ? (b[k] as number) : undefined);
  if (b.reset === true || b.reset_clocks === true) {
    engine.knobs = { powerLimitW: engine.knobs.powerLimitW };
  }
  const lo = num('sm_clock_mhz_min');
  const hi = num('sm_clock_mhz_max');
  if (lo !== undefined || hi !== undefined) {
    if (lo === undefined || hi === undefined || lo > hi || lo < 0)
      return 'sm_clock_mhz_min and sm_clock_mhz_max are both required, 0 <= min <= max';
    engine.knobs = { ...engine.knobs, smMinMhz: lo, smMaxMhz: hi };
  }
  const pl = num('power_limit_w');
  if (b.power_limit_w !== undefined) {
    const min = Math.round(gpu.tdpW * MIN_POWER_LIMIT_SHARE);
    if (pl === undefined || pl < min || pl > gpu.tdpW)
      return `Provided power limit ${String(b.power_limit_w)} W is not a valid power limit which should be between ${min.toFixed(2)} W and ${gpu.tdpW.toFixed(2)} W`;
    engine.knobs = { ...engine.knobs, powerLimitW: pl };
  }
  return null;
}
