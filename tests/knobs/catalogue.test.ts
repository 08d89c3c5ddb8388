/** The knob catalogue is the one list of knobs: its entries are consistent and every use derives from it. */
import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runs } from '@/db/schema/runs';
import { RUN_COLUMNS } from '@/components/runs/columns';
import { KNOB_LABELS } from '@/lib/explore/knobs';
import { COLUMN_KNOBS, KNOB_COLUMNS, KNOBS, knobFieldLabel, SWEEP_KNOBS } from '@/lib/knobs/catalogue';
import { knobsSchema } from '@/lib/record/schema';
import { GRID_KNOBS, gridSchema } from '@/lib/sweeps/spec';

describe('knob catalogue', () => {
  it('keys, labels and column headers are unique; every definition is a sentence', () => {
    for (const field of ['key', 'label', 'short'] as const)
      expect(new Set(KNOBS.map((k) => k[field])).size, field).toBe(KNOBS.length);
    for (const k of KNOBS) expect(k.definition, k.key).toMatch(/^[A-Z].*\.$/);
  });

  it('every typed knob column exists in the runs table', () => {
    const cols = getTableColumns(runs) as Record<string, unknown>;
    for (const [key, col] of Object.entries(KNOB_COLUMNS)) expect(cols[col], `${key} -> ${col}`).toBeDefined();
    expect(COLUMN_KNOBS).toEqual(KNOBS.filter((k) => 'column' in k).map((k) => k.key));
  });

  it('sweep bounds are ordered and integer knobs sweep integers', () => {
    for (const k of KNOBS) {
      if (!('sweep' in k)) continue;
      expect(k.sweep.min, k.key).toBeLessThan(k.sweep.max);
      if (k.value === 'positive-int') expect(k.sweep.int, k.key).toBe(true);
    }
  });

  it('the record schema applies each knob value rule', () => {
    for (const k of KNOBS) {
      expect(knobsSchema.safeParse({ [k.key]: 2 }).success, k.key).toBe(true);
      expect(knobsSchema.safeParse({ [k.key]: -1 }).success, k.key).toBe(false);
      expect(knobsSchema.safeParse({ [k.key]: 0.5 }).success, k.key).toBe(k.value === 'non-negative');
    }
    expect(knobsSchema.parse({ custom_flag: 'x' })).toEqual({ custom_flag: 'x' });
  });

  it('the sweep grid takes its knobs, labels and bounds from the catalogue', () => {
    expect(Object.keys(GRID_KNOBS)).toEqual(SWEEP_KNOBS);
    expect(GRID_KNOBS.sm_clock_mhz.label).toBe('SM clock (MHz)');
    expect(GRID_KNOBS.max_concurrency.label).toBe('Max concurrency');
    for (const k of SWEEP_KNOBS) {
      const { min } = GRID_KNOBS[k];
      expect(gridSchema.safeParse({ [k]: [min] }).success, k).toBe(true);
      expect(gridSchema.safeParse({ [k]: [min / 2] }).success, k).toBe(false);
    }
  });

  it('explorer labels and runs-table headers are the catalogue entries', () => {
    for (const k of KNOBS) {
      if ('column' in k) expect(KNOB_LABELS[k.key]).toEqual({ label: k.label, unit: k.unit, definition: k.definition });
      const col = RUN_COLUMNS.find((c) => c.id === k.key);
      if (col) expect(col.header).toBe(k.short);
    }
    expect(knobFieldLabel(KNOBS.find((k) => k.key === 'tp')!)).toBe('Tensor parallel');
  });
});
