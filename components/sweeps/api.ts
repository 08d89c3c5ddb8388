/** Client-side types of /api/sweeps (no server imports: used by 'use client' components); calls go through lib/client/api.ts. */

export type PointState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface PointView {
  id: number;
  idx: number;
  rep: number;
  knobs: Record<string, number>;
  state: PointState;
  phase?: string;
  reason?: string;
  runId?: number;
  attempt: number;
  cancelRequested: boolean;
  externalId?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface SweepViewClient {
  id: number;
  name: string;
  state: 'draft' | PointState;
  executor: 'local' | 'slurm';
  simulated: boolean;
  studyId: number | null;
  studyName: string | null;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  spec: Record<string, unknown>;
  points: PointView[];
  /** What each point's run measured, by run id (db/queries/sweep-results.ts). */
  results?: Record<string, PointResult>;
}

export interface PointResult {
  energyPerOutputTokenJ: number | null;
  itlMsP99: number | null;
  outputThroughputTps: number | null;
  stable: boolean;
  unstableReason: string | null;
}

export const STATE_CLASS: Record<string, string> = {
  done: 'badge badge-ok',
  failed: 'badge badge-bad',
  cancelled: 'badge',
  running: 'badge badge-run',
  queued: 'badge',
  draft: 'badge',
};
