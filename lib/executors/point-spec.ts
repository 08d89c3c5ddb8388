/**
 * The per-point job description written to <jobDir>/point.json and read by the point runner
 * (lib/executors/point-runner.ts) on the executing host. It is re-validated there: the runner
 * turns it into argv arrays for the inference server and the measurement harness, so every value
 * that reaches a command is a validated number or identifier (never shell text).
 */
import { z } from 'zod';
import { IDENT, POWER_SOURCES, serverSchema } from '@/lib/sweeps/spec';

const num = z.number().finite().positive();
const int = z.number().int().positive();
const path = z.string().regex(/^\/[A-Za-z0-9._/+@-]*$/, 'must be an absolute path of letters, digits and . _ / + @ -');

export const pointSpecSchema = z
  .object({
    version: z.literal(1),
    sweepId: int,
    pointId: int,
    attempt: z.number().int().nonnegative(),
    model: z.string().regex(IDENT),
    gpu: z.string().regex(IDENT),
    simulated: z.boolean(),
    timeScale: num,
    server: serverSchema,
    /** Server-side knobs (sim-server flags / template placeholders). */
    serverKnobs: z.object({ tp: int.optional(), max_num_seqs: int.optional() }).strict(),
    measure: z
      .object({
        requests: int,
        concurrency: int.optional(),
        rate: num.optional(),
        input_len: int,
        output_len: int,
        sm_clock_mhz: int.optional(),
        power_limit_w: int.optional(),
        power: z.enum(POWER_SOURCES).optional(),
      })
      .strict(),
    /** Harness CLI entry (node script) and the nvidia-smi to use (the fake one when simulated). */
    harness: z.object({ node: path, entry: path, nvidiaSmi: path.optional() }).strict(),
    timeoutS: int,
  })
  .strict();
export type PointSpec = z.infer<typeof pointSpecSchema>;

/** Files in a point's job directory. */
export const JOB_FILES = {
  spec: 'point.json',
  pid: 'runner.pid',
  log: 'log.txt',
  progress: 'progress.jsonl',
  record: 'record.json',
  exit: 'exit.json',
  smiLog: 'nvidia-smi.log',
  serverPid: 'server.pid',
  harnessPid: 'harness.pid',
  /** The harness's GPU restore file (lib/runner/knobs/restore-file.ts): present while knobs are changed. */
  restore: 'gpu-restore.json',
  script: 'job.sh',
} as const;

/** What became of the GPU settings of a point (exit.json `gpu_restore`). */
export const gpuRestoreSchema = z.object({
  /** restored/none: nothing is left changed; moot: the simulated device is gone; failed/elsewhere/busy: settings may still be changed. */
  status: z.enum(['none', 'restored', 'failed', 'moot', 'busy', 'elsewhere']),
  /** harness, point runner or worker */
  by: z.string(),
  detail: z.string(),
});
export type GpuRestore = z.infer<typeof gpuRestoreSchema>;

/** What the runner writes to exit.json when it ends (any way but SIGKILL). */
export const exitSchema = z.object({
  status: z.enum(['ok', 'failed', 'cancelled']),
  reason: z.string().optional(),
  harness_exit: z.number().nullable().optional(),
  harness_signal: z.string().nullable().optional(),
  gpu_restore: gpuRestoreSchema.optional(),
  ended_at: z.string().optional(),
});
export type PointExit = z.infer<typeof exitSchema>;
