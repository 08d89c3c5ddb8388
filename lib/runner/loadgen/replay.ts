/**
 * Trace replay (open loop): every request of a workload slice is sent at its (time-compressed)
 * arrival time, whatever the server's state, with a prompt of its input length and its output
 * length forced (max_tokens = min_tokens = the trace's length, ignore_eos; servers that reject
 * those extensions get --no-ignore-eos and then only max_tokens). Prompts are built at send time:
 * an hour of the conversation trace would be ~100 MB of prompt text if built in advance.
 *
 * `replayWorkload` is the entry the planner's validation calls; `replayRequests` is the loop that
 * `joulebench measure --trace` runs inside its power sampling.
 */
import { performance } from 'node:perf_hooks';
import { setMaxListeners } from 'node:events';
import { rng } from '@/lib/stats/sample';
import { sliceWorkload, type SliceOptions, type WorkloadSlice } from '@/lib/workloads/slice';
import type { TraceRequest, Workload } from '@/lib/workloads/types';
import { makeAgent, sendRequest, type Api, type RequestResult } from './client';
import { syntheticPrompt, type Prompt } from './prompts';
import type { LoadResult } from './run';

/** Something to do at a replay time (e.g. the planner's knob change at an interval boundary). */
export type ReplayEvent = { atS: number; run: () => void | Promise<void> };

export type ReplayOptions = {
  endpoint: string;
  model: string;
  api?: Api;
  /** Requests with `atS` in replay seconds (already time-compressed), sorted. */
  requests: readonly TraceRequest[];
  /** Sent one at a time before the replay starts (t0), results discarded (kernels, connections). */
  warmup?: readonly Prompt[];
  /** Send ignore_eos and min_tokens (default true). */
  forceOutput?: boolean;
  seed?: number;
  timeoutMs?: number;
  keepServerStamps?: boolean;
  /** Run at their replay times (not awaited by the sends: a slow knob change never delays arrivals). */
  events?: readonly ReplayEvent[];
  signal?: AbortSignal;
  onConnError?: (r: RequestResult) => void;
  onProgress?: (p: { phase: 'load'; sent: number; completed: number; failed: number; total: number }) => void;
};

/** One replayed request: the client's result plus which trace request it was and when it was due. */
export type ReplayRequestResult = RequestResult & {
  /** Index in the replayed slice. */
  index: number;
  /** Due time, replay seconds after t0. */
  dueS: number;
  /** The lengths the trace asked for. */
  wantInput: number;
  wantOutput: number;
};

export type ReplayLoadResult = Omit<LoadResult, 'results'> & {
  results: ReplayRequestResult[];
  /** Largest delay of a send behind its due time, ms (the client could not keep up when large). */
  maxLateMs: number;
};

const now = () => performance.timeOrigin + performance.now();
/**
 * Resolves at `tMs` (or on abort), never before: a timer works on the event loop's millisecond
 * clock and can fire up to ~1 ms before `tMs` by performance.now(), so a request would go out
 * early; it then sleeps the remainder again.
 */
const sleepUntil = (tMs: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    let t: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const wait = () => {
      const ms = tMs - now();
      if (ms <= 0 || signal?.aborted) return finish();
      t = setTimeout(wait, Math.ceil(ms));
    };
    signal?.addEventListener('abort', finish, { once: true });
    wait();
  });

