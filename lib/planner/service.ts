/**
 * Plans end to end, shared by the API, the pages and the CLI: read the study's runs of the model
 * (db/queries/configs.ts), load and bucket the workload (lib/workloads), plan (./plan.ts), store
 * (db/queries/plans.ts); replay a stored plan on the simulated device and store the validation.
 */
import 'server-only';
import type { DB } from '@/db/client';
import { readRunsForConfigs } from '@/db/queries/configs';
import { appendPlanToReport, getPlanOrThrow, insertPlan, setPlanValidation } from '@/db/queries/plans';
import { getReportOrThrow } from '@/db/queries/reports';
import { canManageReport, createReport } from '@/lib/reports/service';
import { getStudyOrThrow } from '@/db/queries/studies';
import type { PlanRow } from '@/db/schema';
import type { Principal } from '@/lib/auth/principal';
import { ForbiddenError, ValidationError } from '@/lib/errors';
import { savingsSentence, type PlanBlock } from './block';
import { GPUS, modelSpec } from '@/lib/runner/sim/specs';
import { bucketRates, sliceWorkload } from '@/lib/workloads';
import { loadWorkload } from '@/lib/workloads/load';
import type { TraceRequest, Workload } from '@/lib/workloads/types';
import { PlanInfeasibleError } from './errors';
import { planInputsSchema, typicalIdleW, type PlanInputs, type PlanInputsIn } from './inputs';
import { measuredPoints } from './measured';
import { predictedPoints } from './predicted';
import { makePlan } from './plan';
import { replayOverHttp } from './replay/http';
import { replayOnSim } from './replay/sim';
import type { PlanValidation } from './replay/types';
import { parseSlo } from './slo';
import type { PlanResult, SloLimit } from './types';
import type { MetricKey } from '@/lib/metrics/keys';

/** What a stored plan keeps besides the planner's result: where its numbers come from. */
export type PlanContext = {
  studyName: string;
  gpu: string;
  gpuOptions: string[];
  simulated: boolean;
  runs: number;
  runsSkipped: number;
  workloadName: string;
  workloadAttribution: Workload['attribution'] | null;
  sliceStartS: number;
  durationS: number;
  idleWPerGpu: number;
};
export type StoredResult = PlanResult & { context: PlanContext };

export type PlanJson = {
  id: number;
  title: string;
  createdAt: string;
  createdByName: string | null;
  inputs: PlanInputs;
  validation: PlanValidation | null;
} & StoredResult;

type Slice = { requests: TraceRequest[]; durationS: number; startS: number; workload: Workload };

function workloadSlice(db: DB, inputs: PlanInputs): Slice {
  const workload = loadWorkload(db, inputs.workload);
  if (inputs.startS === undefined && inputs.durationS === undefined)
    return { requests: workload.requests, durationS: workload.durationS, startS: 0, workload };
  try {
    const s = sliceWorkload(workload, { startS: inputs.startS, durationS: inputs.durationS });
    return { requests: s.requests, durationS: s.durationS, startS: s.startS, workload };
  } catch (e) {
    throw new ValidationError((e as Error).message);
  }
}

const meanOf = (xs: readonly TraceRequest[], f: (r: TraceRequest) => number) =>
  xs.reduce((a, r) => a + f(r), 0) / Math.max(1, xs.length);

/** The latency keys a predicted point needs: the SLOs', and the mean E2E latency capacity.ts reads. */
const predictedKeys = (slo: readonly SloLimit[]) =>
  [...new Set([...slo.map((s) => s.key), 'e2e_ms_mean', 'e2e_ms_p50'])] as MetricKey[];

