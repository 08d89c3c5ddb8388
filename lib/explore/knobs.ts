/**
 * The typed knob columns the explorer filters, colours and plots by, with their labels: derived
 * from the knob catalogue (client-safe).
 */
import { COLUMN_KNOBS, KNOB_BY_KEY, type ColumnKnob } from '@/lib/knobs/catalogue';

export const EXPLORE_KNOBS = COLUMN_KNOBS;
export type ExploreKnob = ColumnKnob;

export const KNOB_LABELS = Object.fromEntries(
  EXPLORE_KNOBS.map((k) => {
    const { label, unit, definition } = KNOB_BY_KEY.get(k)!;
    return [k, { label, unit, definition }];
  }),
) as Record<ExploreKnob, { label: string; unit: string; definition: string }>;

export function isExploreKnob(k: string): k is ExploreKnob {
  return (EXPLORE_KNOBS as readonly string[]).includes(k);
}

/** Categorical run attributes the explorer can colour or facet by. */
export const CATEGORY_KEYS = ['model', 'gpu', 'engine', 'study', 'simulated'] as const;
export type CategoryKey = (typeof CATEGORY_KEYS)[number];
export const CATEGORY_LABELS: Record<CategoryKey, string> = {
  model: 'Model',
  gpu: 'GPU',
  engine: 'Engine',
  study: 'Study',
  simulated: 'Measured / simulated',
};
