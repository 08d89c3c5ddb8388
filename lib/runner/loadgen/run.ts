/**
 * The load generator: fixed concurrency (closed loop: each finished request is replaced at once)
 * or an arrival rate (Poisson or constant inter-arrival times, optionally capped by a maximum
 * concurrency, as vLLM's benchmark does); a request count and/or a duration; warm-up requests
 * sent first and excluded from the results.
 */
import { performance } from 'node:perf_hooks';
import { setMaxListeners } from 'node:events';
import { rng } from '../stats';
import { makeAgent, sendRequest, type Api, type RequestResult } from './client';
import type { Prompt } from './prompts';

export type LoadOptions = {
  endpoint: string;
  model: string;
  api: Api;
  prompts: Prompt[];
  warmupPrompts?: Prompt[];
  /** Closed loop with this many requests in flight; with `rate`, the cap on in-flight requests. */
  concurrency?: number;
  /** Requests per second (open loop). */
  rate?: number;
  arrival?: 'poisson' | 'constant';
  /** Stop sending new requests after this many seconds (wall clock) of the measured phase. */
  durationS?: number;
  ignoreEos?: boolean;
  seed?: number;
  timeoutMs?: number;
  keepServerStamps?: boolean;
  signal?: AbortSignal;
  /** Called on a connection-level failure; may throw/abort to end the run (server gone). */
  onConnError?: (r: RequestResult) => void;
  onProgress?: (p: {
    phase: 'warmup' | 'load';
    sent: number;
    completed: number;
    failed: number;
    total: number;
  }) => void;
};

export type LoadResult = {
  /** Wall-clock start of the measured phase, ms since the epoch. */
  t0Ms: number;
  results: RequestResult[];
  mode: 'closed' | 'open';
  targetConcurrency?: number;
};

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (!o.concurrency && !o.rate) throw new Error('give a concurrency or a rate');
  // Every in-flight request listens on the signal: lift the default limit of 10 listeners.
  if (o.signal) setMaxListeners(0, o.signal);
  const maxSockets = o.concurrency ?? 1024;
  const agent = makeAgent(o.endpoint, maxSockets);
  const client = {
    endpoint: o.endpoint,
    model: o.model,
    api: o.api,
    ignoreEos: o.ignoreEos ?? true,
    agent,
    timeoutMs: o.timeoutMs ?? 600_000,
    keepServerStamps: o.keepServerStamps,
  };
  const handle = (r: RequestResult) => {
    if (!r.success && r.connError) o.onConnError?.(r);
    return r;
  };
  try {
    // Warm-up: same concurrency, results discarded (compiles kernels, fills connection pool).
    if (o.warmupPrompts?.length) {
      const w = o.warmupPrompts;
      let i = 0;
      let completed = 0;
      await Promise.all(
        Array.from({ length: Math.min(o.concurrency ?? 4, w.length) }, async () => {
          while (i < w.length && !o.signal?.aborted) {
            const p = w[i++];
            const r = handle(await sendRequest(client, { prompt: p.text, maxTokens: p.outputLen }, o.signal));
            if (!r.success && r.error !== 'cancelled') throw new Error(`warm-up request failed: ${r.error}`);
            o.onProgress?.({ phase: 'warmup', sent: i, completed: ++completed, failed: 0, total: w.length });
          }
        }),
      );
    }
    const t0Ms = now();
    const deadline = o.durationS ? t0Ms + o.durationS * 1000 : Infinity;
    const total = o.prompts.length;
    const results: RequestResult[] = [];
    let next = 0;
    let completed = 0;
    let failed = 0;
    const take = () => (next < total && now() < deadline && !o.signal?.aborted ? o.prompts[next++] : null);
    const record = (r: RequestResult) => {
      results.push(handle(r));
      if (r.success) completed++;
      else failed++;
      o.onProgress?.({ phase: 'load', sent: next, completed, failed, total });
    };

    if (!o.rate) {
      await Promise.all(
        Array.from({ length: Math.min(o.concurrency!, total) }, async () => {
          for (let p = take(); p; p = take())
            record(await sendRequest(client, { prompt: p.text, maxTokens: p.outputLen }, o.signal));
        }),
      );
      return { t0Ms, results, mode: 'closed', targetConcurrency: Math.min(o.concurrency!, total) };
    }

    // Open loop: arrival times fixed in advance (seeded), relative to t0.
    const rand = rng((o.seed ?? 0) + 7919);
    const inFlight = new Set<Promise<void>>();
    let tArr = 0;
    for (let p = take(); p; p = take()) {
      await sleep(t0Ms + tArr - now(), o.signal);
      if (o.signal?.aborted) break;
      if (o.concurrency) while (inFlight.size >= o.concurrency) await Promise.race(inFlight);
      const prompt = p;
      const pr: Promise<void> = sendRequest(
        client,
        { prompt: prompt.text, maxTokens: prompt.outputLen },
        o.signal,
      ).then((r) => {
        inFlight.delete(pr);
        record(r);
      });
      inFlight.add(pr);
      const gap = o.arrival === 'constant' ? 1 / o.rate : -Math.log(1 - rand()) / o.rate;
      tArr += gap * 1000;
    }
    await Promise.all(inFlight);
    return { t0Ms, results, mode: 'open', targetConcurrency: o.concurrency };
  } finally {
    agent.destroy();
  }
}
