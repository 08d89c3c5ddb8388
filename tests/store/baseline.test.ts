/**
 * The recommendation's baseline run (db/queries/explore.ts findBaseline) is read from the
 * in-memory columns; it must be the run the SQL definition picks:
 *   max_throughput: ORDER BY output_throughput_tps DESC, id LIMIT 1
 *   max_clock:      ORDER BY sm_clock_mhz DESC, (other knobs IS the recommended run's) DESC, id LIMIT 1
 * over the runs matching the filters with the recommended run's model and GPU. Ties, missing
 * values and knob filters included.
 */
import { expect, test } from 'vitest';
import { findBaseline, runSummaries, type ResolvedFilters } from '@/db/queries/explore';
import { EXPLORE_KNOBS } from '@/lib/explore/knobs';
import { seeded, type Spec } from '../explore/fixtures';

const specs: Spec[] = Array.from({ length: 240 }, (_, i) => ({
  model: ['m-a', 'm-b'][i % 2],
  gpu: ['H100', 'A100'][(i >> 1) % 2],
  knobs: {
    ...(i % 7 ? { sm_clock_mhz: [990, 1410, 1980][i % 3] } : {}), // some runs without a clock
    max_num_seqs: [16, 64, 256][(i >> 2) % 3],
    ...(i % 5 ? { tp: [1, 2][(i >> 3) % 2] } : {}),
  },
  metrics: {
    duration_s: 10,
    completed: 100,
    energy_j: 1000 + i,
    // Repeated values: ties are broken by id.
    ...(i % 11 ? { output_throughput_tps: 100 + ((i * 7) % 13) } : {}),
  },
}));

const { db, studyId, ids } = seeded(specs);

function sqlBaseline(f: ResolvedFilters, mode: 'max_throughput' | 'max_clock', recId: number): number | null {
  const rec = runSummaries(db, [recId])[0];
  const where = ['study_id = ?', 'model_id = ?', 'gpu_model = ?'];
  const params: unknown[] = [studyId, rec.model, rec.gpu];
  for (const [k, r] of Object.entries(f.knobs))
    if (r?.min !== undefined) {
      where.push(`"${k}" >= ?`);
      params.push(r.min);
    }
  const same = EXPLORE_KNOBS.filter((k) => k !== 'sm_clock_mhz' && k !== 'power_limit_w');
  const sql =
    mode === 'max_throughput'
      ? `SELECT id FROM runs WHERE ${where.join(' AND ')} AND output_throughput_tps IS NOT NULL ORDER BY output_throughput_tps DESC, id LIMIT 1`
      : `SELECT id FROM runs WHERE ${where.join(' AND ')} AND sm_clock_mhz IS NOT NULL ORDER BY sm_clock_mhz DESC, (${same.map((k) => `("${k}" IS ?)`).join(' + ')}) DESC, id LIMIT 1`;
  if (mode === 'max_clock') params.push(...same.map((k) => rec.knobs[k] ?? null));
  const row = db.$client
    .prepare(sql)
    .pluck()
    .get(...params) as number | undefined;
  return row ?? null;
}

test.each(['max_throughput', 'max_clock'] as const)('%s baseline equals the SQL definition', (mode) => {
  const filters: ResolvedFilters[] = [
    { study: studyId, model: [], gpu: [], engine: [], sim: null, knobs: {} },
    { study: studyId, model: [], gpu: [], engine: [], sim: null, knobs: { max_num_seqs: { min: 64 } } },
  ];
  let checked = 0;
  for (const f of filters)
    for (const recId of ids.filter((_, k) => k % 9 === 0)) {
      const rec = runSummaries(db, [recId])[0];
      const got = findBaseline(db, f, mode, rec);
      expect(got?.id ?? null).toBe(sqlBaseline(f, mode, recId));
      checked++;
    }
  expect(checked).toBeGreaterThan(40);
});
