/**
 * `joulebench plan ...`: plan a workload from a study (flags), show a plan, and validate it by
 * replay (`joulebench plan replay PLAN`), against the local database (JOULEBENCH_DB) or a
 * dashboard (--server URL --token T, via /api/plans). See docs/planner.md.
 */
import type { Command } from 'commander';
import { getDb } from '@/db/client';
import { getPlanOrThrow } from '@/db/queries/plans';
import { getStudyByName } from '@/db/queries/studies';
import { env } from '@/lib/env';
import type { PlanInputsIn } from '@/lib/planner/inputs';
import type { PlanValidation } from '@/lib/planner/replay/types';
import { predictionLine } from '@/lib/planner/prediction-text';
import { createPlan, planJson, validatePlan, validatePlanOverHttp, type PlanJson } from '@/lib/planner/service';
import { remoteJson as remote, type Remote } from '../remote';

/** "ttft_ms_p99=2000,tpot_ms_p99=100" -> {ttft_ms_p99: 2000, ...} (keys checked by the planner). */
export function parseSloFlag(s: string): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const part of s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([a-z0-9_]+)\s*(?:=|<=)\s*([0-9.eE+]+)$/.exec(part);
    if (!m) throw new Error(`--slo: "${part}" is not KEY=MS (e.g. ttft_ms_p99=2000)`);
    out[m[1]] = Number(m[2]);
  }
  return { ...out };
}

const num = (flag: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${flag}: "${v}" is not a number`);
  return n;
};

const kwh = (x: number) => `${x.toFixed(x < 10 ? 3 : 1)} kWh`;

function printPlan(p: PlanJson) {
  const out = process.stdout;
  out.write(`plan ${p.id} "${p.title}"${p.context.simulated ? ' [SIMULATED study]' : ''}\n`);
  out.write(
    `  ${p.inputs.model} on ${p.context.gpu}, ${p.context.workloadName}, ${p.intervals.length} x ${p.inputs.intervalS} s\n`,
  );
  for (const iv of p.intervals) {
    const k = iv.config.knobs;
    out.write(
      `  t=${String(iv.startS).padStart(6)} s  ${iv.rateRps.toFixed(2).padStart(7)} req/s  ${k.sm_clock_mhz} MHz${iv.config.predicted ? ' (predicted)' : ''} ${k.power_limit_w} W TP${k.tp} mns ${k.max_num_seqs} x${iv.config.instances}  ${Math.round(iv.predicted.avgPowerW)} W  margin ${(iv.predicted.sloMargin * 100).toFixed(0)}%${iv.reconfigured ? '  (reconfigured)' : ''}\n`,
    );
  }
  const t = p.totals;
  out.write(
    `  energy ${kwh(t.energyKwh)} vs ${p.baseline.name} ${kwh(t.baselineEnergyKwh)}: ${t.savingsPct.toFixed(1)}% saved (vs best static: ${t.savingsVsBestStaticPct.toFixed(1)}%)\n`,
  );
  out.write(
    `  per month at the trace's rate: ${kwh(t.atTraceRate.perMonth.kwh)}, $${t.atTraceRate.perMonth.cost.toFixed(2)}, ${t.atTraceRate.perMonth.tco2e.toFixed(3)} tCO2e\n`,
  );
  for (const r of p.reasons) out.write(`  - ${r.text}\n`);
  if (p.predictions) out.write(`  ${predictionLine(p.predictions, p.totals.energyKwh)}\n`);
  for (const n of p.predictions?.notes ?? []) out.write(`    ${n}\n`);
}

