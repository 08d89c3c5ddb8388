/**
 * The sweep definition (what POST /api/sweeps, the form and `joulebench sweep` accept) and its
 * validation. Everything that may end up in a command line is validated here as a number or a
 * restricted identifier; knob values reach commands as argv (never through a shell).
 */
import { z } from 'zod';
import { ValidationError } from '@/lib/errors';
import { formatIssues } from '@/lib/record/schema';
import { PLACEHOLDER_RE, SWEEP_PLACEHOLDERS } from '@/lib/runner/server/template';

/** Model ids, GPU names, partitions, accounts: letters, digits and . _ / : - only. */
export const IDENT = /^[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,199}$/;
export const ident = (what: string) =>
  z.string().regex(IDENT, `${what} must be letters, digits and . _ / : @ + - (no spaces or shell characters)`);

import { GRID_KNOBS, GRID_KNOB_NAMES, type GridKnob } from './knobs';
export { GRID_KNOBS, GRID_KNOB_NAMES, type GridKnob };

const gridValues = (k: GridKnob) => {
  const d = GRID_KNOBS[k];
  let n = z
    .number()
    .finite()
    .min(d.min, `${k} values must be >= ${d.min}`)
    .max(d.max, `${k} values must be <= ${d.max}`);
  if (d.int) n = n.int(`${k} values must be integers`);
  return z.array(n).min(1, `${k} needs at least one value`).max(64, `${k}: at most 64 values`);
};

export const gridSchema = z
  .object(
    Object.fromEntries(GRID_KNOB_NAMES.map((k) => [k, gridValues(k).optional()])) as {
      [K in GridKnob]: z.ZodOptional<ReturnType<typeof gridValues>>;
    },
  )
  .strict();
export type Grid = z.infer<typeof gridSchema>;

export const workloadSchema = z
  .object({
    requests: z.number().int().min(1).max(1_000_000),
    concurrency: z.number().int().min(1).max(100_000).optional(),
    rate: z.number().finite().positive().max(1e6).optional(),
    input_len: z.number().int().min(1).max(1_000_000),
    output_len: z.number().int().min(1).max(1_000_000),
  })
  .strict();

const argvToken = z
  .string()
  .min(1)
  .max(500)
  .refine((s) => !/[\0\n\r]/.test(s), 'argv tokens may not contain NUL or newlines');

/**
 * Placeholders a custom server argv may use in a sweep, filled per point by the point runner
 * (lib/executors/point-runner.ts serverArgv): {model}, {port}, {tp} (default 1), {max_num_seqs}
 * (default 256), {host} (127.0.0.1) and {gpus} (the point's GPU indices, e.g. 0,1). A placeholder is
 * `{name}` with name = letters, digits, _ (so JSON such as {"a":1} in a token is left alone).
 */
export { PLACEHOLDER_RE, SWEEP_PLACEHOLDERS };

/** The message for a placeholder a sweep cannot fill, or null when every placeholder is known. */
export function unknownPlaceholders(argv: readonly string[]): string | null {
  const bad = new Set<string>();
  for (const a of argv)
    for (const m of a.matchAll(PLACEHOLDER_RE))
      if (!(SWEEP_PLACEHOLDERS as readonly string[]).includes(m[1])) bad.add(m[1]);
  if (!bad.size) return null;
  const names = [...bad].map((b) => `{${b}}`).join(', ');
  const noKnob = [...bad].filter((b) => b === 'pp' || b === 'dtype');
  return (
    `unknown placeholder${bad.size > 1 ? 's' : ''} ${names} in the server argv: a sweep fills only ${SWEEP_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}` +
    (noKnob.length
      ? ` (${noKnob.map((b) => `{${b}}`).join(' and ')} ${noKnob.length > 1 ? 'have' : 'has'} no sweep knob: write the value into the argv)`
      : '; write other values into the argv literally')
  );
}

