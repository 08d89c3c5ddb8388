/**
 * The simulated clock-sweep demo study: its grid and one measured point, in virtual time.
 * scripts/gen-sim-demo.ts runs every point and writes db/demo/sim-h100-clock-sweep.json.gz (the
 * committed data); tests/runner/sim-demo-study.test.ts re-runs a few points and checks they equal
 * the committed rows, so the data is this code's output and nothing else.
 *
 * A point is measured the way `joulebench measure` measures one (closed loop at concurrency =
 * max_num_seqs, steady-state window between ramp-up and drain), but in virtual time. Run-to-run
 * noise is seeded from the point and the repeat, so the study is reproducible bit for bit:
 *   - request lengths are drawn per repeat (uniform 0.5x..1.5x the mix's mean),
 *   - each engine step's duration jitters (log-normal, sigma 3%: kernel and host timing),
 *   - each repeat has its own speed factor (sigma 1%: host, thermals) and power-sensor/silicon
 *     factor (sigma 1%), so repeats of one configuration differ by about 1-2%, as real ones do.
 */
import { SimEngine, type SimSeq } from './engine';
import { gpuSpec, modelSpec } from './specs';
import { normal, percentile, rng } from '../stats';

export const SIM_DEMO_GPU = 'H100-SXM';

export const SIM_DEMO_GRID = {
  models: [
    { id: 'meta-llama/Llama-3.1-8B-Instruct', short: 'Llama-3.1-8B', tps: [1, 2] },
    { id: 'meta-llama/Llama-3.1-70B-Instruct', short: 'Llama-3.1-70B', tps: [4, 8] },
  ],
  smClocksMhz: [990, 1200, 1410, 1600, 1800, 1980],
  powerLimitsW: [400, 550, 700],
  maxNumSeqs: [8, 32, 128, 512],
  mixes: [
    { name: 'chat', inputLen: 512, outputLen: 256 },
    { name: 'long-prompt', inputLen: 2048, outputLen: 128 },
  ],
  repeats: 3,
} as const;

export type SimDemoPoint = {
  model: string;
  tp: number;
  smClockMhz: number;
  powerLimitW: number;
  maxNumSeqs: number;
  mix: (typeof SIM_DEMO_GRID.mixes)[number];
  repeat: number;
};

/** What one point's measurement yields (times in simulated seconds / ms). */
export type SimDemoResult = {
  duration_s: number;
  completed: number;
  input_tokens_total: number;
  output_tokens_total: number;
  energy_j: number;
  peak_power_w: number;
  mean_sm_clock_mhz: number;
  throttled_share: number;
  ttft: LatencyStats;
  itl: LatencyStats;
  tpot: LatencyStats;
  e2e: LatencyStats;
};
export type LatencyStats = { mean: number; p50: number; p90: number; p95: number; p99: number };

export function* simDemoPoints(): Generator<SimDemoPoint> {
  const g = SIM_DEMO_GRID;
  for (const m of g.models)
    for (const tp of m.tps)
      for (const mix of g.mixes)
        for (const maxNumSeqs of g.maxNumSeqs)
          for (const powerLimitW of g.powerLimitsW)
            for (const smClockMhz of g.smClocksMhz)
              for (let repeat = 1; repeat <= g.repeats; repeat++)
                yield { model: m.id, tp, smClockMhz, powerLimitW, maxNumSeqs, mix, repeat };
}

