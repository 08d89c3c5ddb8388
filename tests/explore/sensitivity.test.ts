/**
 * The sensitivity aggregation (metric per facet, series knob value and x knob value) groups runs
 * by numeric codes. Reference: the same grouping keyed by a string per run, as it was written
 * first. Random runs with missing metrics and knobs, repeated and signed-zero knob values.
 */
import { describe, expect, it } from 'vitest';
import { readColumns, sensitivityRows, type ResolvedFilters } from '@/db/queries/explore';
import { rng } from '@/lib/stats';
import { seeded, type Spec } from './fixtures';

function reference(db: Parameters<typeof readColumns>[0], f: ResolvedFilters) {
  const d = readColumns(db, f, ['energy_j', 'sm_clock_mhz', 'max_num_seqs'], 'gpu');
  const [M, X, S] = (['energy_j', 'sm_clock_mhz', 'max_num_seqs'] as const).map((k) => d.cols.get(k)!);
  const groups = new Map<
    string,
    { facet: string; series: number | null; x: number; sum: number; min: number; max: number; n: number }
  >();
  for (let i = 0; i < d.n; i++) {
    if (Number.isNaN(M[i]) || Number.isNaN(X[i])) continue;
    const facet = d.categories[d.catCodes![i]];
    const series = Number.isNaN(S[i]) ? null : S[i];
    const key = `${facet}\u0000${series}\u0000${X[i]}`;
    const g = groups.get(key) ?? { facet, series, x: X[i], sum: 0, min: Infinity, max: -Infinity, n: 0 };
    groups.set(key, g);
    g.n++;
    g.sum += M[i];
    g.min = Math.min(g.min, M[i]);
    g.max = Math.max(g.max, M[i]);
  }
  return [...groups.values()]
    .map(({ sum, ...g }) => ({ ...g, mean: sum / g.n }))
    .sort(
      (a, b) =>
        (a.facet < b.facet ? -1 : a.facet > b.facet ? 1 : 0) ||
        (a.series ?? -Infinity) - (b.series ?? -Infinity) ||
        a.x - b.x,
    );
}

describe('sensitivityRows', () => {
  it('groups exactly as the string-keyed reference', () => {
    const r = rng(5);
    const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
    const specs: Spec[] = Array.from({ length: 3000 }, () => ({
      gpu: pick(['H100', 'A100', 'B200']),
      knobs: {
        ...(r() < 0.9 ? { sm_clock_mhz: pick([900, 1200.5, 1980, 0, -0]) } : {}),
        ...(r() < 0.8 ? { max_num_seqs: pick([16, 64, 256]) } : {}),
      },
      metrics: r() < 0.95 ? { energy_j: Math.round(r() * 1e4) / 10 } : {},
    }));
    const { db, studyId } = seeded(specs);
    const f: ResolvedFilters = { study: studyId, model: [], gpu: [], engine: [], sim: null, knobs: {} };
    const got = sensitivityRows(db, f, 'energy_j', 'sm_clock_mhz', 'max_num_seqs', 'gpu');
    const want = reference(db, f);
    expect(got.length).toBeGreaterThan(30);
    expect(got.map(({ mean, ...g }) => ({ ...g, mean: Math.round(mean * 1e9) }))).toEqual(
      want.map(({ mean, ...g }) => ({ ...g, mean: Math.round(mean * 1e9) })),
    );
  });
});
