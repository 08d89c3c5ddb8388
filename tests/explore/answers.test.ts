import { describe, expect, it } from 'vitest';
import { computeExplorerView } from '@/lib/explore/compute';
import { lineForChart, MODEL_LINE_MAX_POINTS } from '@/lib/explore/answers';
import { gpuDisplayName, shortModelName } from '@/lib/explore/display-names';
import { DEFAULT_VIEW, type ViewState } from '@/lib/explore/state';
import { insertRuns } from '@/db/queries/runs';
import { rng } from '@/lib/stats';
import { rec, seeded, type Spec } from './fixtures';

const view = (p: Partial<ViewState>): ViewState => ({
  ...structuredClone(DEFAULT_VIEW),
  logX: false,
  logY: false,
  ...p,
});

// Two models on one GPU: the small model is cheaper per token than anything the big one can do.
function twoModels(): Spec[] {
  const out: Spec[] = [];
  for (const [model, scale] of [
    ['big-70b', 1],
    ['small-8b', 0.2],
  ] as const) {
    for (const seqs of [16, 64, 256]) {
      out.push({
        model,
        knobs: { max_num_seqs: seqs },
        metrics: {
          itl_ms_p99: 10 + seqs / 4,
          energy_per_output_token_j: scale * (0.5 - seqs / 1000),
          output_throughput_tps: seqs * 10,
        },
      });
    }
  }
  return out;
}

describe('per-model answers', () => {
  it("each model's optimum and savings are against that model's own baseline, never another model", () => {
    const { db, ids } = seeded(twoModels());
    const v = computeExplorerView(db, view({}));
    // The cross-model answer is the small model; the per-model table still answers for the big one.
    expect(v.recommendedRun?.model).toBe('small-8b');
    const rows = new Map(v.answers!.perModel.map((r) => [r.model, r]));
    const big = rows.get('big-70b')!;
    expect(big.recommended?.model).toBe('big-70b');
    expect(big.baseline?.model).toBe('big-70b');
    // Highest-throughput config of the big model is seqs=256 (lowest energy too): it is its own baseline.
    expect(big.recommended?.id).toBe(ids[2]);
    expect(big.baseline?.id).toBe(ids[2]);
    expect(big.baselineText).toContain('same model on the same GPU');
  });

  it('under an SLO the optimum moves and the saving is measured against the baseline run', () => {
    const { db, ids } = seeded(twoModels());
    const v = computeExplorerView(db, view({ slo: { itl_ms_p99: 30 } }));
    const big = v.answers!.perModel.find((r) => r.model === 'big-70b')!;
    expect(big.feasible).toBe(2); // seqs 16 (ITL 14) and 64 (ITL 26)
    expect(big.recommended?.id).toBe(ids[1]);
    const e = (seqs: number) => 0.5 - seqs / 1000;
    expect(big.saving).toBeCloseTo((e(256) - e(64)) / e(256), 10); // negative: costs more than the SLO-free baseline
  });

  it('my current configuration as the baseline applies to its own model and GPU only', () => {
    const { db, ids } = seeded(twoModels());
    const v = computeExplorerView(db, view({ baseline: `run:${ids[0]}` }));
    const [big, small] = ['big-70b', 'small-8b'].map((m) => v.answers!.perModel.find((r) => r.model === m)!);
    expect(big.baseline?.id).toBe(ids[0]);
    expect(big.baselineText).toContain(`run #${ids[0]}`);
    expect(small.baseline?.model).toBe('small-8b');
  });

  it('availability counts the runs that have each metric; SLO stats separate missing from failing', () => {
    const { db } = seeded(twoModels());
    const v = computeExplorerView(db, view({ slo: { ttft_ms_p99: 100, itl_ms_p99: 20 } }));
    const a = v.answers!;
    expect(a.availability.itl_ms_p99).toBe(6);
    expect(a.availability.ttft_ms_p99).toBe(0);
    expect(a.sloStats).toEqual(
      expect.arrayContaining([
        { metric: 'ttft_ms_p99', present: 0, meeting: 0 },
        { metric: 'itl_ms_p99', present: 6, meeting: 2 },
      ]),
    );
  });

  it('draws one frontier per model when several are shown', () => {
    const { db } = seeded(twoModels());
    const v = computeExplorerView(db, view({}));
    expect(v.answers!.modelFrontiers.map((m) => m.model)).toEqual(['big-70b', 'small-8b']);
    const one = computeExplorerView(db, view({ model: ['big-70b'] }));
    expect(one.answers!.modelFrontiers).toEqual([]);
  });
});

