/** The knobs a sweep grid may vary, with their bounds: derived from the knob catalogue. */
import { KNOB_BY_KEY, knobFieldLabel, SWEEP_KNOBS, type SweepKnob } from '@/lib/knobs/catalogue';

export type GridKnob = SweepKnob;
export const GRID_KNOB_NAMES: readonly GridKnob[] = SWEEP_KNOBS;

/** Grid knob -> its form label and the values it accepts. */
export const GRID_KNOBS = Object.fromEntries(
  SWEEP_KNOBS.map((k) => {
    const def = KNOB_BY_KEY.get(k)!;
    return [k, { label: knobFieldLabel(def), ...def.sweep! }];
  }),
) as Record<GridKnob, { label: string; int: boolean; min: number; max: number }>;
