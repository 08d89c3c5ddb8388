/**
 * What each finished sweep point measured, for the sweep page's result columns: energy per
 * output token, p99 inter-token latency, output throughput, and whether the run was flagged
 * unstable (with the reason), read from the points' runs. A point that is "done" with an unstable
 * run is not a clean result, and the sweep page says so.
 */
import type { DB } from '@/db/client';

export interface PointResult {
  energyPerOutputTokenJ: number | null;
  itlMsP99: number | null;
  outputThroughputTps: number | null;
  stable: boolean;
  unstableReason: string | null;
}

interface Row {
  id: number;
  e: number | null;
  itl: number | null;
  tps: number | null;
  stable: number | null;
  reason: string | null;
}

/** Run id -> its result (ids not found are absent). One query; ids passed as one JSON parameter. */
export function sweepPointResults(db: DB, runIds: readonly number[]): Record<number, PointResult> {
  // A plain object (it crosses to a client component, which refuses null prototypes); its keys are
  // integer run ids from the database, never input.
  const out: Record<number, PointResult> = {};
  if (!runIds.length) return out;
  const rows = db.$client
    .prepare(
      `SELECT id, energy_per_output_token_j AS e, itl_ms_p99 AS itl, output_throughput_tps AS tps,
              json_extract(doc, '$.stability.stable') AS stable, json_extract(doc, '$.stability.reason') AS reason
         FROM runs WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(runIds)) as Row[];
  for (const r of rows)
    out[r.id] = {
      energyPerOutputTokenJ: r.e,
      itlMsP99: r.itl,
      outputThroughputTps: r.tps,
      // No stability block: nothing was flagged.
      stable: r.stable !== 0,
      unstableReason: r.stable === 0 ? (r.reason ?? 'no reason given') : null,
    };
  return out;
}

/** Sweep id -> how many of its points' runs are flagged unstable (sweeps without any are absent). */
export function unstableCountsBySweep(db: DB): Map<number, number> {
  const rows = db.$client
    .prepare(
      `SELECT sp.sweep_id AS sweep, COUNT(*) AS n
         FROM runs r JOIN sweep_points sp ON r.sweep_point_id = sp.id
        WHERE json_extract(r.doc, '$.stability.stable') = 0
        GROUP BY sp.sweep_id`,
    )
    .all() as { sweep: number; n: number }[];
  return new Map(rows.map((r) => [r.sweep, r.n]));
}