export async function replayRequests(o: ReplayOptions): Promise<ReplayLoadResult> {
  if (o.signal) setMaxListeners(0, o.signal);
  const agent = makeAgent(o.endpoint, 1024);
  const force = o.forceOutput ?? true;
  const client = {
    endpoint: o.endpoint,
    model: o.model,
    api: o.api ?? 'completions',
    ignoreEos: force,
    agent,
    timeoutMs: o.timeoutMs ?? 600_000,
    keepServerStamps: o.keepServerStamps,
  };
  const rand = rng((o.seed ?? 0) + 104_729);
  const total = o.requests.length;
  const results: ReplayRequestResult[] = [];
  const inFlight = new Set<Promise<void>>();
  let completed = 0;
  let failed = 0;
  let maxLateMs = 0;
  let t0Ms = now();
  let timers: Array<ReturnType<typeof scheduleEvent>> = [];
  try {
    for (const w of o.warmup ?? []) {
      if (o.signal?.aborted) break;
      const r = await sendRequest(client, { prompt: w.text, maxTokens: w.outputLen }, o.signal);
      if (!r.success && r.connError) o.onConnError?.(r);
      if (!r.success && r.error !== 'cancelled') throw new Error(`warm-up request failed: ${r.error}`);
    }
    t0Ms = now();
    timers = (o.events ?? []).map((e) => scheduleEvent(e, t0Ms));
    for (let i = 0; i < total && !o.signal?.aborted; i++) {
      const r = o.requests[i];
      const dueMs = t0Ms + r.atS * 1000;
      await sleepUntil(dueMs, o.signal);
      if (o.signal?.aborted) break;
      maxLateMs = Math.max(maxLateMs, now() - dueMs);
      const spec = {
        prompt: syntheticPrompt(r.inputTokens, rand),
        maxTokens: r.outputTokens,
        ...(force ? { minTokens: r.outputTokens } : {}),
      };
      const p: Promise<void> = sendRequest(client, spec, o.signal).then((res) => {
        inFlight.delete(p);
        if (!res.success && res.connError) o.onConnError?.(res);
        if (res.success) completed++;
        else failed++;
        results.push({ ...res, index: i, dueS: r.atS, wantInput: r.inputTokens, wantOutput: r.outputTokens });
        o.onProgress?.({ phase: 'load', sent: i + 1, completed, failed, total });
      });
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    // Events not yet due when the last answer came back are dropped; the ones that ran must have succeeded.
    for (const t of timers) t.cancel();
    const bad = (await Promise.all(timers.map((t) => t.done))).find((e) => e);
    if (bad) throw bad;
  } finally {
    for (const t of timers) t.cancel();
    agent.destroy();
  }
  results.sort((a, b) => a.index - b.index);
  return { t0Ms, results, mode: 'open', maxLateMs };
}

/**
 * Runs `e` at t0 + e.atS, never before (like sleepUntil: a timer can fire ~1 ms early, and a knob
 * change must not precede its interval's boundary); `done` resolves with its error (or null),
 * never rejects.
 */
function scheduleEvent(e: ReplayEvent, t0Ms: number) {
  let timer: NodeJS.Timeout | undefined;
  let resolveDone!: (err: Error | null) => void;
  const done = new Promise<Error | null>((r) => (resolveDone = r));
  const dueMs = t0Ms + e.atS * 1000;
  const fire = () => {
    const left = dueMs - now();
    if (left > 0) {
      timer = setTimeout(fire, Math.ceil(left));
      return;
    }
    timer = undefined;
    Promise.resolve()
      .then(e.run)
      .then(
        () => resolveDone(null),
        (err: unknown) => resolveDone(err instanceof Error ? err : new Error(String(err))),
      );
  };
  timer = setTimeout(fire, Math.max(0, Math.ceil(dueMs - now())));
  return {
    done,
    cancel: () => {
      if (timer) {
        clearTimeout(timer);
        resolveDone(null);
      }
    },
  };
}

export type ReplayWorkloadOptions = Omit<ReplayOptions, 'requests'> & { workload: Workload; slice?: SliceOptions };

/**
 * Replays a slice of a workload against an OpenAI-compatible server (e.g. the simulated device):
 * the planner's validation entry. Returns the slice (ref, start, duration, speed-up) and one
 * result per request, in trace order. Events' `atS` are replay seconds (trace seconds from the
 * slice start divided by the speed-up).
 */
export async function replayWorkload(
  o: ReplayWorkloadOptions,
): Promise<{ slice: Omit<WorkloadSlice, 'requests'>; load: ReplayLoadResult }> {
  const slice = sliceWorkload(o.workload, o.slice);
  const { requests, ...meta } = slice;
  const load = await replayRequests({ ...o, requests });
  return { slice: meta, load };
}
