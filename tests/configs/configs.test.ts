/** Configurations: grouping, per-metric intervals, frontier on means, recommendation confidence. */
import { describe, expect, it } from 'vitest';
import {
  groupConfigs,
  groupFamilies,
  pickConfiguration,
  summarizeConfig,
  TIE_BREAK_RULE,
  varyingKnobs,
  type Configuration,
} from '@/lib/configs';
import { seedOf } from '@/lib/configs/summary';
import { normal, rng } from '@/lib/runner/stats';
import { repeats, run } from './helpers';

describe('grouping', () => {
  it('repeats share a configuration; any difference in model, GPU count, engine version, knob, dataset or simulated splits it', () => {
    const base = { metrics: { energy_j: 1 }, knobs: { tp: 1, max_num_seqs: 64 } };
    const runs = [
      run(base),
      run({ ...base, knobs: { max_num_seqs: 64, tp: 1 } }), // same knobs, other key order
      run({ ...base, gpuCount: 2 }),
      run({ ...base, engineVersion: '0.9' }),
      run({ ...base, knobs: { tp: 1, max_num_seqs: 128 } }),
      run({ ...base, knobs: { tp: 1, max_num_seqs: 64, quant: 'fp8' } }),
      run({ ...base, dataset: 'other' }),
      run({ ...base, simulated: true }),
      run({ ...base, model: 'm2' }),
    ];
    const c = groupConfigs(runs);
    expect(c.map((x) => x.runs.length)).toEqual([2, 1, 1, 1, 1, 1, 1, 1]);
    expect(c[0].runs.map((r) => r.id)).toEqual([runs[0].id, runs[1].id]);
  });
  it('families hold everything but the fitted variables fixed', () => {
    const runs = [128, 256].flatMap((i) =>
      [64, 128].map((o) => run({ metrics: {}, knobs: { input_len: i, output_len: o, tp: 1 }, dataset: `d${i}` })),
    );
    runs.push(run({ metrics: {}, knobs: { input_len: 128, output_len: 64, tp: 2 } }));
    const f = groupFamilies(runs, { knobs: ['input_len', 'output_len'], dataset: true });
    expect(f.map((x) => x.runs.length)).toEqual([4, 1]);
    expect(f[0].knobs).toEqual({ tp: 1 });
  });
});

describe('varyingKnobs', () => {
  it('names the knobs whose value differs anywhere (missing counts as a value), sorted', () => {
    const k = (knobs: Record<string, number | string | boolean>) => ({ knobs });
    expect(varyingKnobs([k({ b: 2, a: 1 }), k({ a: 1, b: 3 }), k({ a: 1, b: 2 })])).toEqual(['b']);
    expect(varyingKnobs([k({ a: 1 }), k({ a: 1 }), k({})])).toEqual(['a']);
    expect(varyingKnobs([k({ a: '1' }), k({ a: 1 })])).toEqual(['a']);
    expect(varyingKnobs([k({ z: true, q: 0 }), k({ z: false, q: 0 })])).toEqual(['z']);
    expect(varyingKnobs([k({ a: 1 })])).toEqual([]);
  });
});

describe('per-metric summary', () => {
  it('n, mean, sd and a t interval (non-ratio) or a bootstrap interval (ratio, n >= 8)', () => {
    const r = rng(1);
    const runs = Array.from({ length: 10 }, () =>
      run({ metrics: { energy_per_output_token_j: 0.2 + 0.01 * normal(r), tpot_ms_p99: 30 + normal(r) } }),
    );
    const [c] = groupConfigs(runs);
    const s = summarizeConfig(c);
    expect(s.energy_per_output_token_j!.n).toBe(10);
    expect(s.energy_per_output_token_j!.method).toBe('bootstrap');
    expect(s.tpot_ms_p99!.method).toBe('t');
    const e = s.energy_per_output_token_j!;
    expect(e.ci95![0]).toBeLessThan(e.mean);
    expect(e.ci95![1]).toBeGreaterThan(e.mean);
    // Same runs, same interval (seeded by the configuration).
    expect(summarizeConfig(c).energy_per_output_token_j).toEqual(e);
    expect(s.energy_j).toBeUndefined();
  });
  it('a single run: sd and interval are null, never invented', () => {
    const [c] = groupConfigs([run({ metrics: { energy_j: 5 } })]);
    expect(summarizeConfig(c).energy_j).toEqual({ n: 1, mean: 5, sd: null, ci95: null, method: null });
  });
});

