/**
 * The explorer's configuration view (agg=configs) and predictions (pred=1) over a real SQLite file
 * in memory: configurations at their means with t intervals, the frontier on the means, the
 * recommendation's bootstrap confidence, a single run without whiskers; predicted points at
 * unmeasured clocks close to the known curve, kept out of the measured frontier.
 */
import { describe, expect, it } from 'vitest';
import { openDb } from '@/db/client';
import { insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { computeExplorerView } from '@/lib/explore/compute';
import { DEFAULT_VIEW, type ViewState } from '@/lib/explore/state';
import { paretoFrontierBrute } from '@/lib/pareto/frontier';
import type { RunRecord } from '@/lib/record/schema';
import { tInterval } from '@/lib/stats/describe';

interface R {
  model?: string;
  gpu?: string;
  knobs: RunRecord['knobs'];
  metrics: RunRecord['metrics'];
}

function seed(rs: R[]) {
  const db = openDb(':memory:');
  const study = createStudy(db, { name: 't', isDemo: true });
  const recs: RunRecord[] = rs.map((r, i) => ({
    schema_version: 1,
    source: { kind: 'api' },
    label: `run ${i}`,
    created_at: '2025-01-01T00:00:00Z',
    model: { id: r.model ?? 'm1' },
    hardware: { gpu_model: r.gpu ?? 'H100', gpu_count: 1, simulated: false },
    engine: { name: 'vllm' },
    knobs: r.knobs,
    workload: { dataset: 'same' },
    metrics: r.metrics,
  }));
  insertRuns(db, study.id, recs, { dedupe: false });
  return db;
}

const view = (p: Partial<ViewState>): ViewState => ({
  ...structuredClone(DEFAULT_VIEW),
  logX: false,
  logY: false,
  ...p,
});
const NOISE = [-0.02, 0, 0.02];

/** Three configurations (3, 3 and 1 runs) plus a dominated one. */
function repeats(): R[] {
  const out: R[] = [];
  const cfgs = [
    { seqs: 32, itl: 10, e: 0.5, reps: 3 },
    { seqs: 64, itl: 20, e: 0.3, reps: 3 },
    { seqs: 128, itl: 40, e: 0.2, reps: 1 },
    { seqs: 256, itl: 50, e: 0.4, reps: 3 },
  ];
  for (const c of cfgs)
    for (let k = 0; k < c.reps; k++)
      out.push({
        knobs: { max_num_seqs: c.seqs },
        metrics: { itl_ms_p99: c.itl * (1 + NOISE[k]), energy_per_output_token_j: c.e * (1 - NOISE[k]) },
      });
  return out;
}

describe('agg=configs', () => {
  it('one mark per configuration at its mean, t whiskers, none for a single run; frontier on the means', () => {
    const db = seed(repeats());
    const v = computeExplorerView(db, view({ agg: 'configs' }));
    expect(v.counts.total).toBe(4);
    expect(v.configs).toMatchObject({ total: 4, single: 1 });
    const marks = [...v.frontierPoints.map((p) => ({ ...p, x: p.x!, y: p.y! })), ...v.points];
    expect(marks).toHaveLength(4);
    const c64 = marks.find((m) => Math.abs(m.x - 20) < 1e-9)!;
    expect(c64.n).toBe(3);
    expect(c64.y).toBeCloseTo(0.3, 12);
    expect(c64.xi).toEqual(tInterval([19.6, 20, 20.4]));
    expect(c64.yi![0]).toBeCloseTo(tInterval([0.306, 0.3, 0.294])![0], 12);
    const single = marks.find((m) => m.n === 1)!;
    expect(single.xi).toBeNull();
    expect(single.yi).toBeNull();
    const xs = marks.map((m) => m.x);
    const ys = marks.map((m) => m.y);
    const brute = paretoFrontierBrute(xs, ys, 'lower', 'lower')
      .map((k) => xs[k])
      .sort((a, b) => a - b);
    expect(v.frontierPoints.map((p) => p.x)).toEqual(brute);
    // Runs view of the same data: 10 marks.
    expect(computeExplorerView(db, view({})).counts.total).toBe(10);
  });

  it('the recommendation states its confidence; indistinguishable configurations follow the tie rule', () => {
    const db = seed(repeats());
    const v = computeExplorerView(db, view({ agg: 'configs' }));
    const c = v.configs!.confidence!;
    // The lowest mean energy is the single run (0.2 * 1.02): no noise estimate against the runner-up.
    expect(v.recommendedRun!.y).toBeCloseTo(0.204, 12);
    expect(c.status).toBe('no-noise-estimate');
    expect(c.confidence).toBeGreaterThan(0.5);
    expect(c.resamples).toBeGreaterThanOrEqual(100);

    // Two configurations 1% apart with 2% noise: indistinguishable; the rule picks the lower ITL.
    const close: R[] = [];
    for (const [seqs, itl, e] of [
      [64, 20, 0.3],
      [128, 30, 0.297],
    ])
      for (let k = 0; k < 3; k++)
        close.push({
          knobs: { max_num_seqs: seqs },
          metrics: { itl_ms_p99: itl, energy_per_output_token_j: e * (1 + NOISE[(k + seqs) % 3] * 2) },
        });
    const w = computeExplorerView(seed(close), view({ agg: 'configs' }));
    expect(w.configs!.confidence!.status).toBe('indistinguishable');
    expect(w.configs!.confidence!.tieBreakApplied).toBe(true);
    expect(w.recommendedRun!.knobs.max_num_seqs).toBe(64);
    expect(w.configs!.confidence!.runnerUpLabel).toContain('max_num_seqs=128');
  });

  it('per-model answers carry each model’s configuration confidence', () => {
    const rs = [...repeats(), ...repeats().map((r) => ({ ...r, model: 'm2' }))];
    const v = computeExplorerView(seed(rs), view({ agg: 'configs' }));
    expect(v.answers!.perModel).toHaveLength(2);
    for (const row of v.answers!.perModel) {
      expect(row.config!.n).toBe(1);
      expect(row.config!.mean).toBeCloseTo(0.204, 12);
      expect(row.config!.confidence.confidence).toBeGreaterThan(0);
    }
  });
});

describe('agg=configs at scale', () => {
  it('more runs than a configuration view takes: the runs view, with a note that says why and what to do', () => {
    const db = seed(repeats());
    const v = computeExplorerView(db, view({ agg: 'configs' }), { maxConfigRuns: 9 });
    expect(v.configs).toBeNull();
    expect(v.configsTooLarge).toEqual({ runs: 10, max: 9 });
    expect(v.counts.total).toBe(10); // one mark per run
    expect(v.issues.join()).toMatch(
      /One mark per configuration takes at most 9 runs, and this view has 10: choose a model and a GPU/,
    );
    const p = computeExplorerView(db, view({ pred: true }), { maxConfigRuns: 9 });
    expect(p.predicted ?? null).toBeNull();
    expect(p.issues.join()).toMatch(/Predicted points takes at most 9 runs.*without predictions/);
    // Within the limit: configurations as usual.
    expect(computeExplorerView(db, view({ agg: 'configs' }), { maxConfigRuns: 10 }).configs).toMatchObject({
      total: 4,
    });
  });

  it('runs added after a configuration view are pooled into it (the grouping is kept per data version)', () => {
    const db = seed(repeats());
    const before = computeExplorerView(db, view({ agg: 'configs' }));
    expect(before.configs).toMatchObject({ total: 4, single: 1 });
    const study = db.$client.prepare('SELECT id FROM studies').pluck().get() as number;
    const more = (seqs: number): RunRecord => ({
      schema_version: 1,
      source: { kind: 'api' },
      label: `more ${seqs}`,
      created_at: '2025-01-01T00:00:00Z',
      model: { id: 'm1' },
      hardware: { gpu_model: 'H100', gpu_count: 1, simulated: false },
      engine: { name: 'vllm' },
      knobs: { max_num_seqs: seqs },
      workload: { dataset: 'same' },
      metrics: { itl_ms_p99: 40, energy_per_output_token_j: 0.2 },
    });
    // A repeat of the single-run configuration, and a new configuration.
    insertRuns(db, study, [more(128), more(512)], { dedupe: false });
    const after = computeExplorerView(db, view({ agg: 'configs', slo: { itl_ms_p99: 45 } }));
    expect(after.configs).toMatchObject({ total: 5, single: 1 });
    const marks = [...after.frontierPoints, ...after.points];
    expect(marks.filter((m) => m.n === 2).map((m) => m.x)).toEqual([(40 * 0.98 + 40) / 2]);
  });
});

describe('pred=1', () => {
  // Known curves over the SM clock: ITL falls, energy per token rises with clock.
  const itl = (f: number) => 8 + 12 * (1980 / f) ** 1.5;
  const ept = (f: number) => 0.1 + 0.25 * (f / 1980) ** 2.2;
  const clocks = [990, 1200, 1410, 1620, 1830, 1980];
  const runs: R[] = clocks.flatMap((f) =>
    [0, 1].map((k) => ({
      knobs: { sm_clock_mhz: f, max_num_seqs: 64 },
      metrics: { itl_ms_p99: itl(f) * (1 + NOISE[k] / 4), energy_per_output_token_j: ept(f) * (1 - NOISE[k] / 4) },
    })),
  );

  it('predicts unmeasured clocks near the truth, hollow layer apart from the measured frontier', () => {
    const db = seed(runs);
    const plain = computeExplorerView(db, view({}));
    const v = computeExplorerView(db, view({ pred: true }));
    expect(v.frontier).toEqual(plain.frontier);
    expect(v.recommended).toBe(plain.recommended);
    const p = v.predicted!;
    expect(p.points.map((q) => q.clock)).toEqual([1095, 1305, 1515, 1725, 1905]);
    for (const q of p.points) {
      expect(Math.abs(q.x / itl(q.clock) - 1)).toBeLessThan(0.02);
      expect(Math.abs(q.y / ept(q.clock) - 1)).toBeLessThan(0.02);
      expect(q.xi[0]).toBeLessThan(q.x);
      expect(q.yi[1]).toBeGreaterThan(q.y);
      expect(q.knobs.sm_clock_mhz).toBe(q.clock);
    }
    expect(p.frontier.some((f) => f[2] === 1)).toBe(true);
    expect(p.families).toBe(1);
  });

  it('says why there are no predictions', () => {
    const v = computeExplorerView(seed(repeats()), view({ pred: true }));
    expect(v.predicted!.points).toEqual([]);
    expect(v.predicted!.notes.join(' ')).toMatch(/SM clock/);
  });
});

describe('shape channel', () => {
  it('codes a second category per mark', () => {
    const rs = [...repeats(), ...repeats().map((r) => ({ ...r, gpu: 'A100' }))];
    const v = computeExplorerView(seed(rs), view({ color: 'model', shape: 'gpu' }));
    expect(v.shape).toEqual({ key: 'gpu', label: 'GPU', categories: ['H100', 'A100'] });
    const marks = [...v.points, ...v.frontierPoints];
    expect(new Set(marks.map((m) => m.h))).toEqual(new Set([0, 1]));
  });
});
