/**
 * GET /api/configs and GET /api/fits on a real SQLite file holding a simulated sweep: the route
 * handlers as Next runs them, the numbers checked against lib/stats and the simulator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { describe as describeValues } from '@/lib/stats';
import { freshProcessDb, principalFixture, req } from '../auth/helpers';
import { simulateOffline } from '@/lib/runner/sim/offline';
import { simSweep, SWEEP_REQUESTS } from '../models/sim-sweep';

let db: DB;
let token: string;
let study: number;
let flatStudy: number;
beforeAll(() => {
  db = freshProcessDb('configs-fits');
  token = principalFixture(db, 'cfg-viewer', 'viewer').token;
  study = createStudy(db, { name: 'sweep' }).id;
  insertRuns(db, study, simSweep({ ins: [128, 256, 512, 1024, 2048], outs: [32, 64, 128, 256], repeats: 3, seed: 7 }));
  // A second study whose design never varies the input length.
  flatStudy = createStudy(db, { name: 'flat' }).id;
  insertRuns(db, flatStudy, simSweep({ ins: [512], outs: [32, 64, 128, 256], repeats: 2, seed: 8 }));
});

const get = async (path: string, auth = true) => {
  const mod = path.startsWith('/api/configs')
    ? await import('@/app/api/configs/route')
    : await import('@/app/api/fits/route');
  return mod.GET(req(path, auth ? { token } : {}));
};

describe('GET /api/configs', () => {
  it('one configuration per grid point with n = 3 and intervals computed from the runs', async () => {
    const res = await get(`/api/configs?study=${study}&model=meta-llama/Llama-3.1-8B-Instruct&gpu=H100-SXM`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.configs).toHaveLength(20);
    const c = body.configs.find(
      (x: { knobs: Record<string, number> }) => x.knobs.input_len === 512 && x.knobs.output_len === 64,
    );
    expect(c).toMatchObject({ model: 'meta-llama/Llama-3.1-8B-Instruct', gpu: 'H100-SXM', n: 3, simulated: true });
    expect(c.runIds).toHaveLength(3);
    // Independent check: the same values through lib/stats (n = 3 < 8: Student t even for a ratio).
    const rows = db.$client
      .prepare(`SELECT energy_per_output_token_j FROM runs WHERE id IN (${c.runIds.join(',')})`)
      .pluck()
      .all() as number[];
    const d = describeValues(rows);
    const m = c.metrics.energy_per_output_token_j;
    expect(m.mean).toBeCloseTo(d.mean, 12);
    expect(m.sd).toBeCloseTo(d.sd!, 12);
    expect(m.ci95[0]).toBeCloseTo(d.ci95![0], 12);
    expect(m.method).toBe('t');
    expect(body.recommendation.sentence).toMatch(/bootstrap resamples/);
    expect(body.frontier.length).toBeGreaterThan(0);
  });
  it('needs a reader; bad parameters are 400 naming the parameter', async () => {
    expect((await get(`/api/configs?study=${study}`, false)).status).toBe(401);
    const bad = await get('/api/configs?study=abc');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^study:/);
    expect((await (await get('/api/configs?slo.nope=3')).json()).error.message).toMatch(/slo\.nope: unknown metric/);
  });
});

describe('GET /api/fits', () => {
  it('fits E(in, out) with n, R^2, CV MAPE, residuals and flagged predictions with intervals', async () => {
    const res = await get(
      `/api/fits?study=${study}&model=meta-llama/Llama-3.1-8B-Instruct&gpu=H100-SXM&target=energy_per_request_j&predict=768:96`,
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.form).toBe('a*in+b*out+c*in*out');
    expect(Object.keys(body.coefficients).sort()).toEqual(['in', 'in_out', 'out']);
    expect(body.n).toBe(60);
    expect(body.r2).toBeGreaterThan(0.99);
    expect(body.cv_mape).toBeGreaterThan(0);
    expect(body.cv_mape).toBeLessThan(0.05);
    expect(body.residuals).toHaveLength(60);
    expect(body.linear).toBeUndefined();
    expect(body.groups).toBeUndefined();
    const [p] = body.predictions;
    expect(p.predicted).toBe(true);
    expect(p.interval[0]).toBeLessThan(p.value);
    expect(p.interval[1]).toBeGreaterThan(p.value);
    // The simulator itself (no noise) at the unmeasured point lies within 3% of the prediction and inside its interval.
    const truth =
      simulateOffline({
        gpu: 'H100-SXM',
        model: 'llama-3.1-8b',
        maxNumSeqs: 16,
        requests: SWEEP_REQUESTS,
        inputLen: 768,
        outputLen: 96,
      }).energyJ / SWEEP_REQUESTS;
    expect(Math.abs(p.value / truth - 1)).toBeLessThan(0.03);
    expect(p.interval[0]).toBeLessThan(truth);
    expect(p.interval[1]).toBeGreaterThan(truth);
  });
  it('422 with the reason when the design does not vary the inputs', async () => {
    const res = await get(`/api/fits?study=${flatStudy}&target=energy_per_request_j`);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('unfittable');
    expect(body.error.message).toMatch(/input length does not vary \(every run has in = 512\)/);
    const none = await get('/api/fits?study=999999');
    expect(none.status).toBe(422);
    expect((await none.json()).error.message).toMatch(/no runs match/);
  });
  it('400 for a target that cannot be fitted', async () => {
    const res = await get(`/api/fits?study=${study}&target=ttft_ms_p99`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/target: "ttft_ms_p99" cannot be fitted/);
  });
});
