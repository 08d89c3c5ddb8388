/**
 * The overview's headline numbers are computed from the store, live: on a real SQLite file seeded
 * with both demo studies they match a direct recomputation, and they change when runs change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { insertRuns } from '@/db/queries/runs';
import { seedDemoIfEmpty } from '@/db/seed';
import { computeOverview } from '@/lib/overview';
import { median } from '@/lib/overview/clock-finding';
import { makeRecord } from '../helpers/records';

const SIM_70B = 'meta-llama/Llama-3.1-70B-Instruct';
let dir: string;
let db: DB;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-overview-'));
  db = openDb(path.join(dir, 'overview.db'));
  seedDemoIfEmpty(db);
}, 60_000); // seeding 2,056 runs takes ~2 s; a loaded CI machine gets headroom
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Median over configurations of mean(metric at clock) / mean(metric at 1980), 70B TP4, 700 W. */
function ratioFromSql(simStudy: number, clock: number, metric: string): number {
  const rows = db.$client
    .prepare(
      `SELECT max_num_seqs, input_len, sm_clock_mhz, AVG(${metric}) FROM runs
       WHERE study_id = ? AND model_id = ? AND tp = 4 AND power_limit_w = 700 AND sm_clock_mhz IN (?, 1980)
       GROUP BY max_num_seqs, input_len, sm_clock_mhz`,
    )
    .raw(true)
    .all(simStudy, SIM_70B, clock) as [number, number, number, number][];
  const by = new Map<string, Map<number, number>>();
  for (const [m, i, c, v] of rows) by.set(`${m}|${i}`, (by.get(`${m}|${i}`) ?? new Map()).set(c, v));
  return median([...by.values()].filter((x) => x.has(clock) && x.has(1980)).map((x) => x.get(clock)! / x.get(1980)!));
}

