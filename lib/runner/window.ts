/**
 * The steady-state window (after ML.ENERGY v3: exclude ramp-up and drain). Times in run seconds.
 *
 *   start = max(first completion, time the in-flight count first reaches the target concurrency)
 *           Before the first completion every request is still on its first pass (the batch is
 *           filling and prefill-heavy), so this is ramp-up.
 *   end   = closed loop (fixed concurrency): the first completion after the last request was
 *           sent, i.e. the first request of the final drain (from then on fewer than the target
 *           are in flight); open loop (arrival rate): the last arrival.
 *
 * Energy, power and throughput are computed over [start, end]; latency percentiles over all
 * measured requests (as vLLM reports them). Whole-run figures span first send -> last completion.
 */
export type Req = {
  start: number;
  end?: number;
  firstToken?: number;
  chunks: number[];
  inTokens?: number;
  outTokens?: number;
  success: boolean;
};

export type Window = { start: number; end: number };

export function steadyWindow(reqs: readonly Req[], mode: 'closed' | 'open', target?: number): Window | null {
  const ok = reqs.filter((r) => r.success && r.end !== undefined);
  if (!ok.length) return null;
  const firstCompletion = Math.min(...ok.map((r) => r.end!));
  const starts = reqs.map((r) => r.start).sort((a, b) => a - b);
  let start = firstCompletion;
  if (target && starts.length >= target) start = Math.max(start, starts[target - 1]);
  const lastSend = starts[starts.length - 1];
  let end: number;
  if (mode === 'closed') {
    const after = ok.filter((r) => r.end! > lastSend && r.start < lastSend).map((r) => r.end!);
    end = after.length ? Math.min(...after) : lastSend;
  } else end = lastSend;
  return end > start ? { start, end } : null;
}

export function wholeRun(reqs: readonly Req[]): Window {
  const start = Math.min(...reqs.map((r) => r.start));
  const end = Math.max(...reqs.map((r) => r.end ?? r.start));
  return { start, end };
}

/** Tokens and requests attributable to [a, b]: output tokens by chunk arrival (scaled by the
 * usage count per request), input tokens at first-token time, requests at completion. */
export function tokensIn(reqs: readonly Req[], w: Window) {
  let out = 0;
  let inp = 0;
  let completed = 0;
  for (const r of reqs) {
    if (!r.success) continue;
    const n = r.chunks.length;
    if (n) {
      let k = 0;
      for (const t of r.chunks) if (t >= w.start && t <= w.end) k++;
      out += (k * (r.outTokens ?? n)) / n;
    }
    if (r.firstToken !== undefined && r.firstToken >= w.start && r.firstToken <= w.end) inp += r.inTokens ?? 0;
    if (r.end !== undefined && r.end >= w.start && r.end <= w.end) completed++;
  }
  return { out, inp, completed };
}