/** FNV-1a of the point's key: the seed of its repeat. */
function seedOf(p: SimDemoPoint): number {
  const key = `${p.model}|${p.tp}|${p.smClockMhz}|${p.powerLimitW}|${p.maxNumSeqs}|${p.mix.name}|${p.repeat}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const drawLen = (rand: () => number, meanLen: number) => Math.max(1, Math.round(meanLen * (0.5 + rand())));

/** Weighted percentile (values sorted ascending, weights > 0): step durations weighted by tokens. */
function weightedPercentile(sorted: Array<[number, number]>, total: number, q: number): number {
  let acc = 0;
  const target = (q / 100) * total;
  for (const [v, w] of sorted) {
    acc += w;
    if (acc >= target) return v;
  }
  return sorted[sorted.length - 1][0];
}

function stats(values: number[]): LatencyStats {
  const s = values.slice().sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { mean, p50: percentile(s, 50)!, p90: percentile(s, 90)!, p95: percentile(s, 95)!, p99: percentile(s, 99)! };
}

/** Runs one point: closed loop, 4 x max_num_seqs requests (at least 64), steady-state window. */
export function simulateDemoPoint(p: SimDemoPoint): SimDemoResult {
  const rand = rng(seedOf(p));
  const speed = Math.exp(0.01 * normal(rand));
  const sensor = Math.exp(0.01 * normal(rand));
  const engine = new SimEngine({
    gpu: gpuSpec(SIM_DEMO_GPU),
    model: modelSpec(p.model),
    tp: p.tp,
    maxNumSeqs: p.maxNumSeqs,
  });
  engine.knobs = { smMinMhz: p.smClockMhz, smMaxMhz: p.smClockMhz, powerLimitW: p.powerLimitW };
  const requests = Math.max(64, 4 * p.maxNumSeqs);
  let sent = 0;
  let t = 0;
  const send = () => {
    const inputTokens = drawLen(rand, p.mix.inputLen);
    const maxTokens = drawLen(rand, p.mix.outputLen);
    engine.add({ id: String(sent++), inputTokens, maxTokens, prefilled: 0, generated: 0, arrivalMs: t });
  };
  while (sent < Math.min(p.maxNumSeqs, requests)) send();

  // Steady window: from the max_num_seqs-th completion (the first wave, prefill-heavy, is over)
  // to the moment the last request is sent (after that the batch drains).
  const done: SimSeq[] = [];
  let winStart = -1;
  let winEnd = -1;
  let energyJ = 0;
  let outTok = 0;
  let inTok = 0;
  let clockMs = 0;
  let throttledMs = 0;
  let peakW = 0;
  const itlSteps: Array<[number, number]> = [];
  while (engine.hasWork()) {
    const plan = engine.planStep(t)!;
    const dur = plan.durMs * speed * Math.exp(0.03 * normal(rand));
    const inWindow = winStart >= 0 && winEnd < 0;
    if (inWindow) {
      const decodeTokens = plan.emit.filter((s) => s.generated >= 1).length;
      if (decodeTokens) itlSteps.push([dur, decodeTokens]);
      energyJ += (plan.powerW * sensor * p.tp * dur) / 1e3;
      outTok += plan.emit.length;
      for (const [, c] of plan.prefillChunks) inTok += c;
      clockMs += plan.clockMhz * dur;
      if (plan.throttled) throttledMs += dur;
      peakW = Math.max(peakW, plan.powerW * sensor * p.tp);
    }
    t += dur;
    const { finished } = engine.completeStep(plan, t);
    for (const s of finished) {
      done.push(s);
      if (done.length === p.maxNumSeqs && winStart < 0) winStart = t;
      if (sent < requests) send();
      else if (winEnd < 0 && winStart >= 0) winEnd = t;
    }
  }
  if (winEnd < 0) winEnd = t;
  const durMs = winEnd - winStart;
  const measured = done.filter((s) => s.doneMs! > winStart && s.doneMs! <= winEnd);
  itlSteps.sort((a, b) => a[0] - b[0]);
  const itlTotal = itlSteps.reduce((a, [, w]) => a + w, 0);
  const itlMean = itlSteps.reduce((a, [v, w]) => a + v * w, 0) / itlTotal;
  return {
    duration_s: durMs / 1e3,
    completed: measured.length,
    input_tokens_total: inTok,
    output_tokens_total: outTok,
    energy_j: energyJ,
    peak_power_w: peakW,
    mean_sm_clock_mhz: clockMs / durMs,
    throttled_share: throttledMs / durMs,
    ttft: stats(measured.map((s) => s.firstTokenMs! - s.arrivalMs)),
    itl: {
      mean: itlMean,
      p50: weightedPercentile(itlSteps, itlTotal, 50),
      p90: weightedPercentile(itlSteps, itlTotal, 90),
      p95: weightedPercentile(itlSteps, itlTotal, 95),
      p99: weightedPercentile(itlSteps, itlTotal, 99),
    },
    tpot: stats(measured.map((s) => (s.doneMs! - s.firstTokenMs!) / Math.max(1, s.generated - 1))),
    e2e: stats(measured.map((s) => s.doneMs! - s.arrivalMs)),
  };
}
