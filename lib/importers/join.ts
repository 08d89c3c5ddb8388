/**
 * Multi-file join pass. Runs after each file parsed on its own; mutates the ParsedFiles:
 *  - MLPerf: summary (+ detail) of one run with its spl.txt, power/server.json and system JSON
 *    -> one run with energy from the PTDaemon samples inside power_begin..power_end.
 *  - vLLM: a `.commands` file fills model/TP/GPU of the result file next to it.
 *  - ML.ENERGY: model metadata fills parameter counts of runs uploaded with it.
 * Pairing is by file stem/folder; when a batch has one candidate, lone side files join it.
 */
import type { RunRecord } from '@/lib/record/schema';
import { DEFAULTED_GPU_COUNT, standardWarnings } from './common';
import type { ModelMeta } from './ml-energy';
import {
  finish,
  mlperfRun,
  type MlperfFacts,
  type PowerServerMeta,
  type SplMeta,
  type SystemMeta,
} from './mlperf/facts';
import type { ParsedFile } from './types';
import type { CommandsMeta } from './vllm/commands';

const MLPERF_FILE = /(mlperf_log_summary\.txt|mlperf_log_detail\.txt|spl\.txt|server\.json|client\.json|\.json)$/i;

/** Group key: the name minus the file-type suffix and run_N/power/ranging/performance parts. */
export function mlperfKey(name: string): string {
  let k = name.toLowerCase().replace(MLPERF_FILE, '');
  for (let i = 0; i < 6; i++) {
    const next = k
      .replace(/[_\-/]+$/, '')
      .replace(/(^|[_\-/])(run_\d+|power|ranging|performance|testing|system|systems)$/, '');
    if (next === k) break;
    k = next;
  }
  return k.replace(/[_\-/]+$/, '');
}

function kind(f: ParsedFile): string | undefined {
  const m = f.meta as { kind?: string } | undefined;
  return m?.kind;
}

function joinMlperf(files: ParsedFile[], now: string) {
  const perf = files.filter((f) => kind(f) === 'mlperf-perf');
  const side = files.filter((f) => ['mlperf-spl', 'mlperf-power-server', 'mlperf-system'].includes(kind(f) ?? ''));
  if (!perf.length) {
    for (const s of side) s.warnings.push('no MLPerf summary or detail log in this upload: nothing to join, no runs');
    return;
  }
  const groups = new Map<string, ParsedFile[]>();
  for (const f of perf) groups.set(mlperfKey(f.name), [...(groups.get(mlperfKey(f.name)) ?? []), f]);
  const sideBy = new Map<string, ParsedFile[]>();
  for (const s of side) {
    let key = mlperfKey(s.name);
    if (!groups.has(key)) {
      const cands = [...groups.keys()].filter((g) => key.startsWith(g) || g.startsWith(key));
      if (cands.length === 1) key = cands[0];
      else if (groups.size === 1) key = [...groups.keys()][0];
      else {
        s.warnings.push(
          'could not tell which MLPerf run this belongs to (upload one run per batch, or keep the submission folder layout)',
        );
        continue;
      }
    }
    sideBy.set(key, [...(sideBy.get(key) ?? []), s]);
  }
  for (const [key, members] of groups) {
    const summary = members.find((f) => (f.meta as MlperfFacts).source === 'summary');
    const detail = members.find((f) => (f.meta as MlperfFacts).source === 'detail');
    const sides = sideBy.get(key) ?? [];
    if (!sides.length && !(summary && detail)) continue;
    const target = summary ?? detail!;
    const sf = summary?.meta as MlperfFacts | undefined;
    const df = detail?.meta as MlperfFacts | undefined;
    // Summary fields fill in; measured numbers come from the detail log when it has them (the
    // summary rounds: 0.33 there is 0.331936 in the detail log), plus its power window and query count.
    const facts: MlperfFacts = {
      ...(df ?? {}),
      ...(sf ?? {}),
      samplesPerSec: df?.samplesPerSec ?? sf?.samplesPerSec,
      tokensPerSec: df?.tokensPerSec ?? sf?.tokensPerSec,
      queriesPerSec: df?.queriesPerSec ?? sf?.queriesPerSec,
      lat: mergeLatency(sf?.lat, df?.lat),
      params: { ...(df?.params ?? {}), ...(sf?.params ?? {}) },
      powerBeginMs: df?.powerBeginMs,
      powerEndMs: df?.powerEndMs,
      queryCount: df?.queryCount ?? sf?.queryCount,
      samplesPerQuery: sf?.samplesPerQuery ?? df?.samplesPerQuery,
    } as MlperfFacts;
    const spls = sides.filter((s) => kind(s) === 'mlperf-spl').map((s) => s.meta as SplMeta);
    const spl: SplMeta | undefined = spls.length
      ? { kind: 'mlperf-spl', samples: spls.flatMap((s) => s.samples).sort((a, b) => a.t - b.t) }
      : undefined;
    const server = sides.find((s) => kind(s) === 'mlperf-power-server')?.meta as PowerServerMeta | undefined;
    const system = sides.find((s) => kind(s) === 'mlperf-system')?.meta as SystemMeta | undefined;
    const warnings: string[] = [];
    const joined = [target, ...(summary && detail ? [target === summary ? detail : summary] : []), ...sides];
    const run = mlperfRun(
      { name: target.name, sha256: target.sha256, now },
      'mlperf',
      facts,
      { spl, server, system, names: joined.map((j) => j.name) },
      warnings,
    );
    const res = finish([run], warnings);
    target.runs = res.runs;
    target.warnings = [
      ...res.warnings,
      `joined with ${joined
        .filter((j) => j !== target)
        .map((j) => j.name)
        .join(', ')}`,
    ];
    for (const j of joined) {
      if (j === target) continue;
      j.runs = [];
      // Keep what the side file said about itself (an ignored field), drop the "no runs" boilerplate.
      j.warnings = [
        `joined into ${target.name}`,
        ...j.warnings.filter((w) => !/no runs of their own|no runs of its own/.test(w)),
      ];
    }
  }
}

