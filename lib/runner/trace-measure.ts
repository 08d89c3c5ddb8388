/**
 * `joulebench measure --trace`: what trace replay changes in a measurement. The slice replaces the
 * request count, rate/concurrency and lengths; the run record names the workload (ref, slice,
 * speed-up) in `workload` and reads `extra.arrival = 'trace'`; energy and throughput are taken over
 * the whole replay (first send to last answer), because the replay's ups and downs are the point
 * (a steady-state window would cut them off).
 */
import type { RunRecord } from '@/lib/record/schema';
import { checkSliceOptions, sliceWorkload, type SliceOptions, type WorkloadSlice } from '@/lib/workloads/slice';
import type { Workload } from '@/lib/workloads/types';
import { OptionError } from './errors';
import type { ReplayLoadResult } from './loadgen/replay';

export type TraceMeasureOptions = SliceOptions & { workload: Workload };

/** Options that make no sense with a trace (the trace says when and how long). */
const CONFLICTS = ['concurrency', 'rate', 'requests', 'inputLen', 'outputLen', 'dataset', 'durationS'] as const;
const FLAG: Record<(typeof CONFLICTS)[number], string> = {
  concurrency: '--concurrency',
  rate: '--rate',
  requests: '--requests (use --max-requests)',
  inputLen: '--input-len',
  outputLen: '--output-len',
  dataset: '--dataset',
  durationS: 'a run duration (with --trace, --duration is the slice of the trace)',
};

export function checkTraceOptions(t: TraceMeasureOptions, o: Partial<Record<(typeof CONFLICTS)[number], unknown>>) {
  const clash = CONFLICTS.filter((k) => o[k] !== undefined);
  if (clash.length)
    throw new OptionError(
      `--trace replays the trace's arrivals and lengths: drop ${clash.map((k) => FLAG[k]).join(', ')}`,
    );
  try {
    checkSliceOptions(t);
  } catch (e) {
    throw new OptionError((e as Error).message);
  }
}

export function prepareTraceSlice(t: TraceMeasureOptions): WorkloadSlice {
  try {
    return sliceWorkload(t.workload, t);
  } catch (e) {
    throw new OptionError((e as Error).message);
  }
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** The run record's workload identity for a replayed slice. */
export function traceWorkloadFields(slice: WorkloadSlice): RunRecord['workload'] {
  return {
    dataset: slice.ref,
    trace: slice.ref,
    trace_start_s: r3(slice.startS),
    trace_duration_s: r3(slice.durationS),
    trace_speedup: slice.speedup,
    trace_requests: slice.requests.length,
  };
}

/** Reasons to flag a replay unstable: the client could not send on schedule. */
export function traceInstability(load: ReplayLoadResult, timeScale: number): string[] {
  // 50 wall-clock ms behind schedule is 50*K simulated ms against a time-scaled simulator.
  return load.maxLateMs > 50
    ? [
        `the client sent requests up to ${Math.round(load.maxLateMs * timeScale)} ms (run time) behind the trace's schedule`,
      ]
    : [];
}
