import { describe, expect, it } from 'vitest';
import { scopeColumns } from '@/db/queries/run-columns';
import { computeExplorerView } from '@/lib/explore/compute';
import { computeSensitivity } from '@/lib/explore/sensitivity';
import { DEFAULT_VIEW, type ViewState } from '@/lib/explore/state';
import { paretoFrontierBrute } from '@/lib/pareto/frontier';
import { seeded, type Spec } from './fixtures';

const view = (p: Partial<ViewState>): ViewState => ({
  ...structuredClone(DEFAULT_VIEW),
  logX: false,
  logY: false,
  ...p,
});

// One model on H100 swept over clock x batch; energy falls with lower clock until ITL suffers.
function sweep(): Spec[] {
  const out: Spec[] = [];
  for (const clock of [1980, 1600, 1200]) {
    for (const seqs of [32, 64, 128, 256]) {
      const itl = 10 + seqs / 8 + (1980 - clock) / 40; // ms
      const e = 0.3 - seqs / 2000 - (1980 - clock) / 10000; // J/token
      const tps = seqs * 20 * (clock / 1980);
      out.push({
        knobs: { sm_clock_mhz: clock, max_num_seqs: seqs },
        metrics: { itl_ms_p99: itl, energy_per_output_token_j: e, output_throughput_tps: tps },
      });
    }
  }
  return out;
}