describe('per-model answers against a reference', () => {
  // Random runs of 3 models on 2 GPUs with missing metrics: every group's counts, optimum and
  // baseline must be what a plain reading of the rules gives (first run in id order on ties).
  function randomRuns(seed: number, n: number): Spec[] {
    const r = rng(seed);
    const maybe = (v: number) => (r() < 0.1 ? undefined : v);
    return Array.from({ length: n }, () => ({
      model: ['a-1b', 'b-8b', 'c-70b'][Math.floor(r() * 3)],
      gpu: ['H100', 'A100'][Math.floor(r() * 2)],
      metrics: {
        itl_ms_p99: maybe(Math.round(r() * 100)),
        energy_per_output_token_j: maybe((1 + Math.round(r() * 49)) / 100),
        output_throughput_tps: maybe(Math.round(r() * 20) * 100),
      },
    }));
  }

  function expected(specs: Spec[], ids: number[], bound: number) {
    const groups = new Map<
      string,
      { runs: number; feasible: number; best: number; bestId: number; base: number; baseId: number }
    >();
    specs.forEach((s, k) => {
      const key = `${s.model}|${s.gpu}`;
      const g = groups.get(key) ?? { runs: 0, feasible: 0, best: Infinity, bestId: -1, base: -Infinity, baseId: -1 };
      groups.set(key, g);
      g.runs++;
      const { itl_ms_p99: x, energy_per_output_token_j: y, output_throughput_tps: t } = s.metrics;
      if (t !== undefined && t > g.base) [g.base, g.baseId] = [t, ids[k]];
      if (x === undefined || y === undefined || x > bound) return;
      g.feasible++;
      if (y < g.best) [g.best, g.bestId] = [y, ids[k]];
    });
    return groups;
  }

  it('counts, recommends and picks each baseline per (model, GPU) as the rules say', () => {
    for (const seed of [1, 2, 3]) {
      const specs = randomRuns(seed, 400);
      const { db, ids } = seeded(specs);
      const v = computeExplorerView(db, view({ slo: { itl_ms_p99: 60 } }));
      const want = expected(specs, ids, 60);
      expect(v.answers!.perModel).toHaveLength(want.size);
      for (const row of v.answers!.perModel) {
        const g = want.get(`${row.model}|${row.gpu}`)!;
        expect([row.runs, row.feasible]).toEqual([g.runs, g.feasible]);
        expect(row.recommended?.id ?? -1).toBe(g.bestId);
        expect(row.baseline?.id ?? -1).toBe(g.baseId);
      }
    }
  });

  it('sees runs added after a view was computed (new model, new colour category)', () => {
    const { db, studyId } = seeded(randomRuns(4, 50));
    const before = computeExplorerView(db, view({ color: 'model' }));
    expect(before.color.categories).not.toContain('d-405b');
    const added = { model: 'd-405b', metrics: { itl_ms_p99: 5, energy_per_output_token_j: 0.001 } };
    insertRuns(db, studyId, [rec(added, 1000), rec(added, 1001)], { dedupe: false });
    const after = computeExplorerView(db, view({ color: 'model' }));
    expect(after.color.categories).toContain('d-405b');
    expect(after.answers!.perModel.find((r) => r.model === 'd-405b')?.runs).toBe(2);
    expect(after.recommendedRun?.model).toBe('d-405b');
  });
});

describe('display names', () => {
  it('one name per GPU model, whatever the tool recorded', () => {
    expect(gpuDisplayName('NVIDIA H100 80GB HBM3')).toBe('H100');
    expect(gpuDisplayName('H100')).toBe('H100');
    expect(gpuDisplayName('H100-SXM5-80GB')).toBe('H100');
    expect(gpuDisplayName('AMD Instinct MI300X')).toBe('MI300X');
    expect(gpuDisplayName('NVIDIA GeForce RTX 4090')).toBe('RTX 4090');
    expect(gpuDisplayName('sim-gpu')).toBe('sim-gpu');
    expect(shortModelName('meta-llama/Llama-3.1-8B-Instruct')).toBe('Llama-3.1-8B-Instruct');
  });
});

describe('lineForChart (per-model frontier lines sent to the browser)', () => {
  it('keeps short lines whole, thins long ones evenly with both ends, rounds to 5 significant digits', () => {
    const short: [number, number][] = [
      [1.234567, 9.87654321],
      [2, 3],
    ];
    expect(lineForChart(short)).toEqual([
      [1.2346, 9.8765],
      [2, 3],
    ]);
    const long = Array.from({ length: 1000 }, (_, i) => [i, 1000 - i] as [number, number]);
    const thin = lineForChart(long);
    expect(thin).toHaveLength(MODEL_LINE_MAX_POINTS);
    expect(thin[0]).toEqual([0, 1000]);
    expect(thin.at(-1)).toEqual([999, 1]);
    for (let k = 1; k < thin.length; k++) expect(thin[k][0]).toBeGreaterThan(thin[k - 1][0]);
  });
});
