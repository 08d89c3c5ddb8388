/**
 * The environment, validated: the only module that reads `process.env` for settings (spawned
 * children still inherit it as a whole). Each variable has one schema and one meaning (README's
 * configuration table). Values are read at call time (tests and the CLI set them per process),
 * and a value that does not fit is a configuration error naming the variable, never a silent NaN.
 */
import path from 'node:path';
import { z } from 'zod';

type Source = Record<string, string | undefined>;

/** An optional string; '' counts as unset. */
const text = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));
/** On unless exactly "0". */
const onUnlessZero = z
  .string()
  .optional()
  .transform((v) => v !== '0');
/** Off unless exactly "1". */
const offUnlessOne = z
  .string()
  .optional()
  .transform((v) => v === '1');
const positiveInt = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1) return n;
    ctx.addIssue({ code: 'custom', message: `must be a positive integer (got "${v}")` });
    return z.NEVER;
  });
/** Comma-separated list, entries trimmed, empties dropped. */
const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const SCHEMA = {
  JOULEBENCH_ROOT: text,
  JOULEBENCH_DB: text,
  JOULEBENCH_DEMO: onUnlessZero,
  JOULEBENCH_PUBLIC_URL: text,
  JOULEBENCH_ALLOWED_ORIGINS: list,
  JOULEBENCH_TRUST_PROXY: offUnlessOne,
  JOULEBENCH_AUTH_SECRET: text,
  BETTER_AUTH_SECRET: text,
  JOULEBENCH_TOKEN: text,
  JOULEBENCH_MAX_UPLOAD_MB: z
    .string()
    .optional()
    .transform((v) => {
      const mb = Number(v);
      return v !== undefined && Number.isFinite(mb) && mb > 0 ? mb : undefined;
    }),
  /** "0" turns off the page cache of /explore and /models (lib/page-cache). */
  JOULEBENCH_PAGE_CACHE: onUnlessZero,
  /** Set by scripts/start.mjs for the web process: where it reaches itself (the page cache renders through it). */
  JOULEBENCH_SELF_ORIGIN: text,
  JOULEBENCH_JOBS_DIR: text,
  JOULEBENCH_WORKER_LEASE_MS: positiveInt,
  JOULEBENCH_LOCAL_SLOTS: positiveInt,
  JOULEBENCH_SLURM_MAX_INFLIGHT: positiveInt,
  JOULEBENCH_SLURM_CONF: text,
  SLURM_CONF: text,
  JOULEBENCH_NVIDIA_SMI: text,
  JOULEBENCH_FAKE_NVIDIA_SMI: text,
  JOULEBENCH_HARNESS_ENTRY: text,
  JOULEBENCH_POINT_ENTRY: text,
  /** Smallest input (MB) for which `joulebench import` draws a progress line on a terminal (default 16). */
  JOULEBENCH_PROGRESS_MIN_MB: text,
  JOULEBENCH_RESTORE_DIR: text,
  JOULEBENCH_RESTORE_FILE: text,
  /** GPUs the scheduler gave this job (Slurm sets it from the gres allocation). */
  CUDA_VISIBLE_DEVICES: text,
} as const;

export type EnvKey = keyof typeof SCHEMA;
export type EnvValue<K extends EnvKey> = z.output<(typeof SCHEMA)[K]>;

/** One variable, validated (throws "NAME must be ..." on a bad value). */
export function env<K extends EnvKey>(key: K, source: Source = process.env): EnvValue<K> {
  const r = SCHEMA[key].safeParse(source[key]);
  if (!r.success) throw new Error(`${key} ${r.error.issues[0]?.message ?? 'is invalid'}`);
  return r.data as EnvValue<K>;
}

/** Every variable at once: the messages of all bad ones (empty when the environment is valid). */
export function envProblems(source: Source = process.env): string[] {
  const out: string[] = [];
  for (const key of Object.keys(SCHEMA) as EnvKey[]) {
    try {
      env(key, source);
    } catch (e) {
      out.push((e as Error).message);
    }
  }
  return out;
}

/** Where migrations, demo data, executor scripts and `.slurm-dev/` are: JOULEBENCH_ROOT, else the working directory. */
export function repoRoot(source: Source = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env('JOULEBENCH_ROOT', source) ?? process.cwd());
}

/** A positive-integer setting with its default (a bad value is reported at start, not a NaN capacity). */
export function envPositiveInt(
  name: 'JOULEBENCH_WORKER_LEASE_MS' | 'JOULEBENCH_LOCAL_SLOTS' | 'JOULEBENCH_SLURM_MAX_INFLIGHT',
  fallback: number,
  source: Source = process.env,
): number {
  return env(name, source) ?? fallback;
}
