/**
 * How a point whose job has ended is recorded when it has no run: failed or cancelled, and why.
 * The first cause wins: a user's cancel, a Slurm end state, the runner's exit.json, else a runner
 * that was killed before it could write one.
 */
import type { GpuRestore, PointExit } from '@/lib/executors/point-spec';
import type { PollResult } from '@/lib/executors/types';

/** Slurm end states that fail a point whatever the runner wrote. */
export const TERMINAL_FAIL = ['TIMEOUT', 'NODE_FAIL', 'BOOT_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'DEADLINE'];

export type JobEnd = {
  exit: PointExit | null;
  poll: PollResult;
  /** The user cancelled the point or its sweep. */
  userCancel: boolean;
  /** What became of the GPU settings (by the harness, the runner or the worker). */
  gpu: GpuRestore | undefined;
  /** The worker killed the job after an unanswered cancel. */
  wasKilled: boolean;
  killAfterMs: number;
};

export function pointEnding(e: JobEnd): { state: 'failed' | 'cancelled'; reason: string } {
  const { exit, poll, gpu } = e;
  // What the worker found out about the GPU settings (the runner's own findings are in its reason already).
  const gpuNote =
    gpu?.by === 'worker'
      ? `; ${e.wasKilled ? `killed ${Math.round(e.killAfterMs / 1000)} s after the cancel; ` : ''}${gpu.detail}`
      : '';
  const slurmState = poll.finalState;
  if (e.userCancel)
    return {
      state: 'cancelled',
      reason: `cancelled by user${gpuNote || (gpu ? `; ${gpu.detail}` : '; no GPU setting left changed')}`,
    };
  if (slurmState && TERMINAL_FAIL.includes(slurmState))
    return { state: 'failed', reason: `${poll.endReason ?? slurmState}${gpuNote}` };
  if (slurmState === 'CANCELLED')
    return {
      state: 'cancelled',
      reason: `${poll.endReason ?? 'Slurm job cancelled'} outside Joulebench (e.g. scancel)${gpuNote}`,
    };
  if (exit?.status === 'failed')
    return { state: 'failed', reason: `${exit.reason ?? 'the measurement failed'}${gpuNote}` };
  if (exit?.status === 'cancelled')
    return { state: 'cancelled', reason: `stopped outside Joulebench: ${exit.reason ?? 'signal'}${gpuNote}` };
  return {
    state: 'failed',
    reason: `${poll.endReason ?? 'the job ended'} without a result (the point runner was killed)${gpuNote}`,
  };
}