function printValidation(v: PlanValidation) {
  const out = process.stdout;
  out.write(
    `replay on ${v.device} (${v.mode}${v.simulated ? ', SIMULATED' : ''}): ${v.completed}/${v.requests} requests\n`,
  );
  for (const iv of v.intervals) {
    const att = Object.entries(iv.attainment)
      .map(([k, a]) => `${k} ${(a * 100).toFixed(1)}%`)
      .join(' ');
    out.write(
      `  t=${String(iv.startS).padStart(6)} s  ${String(iv.requests).padStart(5)} req  predicted ${Math.round(iv.predictedEnergyJ)} J  measured ${Math.round(iv.measuredEnergyJ)} J  (${iv.errorPct >= 0 ? '+' : ''}${iv.errorPct.toFixed(1)}%)  ${att}\n`,
    );
  }
  const att = Object.entries(v.attainment)
    .map(([k, a]) => `${k} ${(a * 100).toFixed(2)}% (target ${(v.targets[k] * 100).toFixed(0)}%)`)
    .join(', ');
  out.write(
    `  total: predicted ${Math.round(v.predictedEnergyJ)} J, measured ${Math.round(v.measuredEnergyJ)} J (${v.errorPct >= 0 ? '+' : ''}${v.errorPct.toFixed(2)}%); SLO attainment ${att}\n`,
  );
  const pc = v.predictedClocks;
  if (pc)
    out.write(
      `  at predicted clocks (${pc.clocksMhz.join(', ')} MHz, ${pc.intervals} interval${pc.intervals === 1 ? '' : 's'}): predicted ${Math.round(pc.predictedEnergyJ)} J, measured ${Math.round(pc.measuredEnergyJ)} J (${pc.errorPct >= 0 ? '+' : ''}${pc.errorPct.toFixed(2)}%)\n`,
    );
  out.write(
    `  ${v.passed.energyWithin10Pct ? 'PASS' : 'FAIL'} energy within 10%; ${v.passed.sloAttained ? 'PASS' : 'FAIL'} SLO attainment\n`,
  );
}

type CreateOpts = Remote & {
  study: string;
  model: string;
  workload: string;
  slo: string;
  interval: number;
  gpu?: string;
  baseline?: string;
  start?: number;
  duration?: number;
  maxInstances?: number;
  maxUtilisation?: number;
  idleW?: number;
  switchTime?: number;
  switchEnergy?: number;
  costly: boolean;
  predictions: boolean;
  price?: number;
  grid?: number;
  volume?: number;
  title?: string;
  json?: boolean;
};

function studyId(o: CreateOpts): number {
  if (/^\d+$/.test(o.study)) return Number(o.study);
  if (o.server) throw new Error('--study: give the study id with --server');
  const s = getStudyByName(getDb(), o.study);
  if (!s) throw new Error(`--study: no study named "${o.study}"`);
  return s.id;
}

