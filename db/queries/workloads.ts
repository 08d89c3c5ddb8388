/** Stored workloads (uploaded and synthetic traces): insert, list, get (with or without requests). */
import { desc, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { workloads, type WorkloadRow } from '@/db/schema';
import { decodeRequests, encodeRequests } from '@/lib/workloads/codec';
import type { Workload, WorkloadAttribution } from '@/lib/workloads/types';

export const DB_PREFIX = 'db:';

export type StoredWorkloadInfo = {
  id: number;
  ref: string;
  name: string;
  source: 'upload' | 'synthetic';
  fileName: string | null;
  spec: Record<string, unknown> | null;
  attribution: WorkloadAttribution | null;
  startedAt: string | null;
  durationS: number;
  requestCount: number;
  createdByName: string | null;
  createdAt: string;
};

const info = (r: Omit<WorkloadRow, 'requests'>): StoredWorkloadInfo => ({
  id: r.id,
  ref: `${DB_PREFIX}${r.id}`,
  name: r.name,
  source: r.source,
  fileName: r.fileName,
  spec: r.spec ?? null,
  attribution: r.attribution ?? null,
  startedAt: r.startedAt,
  durationS: r.durationS,
  requestCount: r.requestCount,
  createdByName: r.createdByName,
  createdAt: r.createdAt,
});

const INFO_COLUMNS = {
  id: workloads.id,
  name: workloads.name,
  source: workloads.source,
  fileName: workloads.fileName,
  spec: workloads.spec,
  attribution: workloads.attribution,
  startedAt: workloads.startedAt,
  durationS: workloads.durationS,
  requestCount: workloads.requestCount,
  createdBy: workloads.createdBy,
  createdByName: workloads.createdByName,
  createdAt: workloads.createdAt,
};

export function insertWorkload(
  db: DB,
  w: Omit<Workload, 'ref'> & {
    source: 'upload' | 'synthetic';
    fileName?: string;
    spec?: Record<string, unknown>;
    createdBy?: number | null;
    createdByName?: string | null;
  },
): number {
  const row = db
    .insert(workloads)
    .values({
      name: w.name,
      source: w.source,
      fileName: w.fileName ?? null,
      spec: w.spec ?? null,
      attribution: w.attribution ?? null,
      startedAt: w.startedAt ?? null,
      durationS: w.durationS,
      requestCount: w.requests.length,
      requests: encodeRequests(w.requests),
      createdBy: w.createdBy ?? null,
      createdByName: w.createdByName ?? null,
    })
    .returning({ id: workloads.id })
    .get();
  return row.id;
}

/** Newest first, without the requests. */
export function listWorkloads(db: DB, limit = 500): StoredWorkloadInfo[] {
  return db
    .select(INFO_COLUMNS)
    .from(workloads)
    .orderBy(desc(workloads.createdAt), desc(workloads.id))
    .limit(limit)
    .all()
    .map(info);
}

export function getWorkloadInfo(db: DB, id: number): StoredWorkloadInfo | undefined {
  const r = db.select(INFO_COLUMNS).from(workloads).where(eq(workloads.id, id)).get();
  return r ? info(r) : undefined;
}

/** The stored workload `id` with its requests, or undefined. */
export function getStoredWorkload(db: DB, id: number): (Workload & { info: StoredWorkloadInfo }) | undefined {
  const r = db.select().from(workloads).where(eq(workloads.id, id)).get();
  if (!r) return undefined;
  const i = info(r);
  return {
    ref: i.ref,
    name: r.name,
    source: r.source,
    startedAt: r.startedAt ?? undefined,
    durationS: r.durationS,
    requests: decodeRequests(r.requests),
    attribution: r.attribution ?? undefined,
    info: i,
  };
}
