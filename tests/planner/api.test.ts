/**
 * The plans API on a real SQLite file: POST /api/plans from the simulated demo study and the
 * built-in conversation trace, GET /api/plans/:id in the documented shape, 422 with the reason
 * when no configuration meets the SLO, 400 naming the bad key, validation by replay stored with
 * the plan, and pinning into a new report (frozen into its snapshot).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { getReportOrThrow } from '@/db/queries/reports';
import { simDemoRecords } from '@/db/demo-sim';
import { freshProcessDb, principalFixture, req } from '../auth/helpers';
import type { PlanJson } from '@/lib/planner/service';
import type { PlanValidation } from '@/lib/planner/replay/types';
import type { PlanBlock } from '@/lib/planner/block';

type ErrorBody = { error: { code: string; message: string } };
type Snapshot = { plans?: PlanBlock[] };

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
let db: DB;
let token: string;
let viewer: string;
let study: number;

beforeAll(() => {
  db = freshProcessDb('plans-api');
  token = principalFixture(db, 'plan-engineer', 'engineer').token;
  viewer = principalFixture(db, 'plan-viewer', 'viewer').token;
  study = createStudy(db, { name: 'sim clock sweep' }).id;
  const records = simDemoRecords({ validate: false }).filter((r) => r.model.id === MODEL);
  db.transaction(() => insertRuns(db, study, records));
}, 60_000);

const body = (over: Record<string, unknown> = {}) => ({
  study,
  model: MODEL,
  workload: 'builtin:azure-conv-2023',
  durationS: 600,
  slo: { ttft_ms_p99: 2000, tpot_ms_p99: 100 },
  intervalS: 60,
  ...over,
});

async function post(b: unknown, t = token) {
  const { POST } = await import('@/app/api/plans/route');
  return POST(req('/api/plans', { method: 'POST', token: t, body: b }));
}
const ctx = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

describe('plans API', () => {
  let id: number;

  it('POST creates a plan; GET returns the schedule and totals', async () => {
    const res = await post(body());
    expect(res.status).toBe(201);
    id = ((await res.json()) as { id: number }).id;
    const { GET } = await import('@/app/api/plans/[id]/route');
    const plan = (await (await GET(req(`/api/plans/${id}`, { token: viewer }), ctx(id))).json()) as PlanJson;
    expect(plan.intervals).toHaveLength(10);
    const iv = plan.intervals[0];
    expect(iv).toMatchObject({
      startS: 0,
      config: {
        instances: expect.any(Number),
        knobs: {
          sm_clock_mhz: expect.any(Number),
          power_limit_w: expect.any(Number),
          tp: expect.any(Number),
          max_num_seqs: expect.any(Number),
        },
      },
    });
    expect(iv.rateRps).toBeGreaterThan(0);
    expect(iv.predicted.energyJ).toBeGreaterThan(0);
    expect(iv.predicted.latencyMs.ttft_ms_p99).toBeLessThanOrEqual(2000);
    const sum = plan.intervals.reduce((a, x) => a + x.predicted.energyJ, 0);
    expect(plan.totals.energyKwh * 3.6e6).toBeCloseTo(sum, 3);
    expect(plan.totals.savingsPct).toBeCloseTo(
      (100 * (plan.totals.baselineEnergyKwh - plan.totals.energyKwh)) / plan.totals.baselineEnergyKwh,
      6,
    );
    expect(plan.context).toMatchObject({
      gpu: 'NVIDIA H100 80GB HBM3',
      simulated: true,
      workloadName: expect.stringMatching(/conversation/i),
    });
    expect(plan.inputs).toMatchObject({ baseline: 'max_clock_static', idleWPerGpu: 70 });
    expect(plan.validation).toBeNull();
  });

  it('422 with the reason when no configuration meets the SLO', async () => {
    const res = await post(body({ slo: { ttft_ms_p99: 5 } }));
    expect(res.status).toBe(422);
    const e = (await res.json()) as { error: { code: string; message: string } };
    expect(e.error.code).toBe('infeasible');
    expect(e.error.message).toMatch(/no configuration meets ttft_ms_p99 <= 5 ms/);
  });

  it('400 naming the bad key; 404 for an unknown workload; viewers may not create', async () => {
    const bad = await post(body({ slo: { ttft_ms_mean: 100 } }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toMatch(/slo\.ttft_ms_mean/);
    const interval = await post(body({ intervalS: 1 }));
    expect(((await interval.json()) as ErrorBody).error.message).toMatch(/^intervalS:/);
    expect((await post(body({ workload: 'builtin:nope' }))).status).toBe(404);
    expect((await post(body(), viewer)).status).toBe(403);
  });

  it('predicted clocks: on by default with their notes, off with "predictions": false, strictly typed', async () => {
    const { GET } = await import('@/app/api/plans/[id]/route');
    const get = async (pid: number) =>
      (await (await GET(req(`/api/plans/${pid}`, { token: viewer }), ctx(pid))).json()) as PlanJson;
    const on = await get(id);
    expect(on.inputs.predictions).toBe(true);
    expect(on.predictions).toMatchObject({ enabled: true, families: expect.any(Number), notes: expect.any(Array) });
    expect(on.predictions!.points).toBeGreaterThan(0);
    const offId = ((await (await post(body({ predictions: false }))).json()) as { id: number }).id;
    const off = await get(offId);
    expect(off.predictions).toMatchObject({ enabled: false, points: 0, chosenIntervals: 0, notes: [] });
    expect(off.intervals.some((iv) => iv.config.predicted)).toBe(false);
    const bad = await post(body({ predictions: 'no' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toMatch(/^predictions:/);
  });

  it('validation by replay is stored with the plan', async () => {
    const { POST } = await import('@/app/api/plans/[id]/validate/route');
    const res = await POST(req(`/api/plans/${id}/validate`, { method: 'POST', token }), ctx(id));
    expect(res.status).toBe(200);
    const v = (await res.json()) as PlanValidation;
    expect(v.simulated).toBe(true);
    expect(Math.abs(v.errorPct)).toBeLessThan(10);
    expect(v.passed).toEqual({ energyWithin10Pct: true, sloAttained: true });
    const { GET } = await import('@/app/api/plans/[id]/route');
    const plan = (await (await GET(req(`/api/plans/${id}`, { token }), ctx(id))).json()) as PlanJson;
    expect(plan.validation!.measuredEnergyJ).toBeCloseTo(v.measuredEnergyJ, 6);
  });

  it('pins into a new report: the block is frozen in the snapshot', async () => {
    const { POST } = await import('@/app/api/plans/[id]/pin/route');
    const res = await POST(req(`/api/plans/${id}/pin`, { method: 'POST', token, body: {} }), ctx(id));
    expect(res.status).toBe(201);
    const { reportId } = (await res.json()) as { reportId: number };
    const snap = getReportOrThrow(db, reportId).snapshot as Snapshot;
    expect(snap.plans).toHaveLength(1);
    expect(snap.plans![0].planId).toBe(id);
    expect(snap.plans![0].sentence).toMatch(
      /^This schedule saves .* kWh and \$.* per month against running at max clock/,
    );
    expect(snap.plans![0].series).toHaveLength(10);
    // Pinning again replaces the block (one per plan).
    await POST(req(`/api/plans/${id}/pin`, { method: 'POST', token, body: { reportId } }), ctx(id));
    expect((getReportOrThrow(db, reportId).snapshot as Snapshot).plans).toHaveLength(1);
  });
});