export function register(program: Command) {
  const withRemote = (c: Command) =>
    c
      .option('--server <url>', 'dashboard URL (default: the local database)')
      .option('--token <token>', 'API token for --server', env('JOULEBENCH_TOKEN'));
  const plan = withRemote(
    program
      .command('plan')
      .description(
        'plan the configuration per load level for a workload (see docs/planner.md); `plan replay PLAN` validates one',
      )
      .option('--study <id|name>', 'study with the measured runs')
      .option('--model <id>', 'model id as in the study')
      .option('--workload <ref>', 'builtin:azure-conv-2023, builtin:azure-code-2023 or db:ID')
      .option('--slo <limits>', 'latency percentile limits in ms, e.g. ttft_ms_p99=2000,tpot_ms_p99=100')
      .option('--interval <s>', 'interval length (s)', num('--interval'), 300)
      .option('--gpu <name>', 'GPU model as in the study (default: plan each, keep the least energy)')
      .option('--baseline <kind>', 'max_clock_static (default) or best_static')
      .option('--start <s>', 'plan a slice of the trace from this second', num('--start'))
      .option('--duration <s>', 'slice length (s)', num('--duration'))
      .option('--max-instances <n>', 'most instances at once (default 8)', num('--max-instances'))
      .option(
        '--max-utilisation <share>',
        'load instances to at most this share of measured capacity (default 0.8)',
        num('--max-utilisation'),
      )
      .option('--idle-w <w>', 'idle power per GPU (default: typical for the GPU)', num('--idle-w'))
      .option(
        '--switch-time <s>',
        'time to start an instance with new TP/max_num_seqs (default 120)',
        num('--switch-time'),
      )
      .option('--switch-energy <j>', 'energy to start one (default 30000)', num('--switch-energy'))
      .option('--no-costly', 'keep TP, max_num_seqs and instance count fixed')
      .option('--no-predictions', 'plan from measured clocks only (default: also clocks fitted between them)')
      .option('--price <usd>', 'electricity price per kWh (default 0.1)', num('--price'))
      .option('--grid <g>', 'grid intensity gCO2e/kWh (default 400)', num('--grid'))
      .option('--volume <requests>', 'requests per day to project to', num('--volume'))
      .option('--title <title>', 'plan title')
      .option('--json', 'print {"id", "totals"} as JSON'),
  ).action(async (o: CreateOpts) => {
    for (const k of ['study', 'model', 'workload', 'slo'] as const)
      if (!o[k]) throw new Error(`--${k} is required (or use a subcommand: plan replay PLAN, plan show PLAN)`);
    const body: PlanInputsIn = {
      study: studyId(o),
      model: o.model,
      workload: o.workload,
      slo: parseSloFlag(o.slo),
      intervalS: o.interval,
      ...(o.gpu && { gpu: o.gpu }),
      ...(o.baseline && { baseline: o.baseline as PlanInputsIn['baseline'] }),
      ...(o.start !== undefined && { startS: o.start }),
      ...(o.duration !== undefined && { durationS: o.duration }),
      ...(o.maxInstances !== undefined && { maxInstances: o.maxInstances }),
      ...(o.maxUtilisation !== undefined && { maxUtilisation: o.maxUtilisation }),
      ...(o.idleW !== undefined && { idleWPerGpu: o.idleW }),
      ...((o.switchTime !== undefined || o.switchEnergy !== undefined) && {
        switchCost: { timeS: o.switchTime ?? 120, energyJ: o.switchEnergy ?? 30_000 },
      }),
      allowCostly: o.costly,
      predictions: o.predictions,
      ...(o.price !== undefined && { pricePerKwh: o.price }),
      ...(o.grid !== undefined && { gridGco2PerKwh: o.grid }),
      ...(o.volume !== undefined && { requestsPerDay: o.volume }),
      ...(o.title && { title: o.title }),
    };
    const id = o.server
      ? (await remote<{ id: number }>(o, '/api/plans', 'POST', body)).id
      : createPlan(getDb(), body, { userId: null, name: 'cli', role: 'admin', via: 'open' }).id;
    const p = o.server ? await remote<PlanJson>(o, `/api/plans/${id}`) : planJson(getPlanOrThrow(getDb(), id));
    if (o.json) process.stdout.write(JSON.stringify({ id, totals: p.totals }) + '\n');
    else printPlan(p);
  });

  withRemote(plan.command('show <plan>').description('print a plan: schedule, totals, reasons'))
    .option('--json', 'print the plan as JSON (the GET /api/plans/:id shape)')
    .action(async (id: string, o: Remote & { json?: boolean }) => {
      const n = num('PLAN')(id);
      const p = o.server ? await remote<PlanJson>(o, `/api/plans/${n}`) : planJson(getPlanOrThrow(getDb(), n));
      if (o.json) process.stdout.write(JSON.stringify(p) + '\n');
      else printPlan(p);
    });

  withRemote(
    plan
      .command('replay <plan>')
      .description(
        "replay the plan's workload on the simulated device following its schedule; store and print measured vs predicted",
      ),
  )
    .option(
      '--url <url>',
      'replay against this server instead (the simulated server: knobs via /sim/knobs, energy from its counter; a real server: SLO attainment only)',
    )
    .option(
      '--speedup <k>',
      'time compression for a real server (the simulated server uses its own --time-scale)',
      num('--speedup'),
    )
    .option('--json', 'print the validation as JSON')
    .action(async (id: string, o: Remote & { json?: boolean; url?: string; speedup?: number }) => {
      const n = num('PLAN')(id);
      if (o.url && o.server)
        throw new Error('--url replays from this machine against the local database; drop --server');
      const v = o.url
        ? await validatePlanOverHttp(getDb(), n, { url: o.url, speedup: o.speedup })
        : o.server
          ? await remote<PlanValidation>(o, `/api/plans/${n}/validate`, 'POST')
          : validatePlan(getDb(), n);
      if (o.json) process.stdout.write(JSON.stringify(v) + '\n');
      else printValidation(v);
      if (!v.passed.energyWithin10Pct || !v.passed.sloAttained) process.exitCode = 2;
    });
}
