/** Measurement step 8: what the run record says of the run (knobs, label, engine, instability). */
import type { Knobs, RunRecord } from '@/lib/record/schema';
import type { WorkloadSlice } from '@/lib/workloads/slice';
import type { MeasureOptions } from '../measure';
import type { LoadResult } from '../loadgen/run';
import type { PowerSource } from '../power/types';
import type { EndpointInfo } from './endpoint';

/**
 * The knobs as set: the options, else what the simulated device runs with; the power limit the
 * GPU reported when none was set (a knob is what was set, or the device's own setting).
 */
export function recordKnobs(o: MeasureOptions, endpoint: EndpointInfo, source: PowerSource | null): Knobs {
  const sim = endpoint.sim;
  const reportedLimit = source?.samples.find((s) => s.powerLimitW !== undefined)?.powerLimitW;
  const powerLimit = o.powerLimitW ?? reportedLimit;
  const raw: Record<string, string | number | boolean | undefined> = {
    ...o.extraKnobs,
    ...(o.smClock ? { sm_clock_mhz: o.smClock[1] } : {}),
    ...(powerLimit !== undefined ? { power_limit_w: powerLimit } : {}),
    tp: o.tp ?? sim?.tp,
    pp: o.pp,
    max_num_seqs: o.maxNumSeqs ?? sim?.max_num_seqs,
    max_concurrency: o.concurrency,
    request_rate: o.rate,
    input_len: o.dataset ? undefined : o.inputLen,
    output_len: o.dataset ? undefined : o.outputLen,
  };
  const knobs = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as Knobs;
  if (o.smClock && o.smClock[0] !== o.smClock[1]) knobs.sm_clock_min_mhz = o.smClock[0];
  return knobs;
}

/** "Qwen3-8B H100 (sim) c=8 sm=1200MHz" unless --label names the run. */
export function runLabel(o: MeasureOptions, hardware: RunRecord['hardware'], trace?: WorkloadSlice): string {
  if (o.label) return o.label;
  const parts = [
    o.model.split('/').pop(),
    `${hardware.gpu_model}${hardware.simulated ? ' (sim)' : ''}`,
    trace ? `trace=${trace.ref} x${trace.speedup}` : '',
    o.concurrency ? `c=${o.concurrency}` : '',
    o.rate ? `rate=${o.rate}` : '',
    o.smClock ? `sm=${o.smClock[1]}MHz` : '',
    o.powerLimitW ? `pl=${o.powerLimitW}W` : '',
  ];
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

export function recordModel(o: MeasureOptions, endpoint: EndpointInfo): RunRecord['model'] {
  const sim = endpoint.sim;
  const model: RunRecord['model'] = { id: o.model };
  if (sim && sim.model === o.model) model.params_b = sim.params_b;
  const precision = o.dtype ?? (sim ? 'bf16' : undefined);
  if (precision !== undefined) model.precision = precision;
  return model;
}

export function recordEngine(o: MeasureOptions, endpoint: EndpointInfo): RunRecord['engine'] {
  if (endpoint.sim) return { name: 'joulebench-sim', version: '1' };
  return { name: o.engine ?? (endpoint.version ? 'vllm' : 'unknown'), version: endpoint.version };
}

export function recordSource(o: MeasureOptions): RunRecord['source'] {
  return o.sweepId !== undefined
    ? { kind: 'sweep', format: 'joulebench-measure', sweep_id: o.sweepId, point: o.point }
    : { kind: 'api', format: 'joulebench-measure' };
}

/** Why a simulated run's timings cannot be trusted: the device fell behind, or K is too high. */
export function simInstability(lagS: number, load: LoadResult, timeScale: number, nowMs = Date.now()): string[] {
  const reasons: string[] = [];
  const simDurS = ((nowMs - load.t0Ms) / 1000) * timeScale;
  if (lagS > 0.02 * simDurS)
    reasons.push(
      `simulated device fell ${lagS.toFixed(2)} s behind real time (time scale ${timeScale} too high for this host)`,
    );
  const reason = timeScaleResolution(load, timeScale);
  if (reason) reasons.push(reason);
  return reasons;
}

/**
 * Timers and socket reads on the client resolve about 1 wall-clock ms; with time scale K that is
 * K simulated ms. When a decode step is shorter than ~2 wall ms, consecutive tokens arrive in the
 * same read and the ITL percentiles describe the event loop, not the device: say so.
 */
export function timeScaleResolution(load: LoadResult, timeScale: number): string | null {
  if (timeScale <= 1) return null;
  const steps: number[] = [];
  for (const r of load.results) {
    if (!r.success || r.chunkMs.length < 2) continue;
    steps.push((r.chunkMs[r.chunkMs.length - 1] - r.chunkMs[0]) / (r.chunkMs.length - 1));
  }
  if (!steps.length) return null;
  const wallStepMs = steps.reduce((a, b) => a + b, 0) / steps.length;
  if (wallStepMs >= 2) return null;
  return `time scale ${timeScale}: a decode step lasts ${wallStepMs.toFixed(2)} wall-clock ms, below the client's ~1 ms timing resolution, so ITL percentiles are unreliable (use a time scale of at most ${Math.max(1, Math.floor((wallStepMs * timeScale) / 2))})`;
}
