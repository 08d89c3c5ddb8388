/**
 * A slice of a workload for replay: the requests arriving in [startS, startS + durationS), at most
 * maxRequests of them, rebased to the slice start and time-compressed by `speedup` (arrival gaps
 * divided by K). The slice (not the compressed times) is what a run record names.
 */
import type { TraceRequest, Workload } from './types';

export type SliceOptions = { startS?: number; durationS?: number; maxRequests?: number; speedup?: number };
export type WorkloadSlice = {
  ref: string;
  startS: number;
  /** Trace seconds covered (before the speed-up). */
  durationS: number;
  speedup: number;
  /** Requests with `atS` in replay seconds from the slice start (already divided by the speed-up). */
  requests: TraceRequest[];
};

export function checkSliceOptions(o: SliceOptions): void {
  if (o.startS !== undefined && !(Number.isFinite(o.startS) && o.startS >= 0))
    throw new Error(`--start must be >= 0 s (got ${o.startS})`);
  if (o.durationS !== undefined && !(Number.isFinite(o.durationS) && o.durationS > 0))
    throw new Error(`--duration must be > 0 s (got ${o.durationS})`);
  if (o.maxRequests !== undefined && !(Number.isInteger(o.maxRequests) && o.maxRequests > 0))
    throw new Error(`--max-requests must be a positive integer (got ${o.maxRequests})`);
  if (o.speedup !== undefined && !(Number.isFinite(o.speedup) && o.speedup > 0 && o.speedup <= 10_000))
    throw new Error(`--speedup must be > 0 and at most 10000 (got ${o.speedup})`);
}

export function sliceWorkload(w: Workload, o: SliceOptions = {}): WorkloadSlice {
  checkSliceOptions(o);
  const startS = o.startS ?? 0;
  const endS = o.durationS !== undefined ? startS + o.durationS : Infinity;
  const speedup = o.speedup ?? 1;
  const max = o.maxRequests ?? Infinity;
  const picked: TraceRequest[] = [];
  for (const r of w.requests) {
    if (r.atS < startS) continue;
    if (r.atS >= endS || picked.length >= max) break;
    picked.push({ ...r, atS: Math.round(((r.atS - startS) / speedup) * 1e6) / 1e6 });
  }
  if (!picked.length)
    throw new Error(
      `${w.ref}: no requests between ${startS} s and ${Number.isFinite(endS) ? `${endS} s` : 'the end'} (the trace lasts ${w.durationS.toFixed(1)} s)`,
    );
  // A slice cut by --max-requests covers the trace up to its last request.
  const covered =
    picked.length >= max || !Number.isFinite(endS) ? picked[picked.length - 1].atS * speedup : endS - startS;
  return { ref: w.ref, startS, durationS: covered, speedup, requests: picked };
}
