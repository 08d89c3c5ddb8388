/**
 * Measurement step 6: the requests to send. A new load mode (a dataset, a trace, ...) is one more
 * branch of `buildWorkload` and of `workloadName`.
 */
import path from 'node:path';
import type { MeasureOptions } from '../measure';
import { syntheticPrompts, datasetPrompts, lengthDist, type Prompt } from '../loadgen/prompts';

export type Workload = { prompts: Prompt[]; warmupPrompts: Prompt[] };

/** Requests sent when only a duration bounds the run. */
const UNBOUNDED_REQUESTS = 100_000;

export function buildWorkload(o: MeasureOptions, replay = false): Workload {
  const seed = o.seed ?? 0;
  // A trace replay sends the trace's own requests (lib/runner/loadgen/replay.ts): warm-up only.
  if (replay) return { prompts: [], warmupPrompts: warmupPrompts(o.warmup ?? 1, seed) };
  const count = o.requests ?? UNBOUNDED_REQUESTS;
  const outDist = lengthDist(o.outputDist ?? 'fixed', o.outputLen ?? 128, o.lenSpread);
  const prompts = o.dataset
    ? datasetPrompts(o.dataset, count, outDist, seed)
    : syntheticPrompts(count, lengthDist(o.inputDist ?? 'fixed', o.inputLen!, o.lenSpread), outDist, seed);
  return { prompts, warmupPrompts: warmupPrompts(o.warmup ?? 1, seed) };
}

/** A few short requests before the measured ones (not recorded). */
export function warmupPrompts(count: number, seed: number): Prompt[] {
  if (count === 0) return [];
  return syntheticPrompts(count, { kind: 'fixed', value: 16 }, { kind: 'fixed', value: 4 }, seed + 1);
}

/** The record's workload.dataset. */
export function workloadName(o: MeasureOptions): string {
  if (o.dataset) return path.basename(o.dataset);
  return `synthetic-${o.inputDist ?? 'fixed'}-${o.outputDist ?? 'fixed'}`;
}
