/** Runs as lib/configs sees them (read by db/queries/configs.ts), and configurations of them. */
import type { MetricKey } from '@/lib/metrics/keys';

export type KnobValue = number | string | boolean;

export interface RunForConfig {
  id: number;
  model: string;
  gpu: string;
  gpuCount: number;
  engine: string;
  engineVersion: string | null;
  simulated: boolean;
  /** Every knob that was set (typed and free-form). */
  knobs: Record<string, KnobValue>;
  dataset: string | null;
  metrics: Partial<Record<MetricKey, number>>;
  /** Mean input / output tokens per request (design variables of the E(in, out) fit); null if unknown. */
  inLen: number | null;
  outLen: number | null;
}

/** The set of runs with the same model, GPU (and count), engine (and version), knobs and workload. */
export interface Configuration {
  key: string;
  model: string;
  gpu: string;
  gpuCount: number;
  engine: string;
  engineVersion: string | null;
  simulated: boolean;
  knobs: Record<string, KnobValue>;
  dataset: string | null;
  runs: RunForConfig[];
}

export interface MetricSummary {
  n: number;
  mean: number;
  /** null for a single run (no estimate of noise). */
  sd: number | null;
  /** 95% interval for the mean; null for a single run. */
  ci95: [number, number] | null;
  /** How ci95 was computed: Student t, or percentile bootstrap (ratio metrics with enough runs). */
  method: 't' | 'bootstrap' | null;
}