describe('computeExplorerView', () => {
  it('frontier matches the brute-force reference and is ordered along x', () => {
    const specs: Spec[] = [];
    let s = 1;
    const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 400; i++) {
      const m: Spec['metrics'] = {};
      if (i % 17 !== 0) m.itl_ms_p99 = Math.round(r() * 50);
      if (i % 23 !== 0) m.energy_per_output_token_j = Math.round(r() * 40) / 100;
      specs.push({ metrics: m });
    }
    const { db, ids } = seeded(specs);
    const v = computeExplorerView(db, view({}));
    const present = specs
      .map((sp, i) => [sp.metrics.itl_ms_p99, sp.metrics.energy_per_output_token_j, ids[i]] as const)
      .filter(([a, b]) => a !== undefined && b !== undefined);
    const ref = paretoFrontierBrute(
      present.map((p) => p[0]!),
      present.map((p) => p[1]!),
      'lower',
      'lower',
    ).map((k) => present[k][2]);
    expect([...v.frontier].sort((a, b) => a - b)).toEqual(ref);
    const xs = v.frontierPoints.map((p) => p.x!);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(v.counts.total).toBe(400);
    expect(v.counts.plotted).toBe(present.length);
    expect(v.counts.missing).toBe(400 - present.length);
    // Sample + frontier cover every plotted run (small input: nothing is binned away).
    expect(v.points.length + v.frontier.length).toBe(present.length);
  });

  it('SLO moves the recommendation and states savings against the max-throughput baseline', () => {
    const { db } = seeded(sweep());
    const loose = computeExplorerView(db, view({}));
    // Without an SLO the lowest energy wins: 1200 MHz, 256 seqs.
    expect(loose.recommendedRun?.knobs).toMatchObject({ sm_clock_mhz: 1200, max_num_seqs: 256 });
    const tight = computeExplorerView(db, view({ slo: { itl_ms_p99: 30 } }));
    expect(tight.recommended).not.toBe(loose.recommended);
    expect(tight.recommendedRun!.metrics.itl_ms_p99!).toBeLessThanOrEqual(30);
    // The pick is the minimum energy among feasible runs (checked by brute force).
    const feasibleE = sweep()
      .filter((s) => s.metrics.itl_ms_p99! <= 30)
      .map((s) => s.metrics.energy_per_output_token_j!);
    expect(tight.recommendedRun!.metrics.energy_per_output_token_j).toBeCloseTo(Math.min(...feasibleE), 12);
    expect(tight.counts.feasible).toBe(feasibleE.length);
    expect(tight.frontierAll).not.toBeNull();
    // Baseline: highest throughput of the same model/GPU = 1980 MHz, 256 seqs.
    expect(tight.baseline.run?.knobs).toMatchObject({ sm_clock_mhz: 1980, max_num_seqs: 256 });
    const b = tight.baseline.run!.metrics.energy_per_output_token_j!;
    const p = tight.recommendedRun!.metrics.energy_per_output_token_j!;
    expect(tight.savings!.fraction).toBeCloseTo((b - p) / b, 12);
    expect(tight.savings!.text).toMatch(/^(saves [\d.]+%|costs [\d.]+% more) energy per output token/);
    expect(tight.savings!.text).toContain('p99 ITL');
  });

  it('default-clock baseline prefers the same other knobs at max SM clock', () => {
    const { db } = seeded(sweep());
    const v = computeExplorerView(db, view({ slo: { itl_ms_p99: 30 }, baseline: 'max_clock' }));
    expect(v.baseline.run?.knobs.sm_clock_mhz).toBe(1980);
    expect(v.baseline.run?.knobs.max_num_seqs).toBe(v.recommendedRun?.knobs.max_num_seqs);
  });

  it('runs missing an SLO metric are infeasible; no feasible run gives no recommendation', () => {
    const { db } = seeded(sweep());
    const v = computeExplorerView(db, view({ slo: { ttft_ms_p99: 1000 } }));
    expect(v.counts.feasible).toBe(0);
    expect(v.recommended).toBeNull();
    expect(v.frontier).toEqual([]);
    expect(v.savings).toBeNull();
  });

  it('minimum-throughput SLO (higher-is-better metric) is a lower bound', () => {
    const { db } = seeded(sweep());
    const v = computeExplorerView(db, view({ slo: { output_throughput_tps: 4000 } }));
    expect(v.slo[0]).toMatchObject({ kind: 'min', bound: 4000 });
    expect(v.recommendedRun!.metrics.output_throughput_tps!).toBeGreaterThanOrEqual(4000);
  });

  it('price of the SLO is non-increasing in energy as the ITL threshold loosens', () => {
    const { db } = seeded(sweep());
    const v = computeExplorerView(db, view({ slo: { itl_ms_p99: 30 } }));
    expect(v.price?.metric).toBe('itl_ms_p99');
    const pts = v.price!.points;
    expect(pts.length).toBeGreaterThan(1);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i].threshold).toBeGreaterThan(pts[i - 1].threshold);
      expect(pts[i].best).toBeLessThan(pts[i - 1].best);
    }
    // At the current threshold the curve's value equals the recommendation's energy.
    const at = pts.filter((p) => p.threshold <= 30).at(-1)!;
    expect(at.best).toBeCloseTo(v.recommendedRun!.metrics.energy_per_output_token_j!, 12);
  });

  it('samples large inputs to at most maxPoints with weights summing to the rest', () => {
    const specs: Spec[] = [];
    for (let i = 0; i < 5000; i++)
      specs.push({
        gpu: i % 2 ? 'H100' : 'B200',
        metrics: { itl_ms_p99: (i * 37) % 997, energy_per_output_token_j: ((i * 53) % 991) / 1000 + 0.01 },
      });
    const { db } = seeded(specs);
    const v = computeExplorerView(db, view({}), { maxPoints: 500 });
    expect(v.points.length).toBeLessThanOrEqual(500);
    expect(v.points.reduce((a, p) => a + p.w, 0) + v.frontier.length).toBe(5000);
    expect(v.color.kind).toBe('category');
    expect([...v.color.categories].sort()).toEqual(['B200', 'H100']);
  });

  it('filters by gpu, knob range and simulated flag; study default resolves to the demo study', () => {
    const specs = sweep();
    specs.push({
      gpu: 'B200',
      sim: true,
      knobs: { max_num_seqs: 64 },
      metrics: { itl_ms_p99: 5, energy_per_output_token_j: 0.01 },
    });
    const { db, studyId } = seeded(specs);
    expect(computeExplorerView(db, view({})).study).toBe(studyId);
    expect(computeExplorerView(db, view({ gpu: ['B200'] })).counts.total).toBe(1);
    expect(computeExplorerView(db, view({ sim: 'real' })).counts.total).toBe(12);
    expect(computeExplorerView(db, view({ sim: 'sim' })).counts.simulated).toBe(1);
    expect(computeExplorerView(db, view({ knobs: { max_num_seqs: { min: 64, max: 128 } } })).counts.total).toBe(7);
  });

  it('log axes leave out non-positive values and say so in the counts', () => {
    const { db } = seeded([
      { metrics: { itl_ms_p99: 0, energy_per_output_token_j: 0.2 } },
      { metrics: { itl_ms_p99: 3, energy_per_output_token_j: 0.1 } },
    ]);
    const v = computeExplorerView(db, view({ logX: true }));
    expect(v.counts.plotted).toBe(1);
    expect(v.counts.missing).toBe(1);
  });

  it('unit switch converts energy-per-token display values linearly', () => {
    const { db } = seeded(sweep());
    const v = computeExplorerView(db, view({ unit: 'gco2_1m', grid: 360, slo: { itl_ms_p99: 30 } }));
    expect(v.axes.y.unit).toBe('gCO2e/1M tokens');
    expect(v.axes.y.factor).toBeCloseTo((1e6 / 3.6e6) * 360, 9);
    expect(v.savings!.text).toContain('gCO2e/1M tokens');
  });

  it("loads the answers' and the sensitivity panel's columns with the view's, in one pass over the runs", () => {
    const { db, studyId } = seeded(sweep());
    const loads: string[] = [];
    // Every pass that loads columns into a scope is one statement reading the runs table in id order.
    const prepare = db.$client.prepare.bind(db.$client);
    db.$client.prepare = ((sql: string) => {
      if (/FROM runs WHERE .* ORDER BY id$/.test(sql)) loads.push(sql);
      return prepare(sql);
    }) as typeof db.$client.prepare;
    const st = view({ sens: { metric: 'itl_ms_p99', knob: 'sm_clock_mhz', series: 'max_num_seqs', facet: 'gpu' } });
    computeExplorerView(db, st);
    computeSensitivity(db, st);
    expect(loads).toHaveLength(1);
    const held = scopeColumns(db, studyId, []).nums;
    for (const c of ['output_throughput_tps', 'itl_ms_p99', 'sm_clock_mhz', 'max_num_seqs'])
      expect(held.has(c), c).toBe(true);
  });
});
