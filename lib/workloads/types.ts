/**
 * A workload is a request trace: when each request arrives and how long its prompt and answer
 * are. It is what the load generator replays (`joulebench measure --trace`) and what the planner
 * plans for. Built-in workloads (the Azure 2023 traces) and uploaded ones share this shape.
 */

/**
 * One request of a trace; `atS` is seconds since the workload's start (sorted, >= 0): the first
 * request of a recorded trace, t = 0 of a synthetic one.
 */
export type TraceRequest = { atS: number; inputTokens: number; outputTokens: number };

export type WorkloadSource = 'builtin' | 'upload' | 'synthetic';

/** Where a workload came from: shown with it wherever it is used (CC-BY requires attribution). */
export type WorkloadAttribution = { text: string; license?: string; url?: string };

export type Workload = {
  /** `builtin:azure-conv-2023`, `builtin:azure-code-2023`, or `db:<id>` for stored ones. */
  ref: string;
  name: string;
  source: WorkloadSource;
  /** Wall-clock start of the original trace (ISO), when the file says it. */
  startedAt?: string;
  durationS: number;
  requests: TraceRequest[];
  attribution?: WorkloadAttribution;
};