/** Plans one GPU's runs; the caller picks among GPUs. */
function planForGpu(inputs: PlanInputs, runs: ReturnType<typeof readRunsForConfigs>, gpu: string, slice: Slice) {
  const idle = inputs.idleWPerGpu ?? typicalIdleW(gpu);
  if (idle === null)
    throw new ValidationError(`idleWPerGpu: no typical idle power known for "${gpu}"; give the GPU's idle power in W`);
  const { points, skipped } = measuredPoints(runs);
  const slo = parseSlo(inputs.slo);
  const predicted = inputs.predictions ? predictedPoints(runs, predictedKeys(slo)) : null;
  const result = makePlan({
    points: predicted ? [...points, ...predicted.points] : points,
    intervals: bucketRates({ durationS: slice.durationS, requests: slice.requests }, inputs.intervalS),
    durationS: slice.durationS,
    workloadMix: {
      inLen: meanOf(slice.requests, (r) => r.inputTokens),
      outLen: meanOf(slice.requests, (r) => r.outputTokens),
    },
    options: {
      intervalS: inputs.intervalS,
      slo,
      maxUtilisation: inputs.maxUtilisation,
      idleWPerGpu: idle,
      switchCost: inputs.switchCost,
      maxInstances: inputs.maxInstances,
      baseline: inputs.baseline,
      allowCostly: inputs.allowCostly,
    },
    money: {
      pricePerKwh: inputs.pricePerKwh,
      gridGco2PerKwh: inputs.gridGco2PerKwh,
      requestsPerDay: inputs.requestsPerDay,
    },
    predictions: {
      enabled: inputs.predictions,
      families: predicted?.families ?? 0,
      notes: predicted?.notes ?? [],
    },
  });
  return { result, idle, skipped, runs: runs.length - skipped, simulated: runs.every((r) => r.simulated) };
}

export function computePlan(db: DB, raw: PlanInputsIn): { inputs: PlanInputs; result: StoredResult } {
  const parsed = planInputsSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ValidationError(`${i.path.join('.') || 'body'}: ${i.message}`);
  }
  const inputs = parsed.data;
  parseSlo(inputs.slo);
  const study = getStudyOrThrow(db, inputs.study);
  const all = readRunsForConfigs(db, {
    study: inputs.study,
    model: [inputs.model],
    gpu: inputs.gpu ? [inputs.gpu] : undefined,
  });
  if (!all.length)
    throw new ValidationError(
      `study "${study.name}" has no runs of ${inputs.model}${inputs.gpu ? ` on ${inputs.gpu}` : ''}`,
    );
  const gpus = [...new Set(all.map((r) => r.gpu))].sort();
  const slice = workloadSlice(db, inputs);
  // With several GPUs in the study (and none chosen), plan on each and keep the least energy.
  let best: (ReturnType<typeof planForGpu> & { gpu: string }) | null = null;
  let lastError: Error | null = null;
  for (const gpu of gpus) {
    try {
      const p = planForGpu(
        inputs,
        all.filter((r) => r.gpu === gpu),
        gpu,
        slice,
      );
      if (!best || p.result.totals.energyKwh < best.result.totals.energyKwh) best = { ...p, gpu };
    } catch (e) {
      if (!(e instanceof PlanInfeasibleError) && !(e instanceof ValidationError)) throw e;
      lastError = e;
    }
  }
  if (!best) throw lastError!;
  const context: PlanContext = {
    studyName: study.name,
    gpu: best.gpu,
    gpuOptions: gpus,
    simulated: best.simulated,
    runs: best.runs,
    runsSkipped: best.skipped,
    workloadName: slice.workload.name,
    workloadAttribution: slice.workload.attribution ?? null,
    sliceStartS: slice.startS,
    durationS: slice.durationS,
    idleWPerGpu: best.idle,
  };
  return { inputs: { ...inputs, gpu: best.gpu, idleWPerGpu: best.idle }, result: { ...best.result, context } };
}

export function createPlan(db: DB, raw: PlanInputsIn, by: Principal): PlanRow {
  const { inputs, result } = computePlan(db, raw);
  const short = inputs.model.split('/').pop();
  return insertPlan(db, {
    title: inputs.title ?? `${short} on ${result.context.workloadName}`,
    studyId: inputs.study,
    model: inputs.model,
    workloadRef: inputs.workload,
    inputs: inputs as unknown as Record<string, unknown>,
    result: result as unknown as Record<string, unknown>,
    createdBy: by.userId,
    createdByName: by.name,
  });
}

export function planJson(row: PlanRow): PlanJson {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.createdAt,
    createdByName: row.createdByName,
    inputs: row.inputs as unknown as PlanInputs,
    validation: (row.validation as unknown as PlanValidation) ?? null,
    ...(row.result as unknown as StoredResult),
  };
}