/** Per latency family, detail-log values over summary values. */
function mergeLatency(
  summary: MlperfFacts['lat'] | undefined,
  detail: MlperfFacts['lat'] | undefined,
): MlperfFacts['lat'] {
  const out: MlperfFacts['lat'] = { ...(summary ?? {}) };
  for (const [fam, v] of Object.entries(detail ?? {}))
    out[fam as keyof MlperfFacts['lat']] = { ...(summary?.[fam as keyof MlperfFacts['lat']] ?? {}), ...v };
  return out;
}

function stem(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.(commands|json|jsonl)$/, '')
    .replace(/[_-]detailed$/, '');
}

function joinVllmCommands(files: ParsedFile[]) {
  const cmds = files.filter((f) => kind(f) === 'vllm-commands');
  const results = files.filter((f) => f.format === 'vllm-serve' && f.runs.length);
  for (const c of cmds) {
    const meta = c.meta as CommandsMeta;
    const target =
      results.find((r) => stem(r.name) === stem(c.name)) ?? (results.length === 1 ? results[0] : undefined);
    if (!target) {
      c.warnings.push('no vLLM result with the same name in this upload: nothing filled');
      continue;
    }
    for (const r of target.runs) {
      if (r.model.id === 'unknown' && meta.model) r.model.id = meta.model;
      if (meta.tp && r.knobs.tp === undefined) r.knobs.tp = meta.tp;
      if (meta.pp && r.knobs.pp === undefined) r.knobs.pp = meta.pp;
      if (meta.max_num_seqs && r.knobs.max_num_seqs === undefined) r.knobs.max_num_seqs = meta.max_num_seqs;
      if (meta.dataset && !r.workload.dataset) r.workload.dataset = meta.dataset;
      if (meta.gpu_model && r.hardware.gpu_model === 'unknown') {
        r.hardware.gpu_model = meta.gpu_model;
        if (meta.gpu_count && DEFAULTED_GPU_COUNT.has(r)) {
          r.hardware.gpu_count = meta.gpu_count;
          DEFAULTED_GPU_COUNT.delete(r);
        }
      }
    }
    target.warnings = refreshStandard(
      target.warnings.filter((w) => !/tp=\d+ inferred from the file name/.test(w) || !meta.tp),
      target.runs,
    );
    target.warnings.push(
      `model/TP/GPU filled from ${c.name}${meta.gpu_type && meta.gpu_model ? ` (GPU ${meta.gpu_model} inferred from VM type "${meta.gpu_type}")` : ''}`,
    );
    c.warnings = [`joined into ${target.name}`];
  }
}

function joinMlEnergyModels(files: ParsedFile[]) {
  const metas = files.filter((f) => kind(f) === 'ml-energy-models').map((f) => f.meta as ModelMeta);
  if (!metas.length) return;
  const models = Object.assign({}, ...metas.map((m) => m.models)) as ModelMeta['models'];
  for (const f of files) {
    if (!f.format.startsWith('ml-energy-v')) continue;
    for (const r of f.runs) {
      const m = models[r.model.id];
      if (!m) continue;
      if (r.model.params_b === undefined && m.params_b !== undefined) r.model.params_b = m.params_b;
      if (r.model.active_params_b === undefined && m.active_params_b !== undefined)
        r.model.active_params_b = m.active_params_b;
      if (r.model.precision === undefined && m.precision) r.model.precision = m.precision;
    }
  }
}

const STANDARD = /^(GPU model not in file|model not in file|no energy or power data in file)/;
/** Recomputes the standard warnings after fields were filled in. */
export function refreshStandard(warnings: string[], runs: RunRecord[]): string[] {
  return [...new Set([...warnings.filter((w) => !STANDARD.test(w)), ...standardWarnings(runs)])];
}

export function joinPass(files: ParsedFile[], now: string) {
  joinMlperf(files, now);
  joinVllmCommands(files);
  joinMlEnergyModels(files);
}
