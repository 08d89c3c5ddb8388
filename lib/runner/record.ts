/**
 * Builds the run record (schema v1) from a measurement: per-request timings, power samples and
 * the steady-state window. Time base: "run seconds" = wall-clock seconds since the first measured
 * request was sent, times the simulated time scale K (K = 1 on real hardware), so a run against
 * `sim-server --time-scale 20` reports simulated seconds, ms and tokens/s throughout.
 */
import { runRecordSchema, formatIssues, SCHEMA_VERSION, type RunRecord, type Knobs } from '@/lib/record/schema';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { summarize, type Summary } from './stats';
import { steadyWindow, wholeRun, tokensIn, type Req, type Window } from './window';
import { counterEnergy, integratePower, powerStats, maxGap, type Series } from './power/energy';
import type { LoadResult } from './loadgen/run';
import type { PowerSample, PowerSource } from './power/types';

export type BuildInput = {
  load: LoadResult;
  timeScale: number;
  samples: PowerSample[];
  source: PowerSource | null;
  sampleIntervalMs: number;
  label: string;
  model: RunRecord['model'];
  hardware: RunRecord['hardware'];
  engine: RunRecord['engine'];
  knobs: Knobs;
  workload: RunRecord['workload'];
  source_meta: RunRecord['source'];
  extra?: Record<string, unknown>;
  /** Unstable if steady window shorter than this share of the run (default 0.3). */
  minSteadyShare?: number;
  /** Further reasons to flag the run unstable (e.g. the simulated device fell behind). */
  instability?: string[];
  /** 'whole': energy and throughput over the whole run (trace replay: its load changes are the point). */
  window?: 'steady' | 'whole';
};

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function buildRecord(b: BuildInput): RunRecord {
  const K = b.timeScale;
  const t0 = b.load.t0Ms;
  const run = (ms: number) => ((ms - t0) / 1000) * K;
  const reqs: Req[] = b.load.results.map((r) => ({
    start: run(r.startMs),
    end: r.endMs !== undefined ? run(r.endMs) : undefined,
    firstToken: r.chunkMs.length ? run(r.chunkMs[0]) : undefined,
    chunks: r.chunkMs.map(run),
    inTokens: r.inputTokens,
    outTokens: r.outputTokens,
    success: r.success,
  }));
  const ok = reqs.filter((r) => r.success);
  if (!ok.length) {
    const errs = [...new Set(b.load.results.map((r) => r.error).filter(Boolean))].slice(0, 3);
    throw new Error(`no request succeeded (${b.load.results.length} sent): ${errs.join('; ')}`);
  }

  // Per-request latencies (ms; TPOT excludes the first token, as vLLM defines it).
  const ttft = ok.map((r) => (r.firstToken! - r.start) * 1000);
  const e2e = ok.map((r) => (r.end! - r.start) * 1000);
  const tpot = ok.map((r, i) =>
    (r.outTokens ?? r.chunks.length) > 1 ? (e2e[i] - ttft[i]) / ((r.outTokens ?? r.chunks.length) - 1) : NaN,
  );
  const itl: number[] = [];
  for (const r of ok) for (let i = 1; i < r.chunks.length; i++) itl.push((r.chunks[i] - r.chunks[i - 1]) * 1000);

  const metrics: Record<string, number> = {};
  const put = (family: string, s: Summary) => {
    for (const [k, v] of Object.entries(s)) if (v !== undefined) metrics[`${family}_ms_${k}`] = r3(v);
  };
  put('ttft', summarize(ttft));
  put('tpot', summarize(tpot));
  put('itl', summarize(itl));
  put('e2e', summarize(e2e));
  metrics.completed = ok.length;
  metrics.failed = reqs.length - ok.length;

  // Windows.
  const whole = wholeRun(reqs);
  const steady = steadyWindow(reqs, b.load.mode, b.load.targetConcurrency);
  const reasons: string[] = [...(b.instability ?? [])];
  const runLen = whole.end - whole.start;
  let useSteady = steady !== null && b.window !== 'whole';
  if (b.window === 'whole') {
    // Not a steady-state measurement by design: nothing to flag.
  } else if (!steady) reasons.push('no steady-state window (ramp-up and drain overlap)');
  else if (steady.end - steady.start < (b.minSteadyShare ?? 0.3) * runLen) {
    reasons.push(`steady window too short (${r3(steady.end - steady.start)} s of ${r3(runLen)} s)`);
    useSteady = false;
  }
  const failShare = metrics.failed / reqs.length;
  if (failShare > 0.05) reasons.push(`many failures (${metrics.failed} of ${reqs.length})`);

  // Power series per device, in run seconds.
  const byDev = new Map<number, PowerSample[]>();
  for (const s of b.samples) (byDev.get(s.device) ?? byDev.set(s.device, []).get(s.device)!).push(s);
  const series = new Map<number, Series>();
  for (const [d, ss] of byDev) {
    ss.sort((x, y) => x.t - y.t);
    series.set(d, { t: ss.map((s) => run(s.t)), powerW: ss.map((s) => s.powerW), energyJ: ss.map((s) => s.energyJ) });
  }

  const energyOver = (w: Window) => {
    let total = 0;
    let peak: number | undefined;
    let n = 0;
    let usedCounter = true;
    let gap = 0;
    for (const s of series.values()) {
      const c = b.source?.counterMethod ? counterEnergy(s, w.start, w.end) : undefined;
      const e = c ?? integratePower(s, w.start, w.end);
      if (c === undefined) usedCounter = false;
      if (e === undefined) return undefined;
      total += e;
      const st = powerStats(s, w.start, w.end);
      if (st.peak !== undefined) peak = (peak ?? 0) + st.peak;
      n = Math.max(n, st.n);
      gap = Math.max(gap, maxGap(s, w.start, w.end));
    }
    if (!series.size) return undefined;
    return { energyJ: total, peakW: peak, samples: n, usedCounter, gap };
  };

  const win = useSteady ? steady! : whole;
  const dur = win.end - win.start;
  const tk = tokensIn(reqs, win);
  metrics.duration_s = r3(dur);
  metrics.output_throughput_tps = r3(tk.out / dur);
  metrics.total_throughput_tps = r3((tk.out + tk.inp) / dur);
  metrics.request_throughput_rps = r3(tk.completed / dur);
  const wholeTk = tokensIn(reqs, whole);
  const extra: Record<string, unknown> = { ...b.extra, time_scale: K };
  const wholeFig: Record<string, number> = {
    duration_s: r3(runLen),
    output_throughput_tps: r3(wholeTk.out / runLen),
    total_throughput_tps: r3((wholeTk.out + wholeTk.inp) / runLen),
    request_throughput_rps: r3(wholeTk.completed / runLen),
  };

  let provenance: RunRecord['energy_provenance'];
  if (b.source) {
    const ew = energyOver(win);
    const ea = energyOver(whole);
    const achievedHz = (() => {
      const s = [...series.values()][0];
      if (!s || s.t.length < 2) return undefined;
      return (s.t.length - 1) / ((s.t[s.t.length - 1] - s.t[0]) / K);
    })();
    if (!ew) reasons.push('no power samples in the window');
    else {
      metrics.energy_j = r3(ew.energyJ);
      metrics.avg_power_w = r3(ew.energyJ / dur);
      if (ew.peakW !== undefined) metrics.peak_power_w = r3(ew.peakW);
      if (tk.out > 0) metrics.energy_per_output_token_j = ew.energyJ / tk.out;
      if (tk.out + tk.inp > 0) metrics.energy_per_token_j = ew.energyJ / (tk.out + tk.inp);
      if (tk.completed > 0) metrics.energy_per_request_j = ew.energyJ / tk.completed;
      const expected = (b.sampleIntervalMs / 1000) * K;
      if (!ew.usedCounter && ew.samples < 10) reasons.push(`power samples sparse (${ew.samples} in the window)`);
      if (ew.gap > Math.max(5 * expected, 0.5 * K)) reasons.push(`power sampling gap of ${r3(ew.gap)} s`);
      provenance = {
        method: ew.usedCounter ? b.source.counterMethod! : 'power_integration',
        scope: b.source.scope,
        sample_hz: achievedHz !== undefined ? r3(achievedHz) : undefined,
        source: b.source.label,
        window: { start_s: r3(Math.max(0, win.start)), end_s: r3(win.end), steady_state: useSteady },
        notes: K !== 1 ? `simulated device at time scale ${K}: times in simulated seconds` : undefined,
      };
    }
    if (ea) {
      wholeFig.energy_j = r3(ea.energyJ);
      wholeFig.avg_power_w = r3(ea.energyJ / runLen);
      if (wholeTk.out > 0) wholeFig.energy_per_output_token_j = ea.energyJ / wholeTk.out;
    }
  }
  extra.whole_run = wholeFig;
  extra.steady_window = steady ? { start_s: r3(steady.start), end_s: r3(steady.end) } : null;
  const errors = [...new Set(b.load.results.filter((r) => !r.success).map((r) => r.error))].slice(0, 5);
  if (errors.length) extra.errors = errors;

  const { metrics: m, derived } = deriveMetrics({
    metrics: metrics as Partial<Record<MetricKey, number>>,
    workload: b.workload,
  });
  const trace = series.size
    ? {
        devices: [...series.entries()].map(([index, s]) => {
          const keep = s.t.map((_, i) => s.powerW[i] !== undefined);
          const ss = byDev.get(index)!;
          const clocks = ss.filter((_, i) => keep[i]).map((x) => x.smClockMhz);
          return {
            index,
            t_s: s.t.filter((_, i) => keep[i]).map(r3),
            power_w: s.powerW.filter((_, i) => keep[i]) as number[],
            ...(clocks.every((c) => c !== undefined) ? { sm_clock_mhz: clocks as number[] } : {}),
          };
        }),
      }
    : undefined;
  const record = {
    schema_version: SCHEMA_VERSION,
    source: b.source_meta,
    label: b.label,
    created_at: new Date().toISOString(),
    measured_at: new Date(t0).toISOString(),
    model: b.model,
    hardware: b.hardware,
    engine: b.engine,
    knobs: b.knobs,
    workload: {
      ...b.workload,
      num_requests: reqs.length,
      input_tokens_total: ok.reduce((a, r) => a + (r.inTokens ?? 0), 0),
      output_tokens_total: ok.reduce((a, r) => a + (r.outTokens ?? r.chunks.length), 0),
    },
    metrics: m,
    derived: derived.length ? derived : undefined,
    energy_provenance: provenance,
    stability: reasons.length ? { stable: false, reason: reasons.join('; ') } : { stable: true },
    trace,
    requests: {
      start_s: reqs.map((r) => r3(r.start)),
      ttft_ms: reqs.map((r) => (r.success && r.firstToken !== undefined ? r3((r.firstToken - r.start) * 1000) : null)),
      e2e_ms: reqs.map((r) => (r.success && r.end !== undefined ? r3((r.end - r.start) * 1000) : null)),
      tpot_ms: reqs.map((r) => {
        const o = r.outTokens ?? r.chunks.length;
        return r.success && r.end !== undefined && r.firstToken !== undefined && o > 1
          ? r3(((r.end - r.firstToken) * 1000) / (o - 1))
          : null;
      }),
      input_tokens: reqs.map((r) => r.inTokens ?? null),
      output_tokens: reqs.map((r) => (r.success ? (r.outTokens ?? r.chunks.length) : null)),
      success: reqs.map((r) => r.success),
    },
    extra,
  };
  const parsed = runRecordSchema.safeParse(record);
  if (!parsed.success)
    throw new Error(`internal: the run record does not validate: ${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}
