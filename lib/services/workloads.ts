/**
 * Workloads for the API and the pages: the list (built-in and stored), one workload's summary,
 * and creating one from an uploaded trace or a synthetic spec. Nothing is stored unless the whole
 * trace parses.
 */
import type { DB } from '@/db/client';
import { getWorkloadInfo, insertWorkload, listWorkloads, type StoredWorkloadInfo } from '@/db/queries/workloads';
import { ValidationError } from '@/lib/errors';
import { BUILTINS, BUILTIN_PREFIX, loadBuiltin } from '@/lib/workloads/builtin';
import { loadWorkload, parseWorkloadRef } from '@/lib/workloads/load';
import { parseTrace, TraceParseError } from '@/lib/workloads/parse';
import { summarizeWorkload, type WorkloadSummary } from '@/lib/workloads/stats';
import { generateSynthetic, syntheticSpecSchema } from '@/lib/workloads/synthetic';
import type { WorkloadAttribution, WorkloadSource } from '@/lib/workloads/types';
import { formatIssues } from '@/lib/record/schema';

export type WorkloadListItem = {
  ref: string;
  id?: number;
  name: string;
  source: WorkloadSource;
  description?: string;
  requestCount: number;
  durationS: number;
  meanRateRps: number;
  attribution?: WorkloadAttribution;
  createdBy?: string | null;
  createdAt?: string;
};

const fromStored = (i: StoredWorkloadInfo): WorkloadListItem => ({
  ref: i.ref,
  id: i.id,
  name: i.name,
  source: i.source,
  requestCount: i.requestCount,
  durationS: i.durationS,
  meanRateRps: i.durationS > 0 ? i.requestCount / i.durationS : 0,
  attribution: i.attribution ?? undefined,
  createdBy: i.createdByName,
  createdAt: i.createdAt,
});

/** Built-in first (in their fixed order), then stored ones, newest first. */
export function listAllWorkloads(db: DB): WorkloadListItem[] {
  const builtin = BUILTINS.map((b): WorkloadListItem => {
    const w = loadBuiltin(b.name)!;
    return {
      ref: BUILTIN_PREFIX + b.name,
      name: b.title,
      source: 'builtin',
      description: b.description,
      requestCount: w.requests.length,
      durationS: w.durationS,
      meanRateRps: w.durationS > 0 ? w.requests.length / w.durationS : 0,
      attribution: b.attribution,
    };
  });
  return [...builtin, ...listWorkloads(db).map(fromStored)];
}

export type WorkloadDetail = WorkloadSummary & {
  id?: number;
  description?: string;
  spec?: Record<string, unknown> | null;
  fileName?: string | null;
  createdBy?: string | null;
  createdAt?: string;
};

/** The summary of `ref` (404 when unknown); `rateBinS` chooses the rate chart's interval. */
export function workloadDetail(db: DB, ref: string, rateBinS?: number): WorkloadDetail {
  const w = loadWorkload(db, ref);
  const r = parseWorkloadRef(ref);
  let summary: WorkloadSummary;
  try {
    summary = summarizeWorkload(w, rateBinS);
  } catch (e) {
    throw new ValidationError(`binS: ${(e as Error).message}`);
  }
  if (r.kind === 'builtin') return { ...summary, description: BUILTINS.find((b) => b.name === r.name)?.description };
  const info = getWorkloadInfo(db, r.id)!;
  return {
    ...summary,
    id: info.id,
    spec: info.spec,
    fileName: info.fileName,
    createdBy: info.createdByName,
    createdAt: info.createdAt,
  };
}

type Who = { userId: number | null; name: string };

const cleanName = (name: unknown, fallback: string): string => {
  if (name === undefined || name === null || name === '') return fallback.slice(0, 200);
  if (typeof name !== 'string' || !name.trim() || name.trim().length > 200 || /[\u0000-\u001f\u007f]/.test(name))
    throw new ValidationError('name must be 1-200 printable characters');
  return name.trim();
};

/** Stores an uploaded trace (CSV text); 400 naming file, line and column when it does not parse. */
export function createUploadedWorkload(
  db: DB,
  input: { text: string; fileName: string; name?: unknown; who: Who },
): number {
  let parsed;
  try {
    parsed = parseTrace(input.text, input.fileName);
  } catch (e) {
    if (e instanceof TraceParseError) throw new ValidationError(e.message);
    throw e;
  }
  return insertWorkload(db, {
    name: cleanName(input.name, input.fileName),
    source: 'upload',
    fileName: input.fileName,
    startedAt: parsed.startedAt,
    durationS: parsed.durationS,
    requests: parsed.requests,
    attribution: { text: `Uploaded trace ${input.fileName} (by ${input.who.name})` },
    createdBy: input.who.userId,
    createdByName: input.who.name,
  });
}

/** Generates and stores a synthetic workload from its spec (lengths from another workload). */
export function createSyntheticWorkload(db: DB, body: unknown, who: Who): number {
  const r = syntheticSpecSchema.safeParse(body);
  if (!r.success) throw new ValidationError(formatIssues(r.error.issues));
  const spec = r.data;
  const lengths = loadWorkload(db, spec.lengthsFrom);
  let w;
  try {
    w = generateSynthetic(spec, lengths);
  } catch (e) {
    throw new ValidationError((e as Error).message);
  }
  if (!w.requests.length) throw new ValidationError('this spec makes no requests (every rate is 0)');
  return insertWorkload(db, {
    ...w,
    name: cleanName(spec.name, w.name),
    source: 'synthetic',
    spec: spec as unknown as Record<string, unknown>,
    createdBy: who.userId,
    createdByName: who.name,
  });
}