/** The simulated GPU behind a study's GPU name ("NVIDIA H100 80GB HBM3" -> H100-SXM), or null. */
export function simGpuKey(gpu: string): string | null {
  for (const [key, spec] of Object.entries(GPUS))
    if (spec.name === gpu || key.toLowerCase() === gpu.toLowerCase()) return key;
  return null;
}

/** Replays a stored plan on the simulated device (virtual time) and stores the validation. */
export function validatePlan(db: DB, id: number): PlanValidation {
  const plan = planJson(getPlanOrThrow(db, id));
  const gpu = simGpuKey(plan.context.gpu);
  if (!gpu)
    throw new ValidationError(
      `the simulated device has no ${plan.context.gpu}: replay this plan on a real server (joulebench plan replay ${id} --url URL)`,
    );
  try {
    modelSpec(plan.inputs.model);
  } catch (e) {
    throw new ValidationError(`${(e as Error).message}: replay this plan on a real server`);
  }
  const slice = workloadSlice(db, plan.inputs);
  const v = replayOnSim({
    gpu,
    model: plan.inputs.model,
    intervals: plan.intervals,
    intervalS: plan.inputs.intervalS,
    durationS: slice.durationS,
    requests: slice.requests,
    slo: parseSlo(plan.inputs.slo),
  });
  setPlanValidation(db, id, v as unknown as Record<string, unknown>);
  return v;
}

/** The report block of a stored plan (./block.ts). */
export function planBlock(plan: PlanJson): PlanBlock {
  const base = plan.baseline.intervals;
  return {
    planId: plan.id,
    title: plan.title,
    pinnedAt: new Date().toISOString(),
    sentence: savingsSentence(plan.totals, plan.baseline.name),
    baselineName: plan.baseline.name,
    totals: plan.totals,
    series: plan.intervals.map((iv, i) => ({
      startS: iv.startS,
      rateRps: iv.rateRps,
      powerW: iv.predicted.avgPowerW,
      baselinePowerW: base[i]?.avgPowerW ?? NaN,
      smClockMhz: iv.config.knobs.sm_clock_mhz,
      instances: iv.config.instances,
      predicted: !!iv.config.predicted,
    })),
    context: {
      studyName: plan.context.studyName,
      model: plan.inputs.model,
      gpu: plan.context.gpu,
      simulated: plan.context.simulated,
      workloadName: plan.context.workloadName,
      attribution: plan.context.workloadAttribution?.text ?? null,
    },
    validation: plan.validation
      ? {
          errorPct: plan.validation.errorPct,
          sloAttained: plan.validation.passed.sloAttained,
          simulated: plan.validation.simulated,
        }
      : null,
  };
}

/** Pins a plan into a report the principal may edit, or into a new report of the plan's study. */
export function pinPlan(
  db: DB,
  id: number,
  target: { reportId?: number; title?: string },
  by: Principal,
): { reportId: number } {
  const plan = planJson(getPlanOrThrow(db, id));
  let reportId = target.reportId;
  if (reportId !== undefined) {
    if (!canManageReport(by, getReportOrThrow(db, reportId)))
      throw new ForbiddenError('only the report owner or an admin can pin into it');
  } else {
    const q = new URLSearchParams();
    if (plan.inputs.study) q.set('study', String(plan.inputs.study));
    q.append('model', plan.inputs.model);
    reportId = createReport(db, { title: target.title ?? `Plan: ${plan.title}`, query: `?${q}` }, by).id;
  }
  appendPlanToReport(db, reportId, planBlock(plan) as unknown as Record<string, unknown>);
  return { reportId };
}

/** Replays a stored plan against a server URL (./replay/http.ts) and stores the validation. */
export async function validatePlanOverHttp(
  db: DB,
  id: number,
  o: { url: string; speedup?: number },
): Promise<PlanValidation> {
  const plan = planJson(getPlanOrThrow(db, id));
  const slice = workloadSlice(db, plan.inputs);
  const v = await replayOverHttp({
    url: o.url,
    model: plan.inputs.model,
    intervals: plan.intervals,
    intervalS: plan.inputs.intervalS,
    durationS: slice.durationS,
    requests: slice.requests,
    slo: parseSlo(plan.inputs.slo),
    speedup: o.speedup,
  });
  setPlanValidation(db, id, v as unknown as Record<string, unknown>);
  return v;
}
