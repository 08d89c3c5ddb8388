/**
 * Resolving a workload reference: `builtin:NAME` (the shipped traces), `db:ID` (stored; a bare
 * ID too) for the API, the UI and the planner; a trace file path (CSV, optionally .gz) for the CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DB } from '@/db/client';
import { DB_PREFIX, getStoredWorkload } from '@/db/queries/workloads';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { BUILTIN_PREFIX, BUILTINS, loadBuiltin } from './builtin';
import { MAX_TRACE_BYTES, parseTrace } from './parse';
import type { Workload } from './types';

export type WorkloadRef = { kind: 'builtin'; name: string } | { kind: 'db'; id: number };

/** Parses a reference, or ValidationError (400) saying which forms exist. */
export function parseWorkloadRef(ref: string): WorkloadRef {
  if (ref.startsWith(BUILTIN_PREFIX)) return { kind: 'builtin', name: ref.slice(BUILTIN_PREFIX.length) };
  const digits = ref.startsWith(DB_PREFIX) ? ref.slice(DB_PREFIX.length) : ref;
  if (/^\d{1,15}$/.test(digits) && Number(digits) > 0) return { kind: 'db', id: Number(digits) };
  throw new ValidationError(
    `workload "${ref.slice(0, 80)}" must be builtin:NAME (${BUILTINS.map((b) => b.name).join(', ')}) or db:ID`,
  );
}

/** The workload behind `ref` with all its requests, or NotFoundError (404). */
export function loadWorkload(db: DB, ref: string): Workload {
  const r = parseWorkloadRef(ref);
  if (r.kind === 'builtin') {
    const w = loadBuiltin(r.name);
    if (!w)
      throw new NotFoundError(
        `no built-in workload "${r.name}" (built-in: ${BUILTINS.map((b) => BUILTIN_PREFIX + b.name).join(', ')})`,
      );
    return w;
  }
  const w = getStoredWorkload(db, r.id);
  if (!w) throw new NotFoundError(`workload ${DB_PREFIX}${r.id} not found`);
  return {
    ref: w.ref,
    name: w.name,
    source: w.source,
    startedAt: w.startedAt,
    durationS: w.durationS,
    requests: w.requests,
    attribution: w.attribution,
  };
}

/** A built-in reference, or a trace file (the CLI's `--trace FILE|builtin:NAME`); no database. */
export function loadTraceArg(arg: string): Workload {
  if (arg.startsWith(BUILTIN_PREFIX)) {
    const w = loadBuiltin(arg.slice(BUILTIN_PREFIX.length));
    if (!w)
      throw new Error(
        `no built-in workload "${arg}" (built-in: ${BUILTINS.map((b) => BUILTIN_PREFIX + b.name).join(', ')})`,
      );
    return w;
  }
  return readTraceFile(arg);
}

/** Reads and parses a trace CSV (gzip when the name ends in .gz), refusing files over the limit. */
export function readTraceFile(file: string): Workload {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw new Error(`${file}: cannot read trace (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const gz = file.endsWith('.gz');
  if (size > MAX_TRACE_BYTES)
    throw new Error(`${file}: file is larger than ${Math.round(MAX_TRACE_BYTES / 1024 / 1024)} MB`);
  const raw = fs.readFileSync(file);
  let text: string;
  try {
    text = (gz ? gunzipSync(raw, { maxOutputLength: MAX_TRACE_BYTES + 1 }) : raw).toString('utf8');
  } catch (e) {
    throw new Error(
      `${file}: ${gz ? 'not a readable gzip file or larger than the limit' : 'cannot read'} (${(e as Error).message})`,
    );
  }
  const name = path.basename(file);
  const p = parseTrace(text, name);
  return {
    ref: `file:${name}`,
    name,
    source: 'upload',
    startedAt: p.startedAt,
    durationS: p.durationS,
    requests: p.requests,
  };
}
