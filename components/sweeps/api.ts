/** Client-side calls to /api/sweeps (no server imports: used by 'use client' components). */
export async function api<T = unknown>(url: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
    cache: 'no-store',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(data?.error?.message ?? `${res.status} ${res.statusText}`);
  return data as T;
}

export type PointState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface PointView {
  id: number;
  idx: number;
  rep: number;
  knobs: Record<string, number>;
  state: PointState;
  phase?: string;
  reason?: string;
  runId?: number;
  attempt: number;
  cancelRequested: boolean;
  externalId?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface SweepViewClient {
  id: number;
  name: string;
  state: 'draft' | PointState;
  executor: 'local' | 'slurm';
  simulated: boolean;
  studyId: number | null;
  studyName: string | null;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  spec: Record<string, unknown>;
  points: PointView[];
}

export const STATE_CLASS: Record<string, string> = {
  done: 'badge badge-ok',
  failed: 'badge badge-bad',
  cancelled: 'badge',
  running: 'badge badge-run',
  queued: 'badge',
  draft: 'badge',
};