export const serverSchema = z.discriminatedUnion('kind', [
  /** Simulated OpenAI-compatible server (sim-server), one per point. */
  z.object({ kind: z.literal('sim') }).strict(),
  /** An already-running OpenAI-compatible endpoint (server knobs cannot vary). */
  z
    .object({
      kind: z.literal('endpoint'),
      url: z
        .string()
        .url()
        .regex(/^https?:\/\//, 'endpoint must be http(s)'),
    })
    .strict(),
  /** Engine presets; extra_args are appended as argv tokens. */
  z.object({ kind: z.enum(['vllm', 'sglang']), extra_args: z.array(argvToken).max(64).optional() }).strict(),
  /** Custom argv with SWEEP_PLACEHOLDERS, replaced token by token; any other placeholder is refused. */
  z
    .object({
      kind: z.literal('custom'),
      argv: z.array(argvToken).min(1).max(128),
      health_path: z
        .string()
        .regex(/^\/[A-Za-z0-9._/-]*$/)
        .optional(),
    })
    .strict()
    .superRefine((s, ctx) => {
      const msg = unknownPlaceholders(s.argv);
      if (msg) ctx.addIssue({ code: 'custom', path: ['argv'], message: msg });
    }),
]);
export type ServerSpec = z.infer<typeof serverSchema>;

/** Slurm time limit: minutes, MM:SS, HH:MM:SS or D-HH:MM:SS. */
export const TIME_LIMIT = /^(\d{1,5}|\d{1,3}:\d{2}(:\d{2})?|\d{1,2}-\d{1,2}(:\d{2}(:\d{2})?)?)$/;

export const slurmSchema = z
  .object({
    partition: ident('slurm.partition').optional(),
    account: ident('slurm.account').optional(),
    gpus_per_point: z.number().int().min(0).max(64).default(1),
    time_limit: z.string().regex(TIME_LIMIT, 'slurm.time_limit must be minutes, HH:MM:SS or D-HH:MM:SS').default('30'),
  })
  .strict();

export const POWER_SOURCES = ['auto', 'nvml', 'nvidia-smi', 'dcgm', 'rapl', 'sim', 'none'] as const;

export const sweepSpecSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(120),
    /** Target study: id, or a name (created if missing). Default: a study named after the sweep. */
    study: z.union([z.number().int().positive(), z.string().trim().min(1).max(200)]).optional(),
    executor: z.enum(['local', 'slurm']),
    simulated: z.boolean(),
    model: ident('model').default('meta-llama/Llama-3.1-8B-Instruct'),
    /** GPU model name (the simulated device's model when simulated). */
    gpu: ident('gpu').default('H100'),
    server: serverSchema.optional(),
    workload: workloadSchema,
    grid: gridSchema,
    repetitions: z.number().int().min(1).max(20).default(1),
    /**
     * Adaptive repetitions (lib/sweeps/adaptive.ts): after `repetitions` runs of a point (at least
     * 2), repeat it until the 95% half-width of its energy per output token is below target_pct
     * percent of the mean, or max_repetitions runs were made.
     */
    adaptive: z
      .object({
        target_pct: z.number().finite().min(0.1).max(50),
        max_repetitions: z.number().int().min(2).max(50),
      })
      .strict()
      .optional(),
    /** Simulated only: how much faster than real time the simulated server runs (default real time: faster can fall behind on a busy host and flag points unstable). */
    time_scale: z.number().finite().min(0.01).max(10_000).default(1),
    power: z.enum(POWER_SOURCES).optional(),
    slurm: slurmSchema.optional(),
    /** Wall-clock limit of each point's measurement (harness run, after the server is up), on either executor (seconds). Slurm's own --time limit is slurm.time_limit. */
    point_timeout_s: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 3600)
      .default(3600),
  })
  .strict()
  .superRefine((s, ctx) => {
    const server = s.server ?? (s.simulated ? { kind: 'sim' } : undefined);
    if (!server)
      ctx.addIssue({
        code: 'custom',
        path: ['server'],
        message: 'server is required for a non-simulated sweep (vllm, sglang, custom or endpoint)',
      });
    if (s.simulated && server && server.kind !== 'sim')
      ctx.addIssue({
        code: 'custom',
        path: ['server'],
        message: 'a simulated sweep uses the simulated server (server.kind "sim")',
      });
    if (!s.simulated && server?.kind === 'sim')
      ctx.addIssue({ code: 'custom', path: ['server'], message: 'server.kind "sim" needs simulated: true' });
    if (server?.kind === 'endpoint')
      for (const k of ['tp', 'max_num_seqs'] as const)
        if (s.grid[k])
          ctx.addIssue({
            code: 'custom',
            path: ['grid', k],
            message: `${k} is a server setting and cannot vary against a fixed endpoint`,
          });
    const hasConc = s.workload.concurrency !== undefined || s.grid.max_concurrency !== undefined;
    const hasRate = s.workload.rate !== undefined || s.grid.request_rate !== undefined;
    if (hasConc === hasRate)
      ctx.addIssue({
        code: 'custom',
        path: ['workload'],
        message:
          'give exactly one of workload.concurrency / workload.rate (or vary max_concurrency / request_rate in the grid)',
      });
    if (s.executor === 'slurm' && !s.slurm) {
      /* defaults applied by normalizeSpec */
    }
    if (s.adaptive && s.adaptive.max_repetitions < Math.max(2, s.repetitions))
      ctx.addIssue({
        code: 'custom',
        path: ['adaptive', 'max_repetitions'],
        message: `must be at least repetitions (${Math.max(2, s.repetitions)}: adaptive mode makes at least 2 runs per point)`,
      });
    const reps = s.adaptive ? s.adaptive.max_repetitions : s.repetitions;
    const n = Object.values(s.grid).reduce((a, v) => a * (v?.length ?? 1), 1) * reps;
    if (n > 1000)
      ctx.addIssue({
        code: 'custom',
        path: ['grid'],
        message: `grid has ${n} points${s.adaptive ? ' at the most repetitions' : ''}; at most 1000 per sweep`,
      });
  });

export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.infer<typeof sweepSpecSchema> & { server: ServerSpec };

/** Validates and fills defaults (server for simulated sweeps, Slurm options). Throws ValidationError naming the key. */
export function parseSweepSpec(input: unknown): SweepSpec {
  const r = sweepSpecSchema.safeParse(input);
  if (!r.success) throw new ValidationError(formatIssues(r.error.issues));
  const s = r.data;
  const server = s.server ?? ({ kind: 'sim' } as const);
  const slurm = s.executor === 'slurm' ? (s.slurm ?? slurmSchema.parse({})) : s.slurm;
  return { ...s, server, slurm };
}
