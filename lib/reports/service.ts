/** Creating reports (freezing a view) and turning a stored report into what the pages render. */
import { z } from 'zod';
import type { DB } from '@/db/client';
import { listRuns } from '@/db/queries/runs';
import { insertReport, type ReportSummary } from '@/db/queries/reports';
import type { Report } from '@/db/schema';
import { computeExplorerView } from '@/lib/explore/compute';
import { computeSensitivity } from '@/lib/explore/sensitivity';
import { viewStateToQuery, type ViewState } from '@/lib/explore/state';
import type { Principal } from '@/lib/auth/principal';
import { ValidationError } from '@/lib/errors';
import { computeHeadline, computeProvenance } from './analysis';
import { SNAPSHOT_VERSION, type ReportData, type ReportSnapshot, type SnapshotRun } from './types';
import { toViewState, viewInputSchema } from './view';
import { readInputs, reportInputsSchema } from './inputs';

/** Runs frozen into one report at most (the frontier and the recommendation are always kept). */
export const MAX_REPORT_RUNS = 2000;

export const createReportSchema = z
  .object({
    title: z.string().trim().min(1, 'required').max(200),
    notes: z.string().max(100_000).optional(),
    view: viewInputSchema.optional(),
    /** Explorer URL query (e.g. "?x=...&slo.ttft_ms_p99=2000"), what the Create report button sends. */
    query: z.string().max(10_000).optional(),
    runIds: z.array(z.number().int().positive()).max(MAX_REPORT_RUNS).optional(),
    /** Business-unit inputs (traffic, price, grid, scope/PUE), stored with the report. */
    inputs: reportInputsSchema.optional(),
  })
  .strict()
  .refine((b) => b.view !== undefined || b.query !== undefined, { message: 'give "view" or "query"', path: ['view'] });

export type CreateReportInput = z.infer<typeof createReportSchema>;

function fetchRuns(db: DB, ids: number[]): SnapshotRun[] {
  const out: SnapshotRun[] = [];
  for (let i = 0; i < ids.length; i += 900) {
    const chunk = ids.slice(i, i + 900);
    out.push(...(listRuns(db, { ids: chunk, limit: chunk.length, sort: 'id', order: 'asc' }).runs as SnapshotRun[]));
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Computes the view now and copies its runs: later edits or deletions of runs do not change the report. */
export function freezeView(db: DB, view: ViewState, runIds?: number[]): ReportSnapshot {
  const explorer = computeExplorerView(db, view);
  let sensitivity = null;
  try {
    sensitivity = computeSensitivity(db, view);
  } catch {
    sensitivity = null; // sensitivity is optional decoration; never fail a report on it
  }
  const keep = new Set<number>(explorer.frontier);
  if (explorer.recommended !== null) keep.add(explorer.recommended);
  if (explorer.baseline.run) keep.add(explorer.baseline.run.id);
  let ids: number[];
  if (runIds?.length) {
    ids = [...new Set([...runIds, ...keep])];
  } else {
    for (const p of explorer.points) {
      if (keep.size >= MAX_REPORT_RUNS) break;
      keep.add(p.id);
    }
    ids = [...keep];
  }
  const runs = fetchRuns(db, ids.slice(0, MAX_REPORT_RUNS + keep.size));
  if (runIds?.length) {
    const found = new Set(runs.map((r) => r.id));
    const missing = runIds.filter((id) => !found.has(id));
    if (missing.length)
      throw new ValidationError(
        `runIds: no run with id ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`,
      );
  }
  return {
    version: SNAPSHOT_VERSION,
    frozenAt: new Date().toISOString(),
    explorer: {
      ...explorer,
      facets: {
        models: [],
        gpus: [],
        engines: [],
        studies: explorer.facets.studies.filter((x) => x.id === explorer.state.study),
      },
    },
    sensitivity,
    runs,
    runsOmitted: Math.max(0, explorer.counts.plotted - runs.length),
  };
}

export function createReport(db: DB, input: CreateReportInput, by: Principal): Report {
  const view = toViewState(input.query, input.view);
  const snapshot = freezeView(db, view, input.runIds);
  return insertReport(db, {
    title: input.title,
    notes: input.notes ?? '',
    view: view as unknown as Record<string, unknown>,
    snapshot,
    runCount: snapshot.runs.length,
    inputs: input.inputs ?? null,
    createdBy: by.userId,
    createdByName: by.name,
  });
}

/**
 * A report shows its own data and nothing else about the instance: the explorer view keeps facet
 * lists (every study, model, GPU in the database) for its pickers; a report, and above all a
 * share link read by someone without an account, gets only the values of its frozen runs.
 */
function scopedSnapshot(snap: ReportSnapshot): ReportSnapshot {
  const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
  const studyId = snap.explorer.state.study;
  const facets = {
    models: uniq(snap.runs.map((r) => r.model.id)),
    gpus: uniq(snap.runs.map((r) => r.hardware.gpu_model)),
    engines: uniq(snap.runs.map((r) => r.engine.name)),
    studies: snap.explorer.facets.studies.filter((s) => typeof studyId === 'number' && s.id === studyId),
  };
  return { ...snap, explorer: { ...snap.explorer, facets } };
}

export function reportData(r: Report): ReportData {
  const view = r.view as unknown as ViewState;
  const snapshot = scopedSnapshot(r.snapshot as ReportSnapshot);
  const { inputs, stored } = readInputs(r.inputs, view);
  return {
    id: r.id,
    title: r.title,
    notes: r.notes,
    createdAt: r.createdAt,
    createdByName: r.createdByName,
    view,
    query: viewStateToQuery(view),
    snapshot,
    inputs,
    inputsStored: stored,
    headline: computeHeadline(snapshot, view),
    provenance: computeProvenance(snapshot.runs),
  };
}

export function canManageReport(p: Principal, r: Pick<Report, 'createdBy'> | ReportSummary): boolean {
  return p.role === 'admin' || (p.userId !== null && r.createdBy === p.userId);
}
