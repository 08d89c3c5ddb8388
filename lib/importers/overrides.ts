/**
 * Batch overrides: fields the files lack (GPU model/count, SM clock, power cap, TP, model,
 * engine...) filled in for every run of an upload before committing. A value only fills what the
 * file did not say (gpu_model/model/engine "unknown", a defaulted gpu_count, an absent knob), so
 * a batch mixing files never overwrites what a file measured.
 */
import { KNOBS } from '@/lib/knobs/catalogue';
import { formatIssues, runRecordSchema } from '@/lib/record/schema';
import { DEFAULTED_GPU_COUNT } from './common';
import { refreshStandard } from './join';
import { ImportError, type ParsedFile } from './types';

export type BatchOverrides = Record<string, string | number | boolean>;

/** Knobs whose override must be a positive integer (named in the error). */
const INT_KNOBS = new Set<string>(KNOBS.filter((k) => k.value === 'positive-int').map((k) => k.key));

/** Parses CLI `--set key=value` pairs. */
export function parseSetArgs(pairs: string[]): BatchOverrides {
  const out: BatchOverrides = Object.create(null); // keyed by the user's --set names
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new Error(`--set expects key=value, got "${p}"`);
    const k = p.slice(0, i).trim();
    const v = p.slice(i + 1).trim();
    out[k] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

function coerce(key: string, v: string | number | boolean): string | number | boolean {
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return v;
}

export function applyOverrides(file: ParsedFile, overrides: BatchOverrides) {
  const entries = Object.entries(overrides).filter(([, v]) => v !== '' && v !== undefined && v !== null);
  if (!entries.length || !file.runs.length) return;
  file.runs = file.runs.map((r, idx) => {
    const rec = structuredClone(r);
    for (const [key, raw] of entries) {
      const v = coerce(key, raw);
      switch (key) {
        case 'gpu_model':
          if (rec.hardware.gpu_model === 'unknown') rec.hardware.gpu_model = String(v);
          break;
        case 'gpu_count':
          if (DEFAULTED_GPU_COUNT.has(r)) rec.hardware.gpu_count = v as number;
          break;
        case 'gpu_memory_gb':
          rec.hardware.gpu_memory_gb ??= v as number;
          break;
        case 'host':
          rec.hardware.host ??= String(v);
          break;
        case 'model':
          if (rec.model.id === 'unknown') rec.model.id = String(v);
          break;
        case 'engine':
          if (rec.engine.name === 'unknown') rec.engine.name = String(v);
          break;
        case 'engine_version':
          rec.engine.version ??= String(v);
          break;
        case 'dataset':
          rec.workload.dataset ??= String(v);
          break;
        default:
          if (rec.knobs[key] === undefined) rec.knobs[key] = v;
      }
    }
    const p = runRecordSchema.safeParse(rec);
    if (!p.success) {
      const bad = p.error.issues[0]?.path.at(-1);
      throw new ImportError(
        file.name,
        `batch field ${String(bad ?? '')}`,
        `invalid override: ${formatIssues(p.error.issues)}${INT_KNOBS.has(String(bad)) ? ' (must be a positive integer)' : ''}`,
      );
    }
    if (DEFAULTED_GPU_COUNT.has(r) && !('gpu_count' in overrides)) DEFAULTED_GPU_COUNT.add(p.data);
    void idx;
    return p.data;
  });
  file.warnings = refreshStandard(file.warnings, file.runs);
}
