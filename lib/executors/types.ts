/** The executor interface: how the worker launches, watches and cancels one point's job. */
import type { PointSpec } from './point-spec';

export type ExecutorKind = 'local' | 'slurm';

export interface PollResult {
  /** 'active': still queued/running on the executor; 'ended': the job is over (see outcome). */
  status: 'active' | 'ended';
  /** Human detail shown while active, e.g. "PENDING (Resources)". */
  phase?: string;
  /** Why the job ended when the job directory holds no result (killed, purged, NODE_FAIL...). */
  endReason?: string;
  /** Slurm final state (CANCELLED, TIMEOUT...) when known. */
  finalState?: string;
}

export interface Executor {
  kind: ExecutorKind;
  /** How many points this worker may have in flight on this executor. */
  capacity: number;
  /** Writes the job files into jobDir and launches; returns the external id to store. */
  start(jobDir: string, spec: PointSpec, opts: StartOptions): Promise<string>;
  poll(externalId: string, jobDir: string): Promise<PollResult>;
  /** Asks the job to stop (the harness restores GPU settings); idempotent. */
  cancel(externalId: string, jobDir: string): Promise<void>;
  /** Last resort after a grace period: kill whatever is left. */
  kill?(externalId: string, jobDir: string): Promise<void>;
  /**
   * The external id of a job launched under this name, if one exists (a worker that died between
   * submitting and recording the id left it behind: adopt it instead of launching a duplicate).
   */
  findByName?(name: string): Promise<string | null>;
}

export interface StartOptions {
  name: string;
  slurm?: { partition?: string; account?: string; gpus_per_point: number; time_limit: string };
}