describe('overview headlines on the demo studies', () => {
  it('counts both studies and pluralises', () => {
    const o = computeOverview(db);
    expect(o.studies.map((s) => [s.runs, s.simulatedRuns])).toEqual([
      [328, 0],
      [1728, 1728],
    ]);
    expect(o.totalRuns).toBe(2056);
    expect(o.simulatedRuns).toBe(1728);
  });

  it('clock finding: simulated 70B TP4, 1.6 GHz keeps >= 90% throughput for < 80% energy, equal to SQL', () => {
    const o = computeOverview(db);
    const sim = o.studies[1].id;
    const c = o.clock!;
    expect(c).toMatchObject({
      studyId: sim,
      model: SIM_70B,
      tp: 4,
      simulated: true,
      topMhz: 1980,
      lowMhz: 1600,
      powerLimitW: 700,
      configurations: 8,
    });
    expect(c.throughputRatio).toBeCloseTo(ratioFromSql(sim, 1600, 'output_throughput_tps'), 12);
    expect(c.energyRatio).toBeCloseTo(ratioFromSql(sim, 1600, 'energy_per_output_token_j'), 12);
    expect(c.throughputRatio).toBeGreaterThanOrEqual(0.9);
    expect(c.energyRatio).toBeLessThan(0.8);
    expect(c.href).toContain(`study=${sim}`);
    expect(c.href).toContain('color=sm_clock_mhz');
  });

  it('studies above the size bound are listed but not summarised', () => {
    const o = computeOverview(db, { maxStudyRuns: 1000 }); // the simulated study has 1,728 runs
    expect(o.studies).toHaveLength(2);
    expect(o.clock).toBeNull();
    expect(o.optima?.studyId).toBe(o.studies[0].id);
    expect(computeOverview(db, { maxStudyRuns: 100 }).optima).toBeNull();
  });

  it('clock finding changes when the runs change', () => {
    const sim = computeOverview(db).studies[1].id;
    const before = computeOverview(db).clock!;
    const where = `study_id = ${sim} AND model_id = '${SIM_70B}' AND tp = 4 AND sm_clock_mhz = 1600`;
    db.$client
      .prepare(`UPDATE runs SET energy_per_output_token_j = energy_per_output_token_j / 2 WHERE ${where}`)
      .run();
    const halved = computeOverview(db).clock!;
    expect(halved.lowMhz).toBe(1600);
    expect(halved.energyRatio).toBeCloseTo(before.energyRatio / 2, 12);
    // Without the 1.6 GHz runs the headline moves to the next clock that keeps 90% of throughput.
    db.$client.prepare(`DELETE FROM runs WHERE ${where}`).run();
    const after = computeOverview(db).clock!;
    expect(after.lowMhz).not.toBe(1600);
    expect(after.lowMhz).toBe(1800);
    expect(after.energyRatio).toBeCloseTo(ratioFromSql(sim, 1800, 'energy_per_output_token_j'), 12);
  });

  it('per-model optimum under the SLO, SLO price and GPU comparison follow the runs', () => {
    const o = computeOverview(db);
    const opt = o.optima!;
    expect(opt.studyId).toBe(o.studies[0].id); // measured data first
    expect(opt.rows).toHaveLength(32); // 18 models, each per GPU
    for (const r of opt.rows) if (r.run) expect(r.run.itlP99).toBeLessThanOrEqual(100);
    const row = () =>
      computeOverview(db).optima!.rows.find((r) => r.model === 'meta-llama/Llama-3.1-8B-Instruct' && r.gpu === 'H100')!;
    const ref = db.$client
      .prepare(
        `SELECT id, energy_per_output_token_j FROM runs WHERE study_id = ? AND model_id = 'meta-llama/Llama-3.1-8B-Instruct' AND gpu_model = 'H100' AND itl_ms_p99 <= 100 ORDER BY 2 LIMIT 1`,
      )
      .get(opt.studyId) as { id: number; energy_per_output_token_j: number };
    expect(row().run).toMatchObject({ id: ref.id, energy: ref.energy_per_output_token_j });
    expect(opt.gpu).toMatchObject({ better: 'B200', worse: 'H100' });
    const priceBefore = opt.price!.medianExtra;
    const gpuBefore = opt.gpu!.energyRatio;

    // A new run of that model on that GPU, better and within the SLO, becomes its optimum.
    const rec = makeRecord({
      label: 'new 8B run',
      model: { id: 'meta-llama/Llama-3.1-8B-Instruct' },
      hardware: { gpu_model: 'H100', gpu_count: 1, simulated: false },
      knobs: { max_num_seqs: 48, tp: 1 },
      metrics: { energy_per_output_token_j: 0.05, itl_ms_p99: 40, output_throughput_tps: 4000 },
    });
    const { ids } = insertRuns(db, opt.studyId, [rec]);
    const after = computeOverview(db).optima!;
    expect(row().run).toMatchObject({ id: ids[0], energy: 0.05, itlP99: 40, maxNumSeqs: 48 });
    expect(after.rows.find((r) => r.run?.id === ids[0])!.unconstrainedEnergy).toBe(0.05);
    // The GPU comparison is the median over models on both GPUs of B200 / H100 optimum energy.
    const gpuRatio = (rows: typeof after.rows) => {
      const e = (m: string, g: string) => rows.find((r) => r.model === m && r.gpu === g)?.run?.energy;
      const models = [...new Set(rows.map((r) => r.model))].filter((m) => e(m, 'B200') && e(m, 'H100'));
      return median(models.map((m) => e(m, 'B200')! / e(m, 'H100')!));
    };
    expect(gpuBefore).toBeCloseTo(gpuRatio(opt.rows), 12);
    expect(after.gpu!.energyRatio).toBeCloseTo(gpuRatio(after.rows), 12);

    // A stricter effective SLO (every p99 ITL doubled) can only raise what the SLO costs.
    db.$client.prepare('UPDATE runs SET itl_ms_p99 = itl_ms_p99 * 2 WHERE study_id = ?').run(opt.studyId);
    const strict = computeOverview(db).optima!;
    expect(strict.price!.medianExtra).toBeGreaterThan(after.price!.medianExtra);
    expect(strict.price!.medianExtra).toBeGreaterThan(priceBefore);
    for (const r of strict.rows) if (r.run) expect(r.run.itlP99).toBeLessThanOrEqual(100);
  });
});
