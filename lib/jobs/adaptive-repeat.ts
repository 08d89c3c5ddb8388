/**
 * Adaptive repetitions in the queue (spec.adaptive, lib/sweeps/adaptive.ts): when a point of an
 * adaptive sweep ends and none of its repeats (same knobs) is still queued or running, decide from
 * the energy per output token of the repeats that produced a run whether to queue one more repeat.
 * Runs inside the transaction that ends the point, before the sweep's state is rolled up, so the
 * sweep never looks finished while a repeat is about to be added.
 */
import type { DB } from '@/db/client';
import { nextStep, policyOfSpec, type AdaptiveDecision } from '@/lib/sweeps/adaptive';

interface Sibling {
  id: number;
  idx: number;
  rep: number;
  state: string;
  energy: number | null;
}

/** Same knobs, compared as canonical JSON (key order does not matter). */
const canon = (json: string) => {
  const o = JSON.parse(json) as Record<string, number>;
  return JSON.stringify(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
};

/** Queues one more repeat of the point's knobs when the policy asks for it; returns the decision. */
export function adaptiveFollowUp(db: DB, pointId: number): AdaptiveDecision | null {
  const c = db.$client;
  const p = c.prepare('SELECT sweep_id AS sweepId, knobs FROM sweep_points WHERE id = ?').get(pointId) as
    { sweepId: number; knobs: string } | undefined;
  if (!p) return null;
  const sweep = c.prepare('SELECT spec, cancel_requested AS cancel FROM sweeps WHERE id = ?').get(p.sweepId) as
    { spec: string; cancel: number } | undefined;
  if (!sweep || sweep.cancel) return null;
  const policy = policyOfSpec(JSON.parse(sweep.spec) as Parameters<typeof policyOfSpec>[0]);
  if (!policy) return null;
  const key = canon(p.knobs);
  const siblings = (
    c
      .prepare(
        `SELECT sp.id, sp.idx, sp.rep, sp.state, sp.knobs, r.energy_per_output_token_j AS energy
           FROM sweep_points sp LEFT JOIN runs r ON r.id = sp.run_id WHERE sp.sweep_id = ?`,
      )
      .all(p.sweepId) as (Sibling & { knobs: string })[]
  ).filter((s) => canon(s.knobs) === key);
  if (siblings.some((s) => s.state === 'queued' || s.state === 'running')) return null;
  // A user-cancelled repeat ends the point's repetitions.
  if (siblings.some((s) => s.state === 'cancelled')) return null;
  const made = siblings.filter((s) => s.state === 'done' || s.state === 'failed');
  const energies = made.flatMap((s) => (s.state === 'done' && s.energy !== null ? [s.energy] : []));
  const d = nextStep(energies, made.length, policy);
  if (d.action !== 'repeat') return d;
  const next = c
    .prepare('SELECT coalesce(max(idx), -1) + 1 AS idx FROM sweep_points WHERE sweep_id = ?')
    .get(p.sweepId) as { idx: number };
  c.prepare(
    `INSERT INTO sweep_points (sweep_id, idx, rep, knobs, state, phase, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)`,
  ).run(
    p.sweepId,
    next.idx,
    Math.max(...siblings.map((s) => s.rep)) + 1,
    p.knobs,
    `adaptive repeat: ${d.reason}`.slice(0, 200),
    Date.now(),
  );
  return d;
}