describe('recommendation with confidence', () => {
  const o = { x: 'tpot_ms_p99' as const, y: 'energy_per_output_token_j' as const, slo: { tpot_ms_p99: 50 } };

  it('a clearly better configuration: high confidence, distinguishable from the runner-up', () => {
    const configs = groupConfigs([
      ...repeats(1, 5, { max_num_seqs: 64 }, 0.2, 0.02, 30),
      ...repeats(2, 5, { max_num_seqs: 128 }, 0.25, 0.02, 40),
      ...repeats(3, 5, { max_num_seqs: 256 }, 0.1, 0.02, 80), // cheapest but breaks the SLO
    ]);
    const v = pickConfiguration(configs, o);
    const rec = v.recommendation!;
    expect(rec.config).toBe(0);
    expect(rec.runnerUp).toBe(1);
    expect(rec.confidence).toBeGreaterThan(0.99);
    expect(rec.distinction.status).toBe('distinguishable');
    expect(rec.sentence).toMatch(
      /^max_num_seqs=64 \(n = 5\) is the best feasible configuration in 100% of 1000 bootstrap resamples/,
    );
    expect(rec.sentence).toMatch(/distinguishable from the runner-up, max_num_seqs=128/);
    expect(v.feasible).toEqual([0, 1]);
    // Frontier on means: 64 (lowest latency) and 256 (lowest energy); 128 is dominated by 64.
    expect(v.frontier).toEqual([0, 2]);
  });

  it('two configurations within noise: "indistinguishable within measurement noise", the stated rule picks', () => {
    const configs = groupConfigs([
      ...repeats(5, 4, { max_num_seqs: 64 }, 0.2, 0.05, 45), // lower mean energy by a hair, worse latency
      ...repeats(6, 4, { max_num_seqs: 32 }, 0.201, 0.05, 30),
    ]);
    const v = pickConfiguration(configs, o);
    const rec = v.recommendation!;
    expect(rec.distinction.status).toBe('indistinguishable');
    expect(rec.sentence).toMatch(/indistinguishable within measurement noise/);
    expect(rec.rule).toBe(TIE_BREAK_RULE);
    // The rule: better mean latency (more SLO headroom) -> max_num_seqs=32.
    expect(configs[rec.config].knobs.max_num_seqs).toBe(32);
    expect(rec.tieBreakApplied).toBe(true);
    expect(rec.sentence).toMatch(/^Recommended: max_num_seqs=32 \(n = 4\), by rule \(the better mean P99 TPOT\)/);
    // Only two feasible configurations: every resample crowns one of them.
    expect(rec.confidence + rec.runnerUpConfidence!).toBeCloseTo(1, 10);
    expect(rec.sentence).toContain(
      `best feasible configuration in ${Math.round(rec.confidence * 100)}% of 1000 bootstrap resamples`,
    );
  });

  it('single runs: says there is no estimate of noise', () => {
    const configs = groupConfigs([
      run({ knobs: { a: 1 }, metrics: { energy_per_output_token_j: 0.2, tpot_ms_p99: 20 } }),
      run({ knobs: { a: 2 }, metrics: { energy_per_output_token_j: 0.21, tpot_ms_p99: 20 } }),
    ]);
    const rec = pickConfiguration(configs, o).recommendation!;
    expect(rec.distinction).toEqual({ status: 'no-noise-estimate', reason: 'single run: no estimate of noise' });
    expect(rec.sentence).toMatch(/single run: no estimate of noise/);
  });

  it('nothing feasible: no recommendation', () => {
    const configs = groupConfigs(repeats(1, 3, {}, 0.2, 0.02, 90));
    expect(pickConfiguration(configs, o).recommendation).toBeNull();
  });
});

/**
 * The confidence as its definition reads, computed directly: the fraction of resamples (each
 * configuration's runs drawn with replacement from the configuration-seeded stream, in order) in
 * which `pick` is the best feasible configuration on the resampled means (ties: better x, then
 * lower index). pickConfiguration's fast paths (single-run configurations, a sweep without
 * repeats) must give exactly this.
 */
function directConfidence(configs: Configuration[], bound: number, pick: number, B: number): number {
  const rand = rng(seedOf(configs.map((c) => c.key).join('\n')));
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  let wins = 0;
  for (let b = 0; b < B; b++) {
    const means = configs.map((c) => {
      const drawn = c.runs.map(() => c.runs[Math.floor(rand() * c.runs.length)]);
      const of = (m: 'energy_per_output_token_j' | 'tpot_ms_p99') =>
        mean(drawn.map((r) => r.metrics[m]).filter((v): v is number => typeof v === 'number'));
      return { y: of('energy_per_output_token_j'), x: of('tpot_ms_p99') };
    });
    let best = -1;
    means.forEach((m, i) => {
      if (!(m.x <= bound) || Number.isNaN(m.y)) return;
      const bm = means[best];
      if (best < 0 || m.y < bm.y || (m.y === bm.y && m.x < bm.x)) best = i;
    });
    if (best === pick) wins++;
  }
  return wins / B;
}

describe('recommendation confidence against a direct bootstrap', () => {
  const o = { x: 'tpot_ms_p99' as const, y: 'energy_per_output_token_j' as const, slo: { tpot_ms_p99: 50 } };
  it('configurations of one run and of several, mixed: the same confidences', () => {
    const r = rng(21);
    for (let trial = 0; trial < 6; trial++) {
      const runs = Array.from({ length: 12 }, (_, k) => {
        const n = k % 3 === 0 ? 2 + Math.floor(r() * 4) : 1;
        return repeats(100 * trial + k, n, { max_num_seqs: k }, 0.2 + 0.01 * r(), 0.05, 30 + 25 * r());
      }).flat();
      const configs = groupConfigs(runs);
      const rec = pickConfiguration(configs, { ...o, resamples: 300 }).recommendation!;
      expect(rec.resamples).toBe(300);
      expect(rec.confidence).toBe(directConfidence(configs, 50, rec.config, 300));
      // The other of the two: the runner-up, or the best on means when the tie-break rule chose the runner-up.
      const other = rec.config === rec.bestOnMeans ? rec.runnerUp! : rec.bestOnMeans;
      expect(rec.runnerUpConfidence).toBe(directConfidence(configs, 50, other, 300));
    }
  });
  it('a sweep without repeats: the best on means wins every resample', () => {
    const configs = groupConfigs(
      Array.from({ length: 40 }, (_, k) =>
        run({
          knobs: { sm_clock_mhz: 900 + 20 * k },
          metrics: { energy_per_output_token_j: 0.3 - k / 1000, tpot_ms_p99: 10 + k },
        }),
      ),
    );
    const rec = pickConfiguration(configs, o).recommendation!;
    expect(configs[rec.config].knobs.sm_clock_mhz).toBe(900 + 20 * 40 - 20); // tpot 49: the last under 50
    expect([rec.confidence, rec.runnerUpConfidence]).toEqual([1, 0]);
    expect(rec.confidence).toBe(directConfidence(configs, 50, rec.config, rec.resamples));
    expect(rec.sentence).toMatch(/in 100% of 1000 bootstrap resamples/);
  });
});

describe('compare: differences beyond noise', () => {
  it('Welch on the repeats of each run\'s configuration, or "single run: no estimate of noise"', async () => {
    const { noiseVerdict } = await import('@/lib/configs');
    const [a, b, same] = groupConfigs([
      ...repeats(11, 4, { max_num_seqs: 64 }, 0.2, 0.01, 30),
      ...repeats(12, 4, { max_num_seqs: 128 }, 0.23, 0.01, 30),
      ...repeats(13, 4, { max_num_seqs: 256 }, 0.2, 0.01, 30),
    ]);
    expect(noiseVerdict(a, b, 'energy_per_output_token_j')).toMatchObject({
      kind: 'exceeds-noise',
      nBase: 4,
      nOther: 4,
    });
    expect(noiseVerdict(a, same, 'energy_per_output_token_j').kind).toBe('within-noise');
    expect(noiseVerdict(a, a, 'energy_per_output_token_j').kind).toBe('same-config');
    const [single] = groupConfigs([run({ knobs: { x: 1 }, metrics: { energy_per_output_token_j: 0.3 } })]);
    expect(noiseVerdict(a, single, 'energy_per_output_token_j')).toMatchObject({
      kind: 'single-run',
      text: 'single run: no estimate of noise',
    });
    expect(noiseVerdict(a, single, 'ttft_ms_p99').kind).toBe('missing');
  });
});
