/**
 * ML.ENERGY leaderboard data: v1 legacy CSV (per model: throughput, response_length, latency,
 * energy per response), v2 per-config JSON, v3 task/model JSON with `configurations[]`, and the
 * model metadata files (v2 models.json, v3 index.json) that only fill parameter counts of runs
 * uploaded with them. All measured with Zeus (NVML energy counters).
 */
import type { RunRecord } from '@/lib/record/schema';
import { buildRun, isObj, num, posInt, shortModel, standardWarnings, str, type Obj } from '../common';
import { readCsvObjects, readJson } from '../text';
import { ImportError, type Importer } from '../types';

const ZEUS: RunRecord['energy_provenance'] = {
  method: 'nvml_counter',
  scope: 'gpu',
  source: 'ML.ENERGY leaderboard (Zeus, NVML energy counter)',
};
const GPU_IN_NAME = /(A100|A40|V100|H100|H200|B200|L40S?|A10G?|MI300X|MI250)/i;

export interface ModelMeta {
  kind: 'ml-energy-models';
  models: Record<string, { params_b?: number; active_params_b?: number; precision?: string }>;
}

export const mlEnergyV1Importer: Importer = {
  id: 'ml-energy-v1',
  confidence: 0.9,
  label: 'ML.ENERGY leaderboard v1 (legacy CSV)',
  detect(text) {
    return /^\uFEFF?model,throughput,response_length,latency,energy\s*$/m.test(text.slice(0, 200).split('\n')[0]);
  },
  parse(text, ctx) {
    const f = ctx.name;
    const { rows } = readCsvObjects(f, text);
    const g = GPU_IN_NAME.exec(f);
    const task = /(chat-concise|chat|instruct-concise|instruct)/i.exec(f)?.[1];
    const warnings = [
      'throughput is per response (tokens/s of one request), kept in extra; energy is J per response',
      g ? `GPU model "${g[1]}" inferred from the file name` : 'GPU model not in file or file name',
    ];
    const runs = rows.map(({ obj, line }) => {
      const w = `line ${line}`;
      const energy = num(f, `${w}: energy`, obj.energy);
      const len = num(f, `${w}: response_length`, obj.response_length);
      const latency = num(f, `${w}: latency`, obj.latency);
      if (!obj.model) throw new ImportError(f, `${w}: model`, 'model name is empty');
      // J per output token is energy per response / response length: derived by the metric
      // catalogue from these raw inputs (never computed here).
      return buildRun(
        ctx,
        'ml-energy-v1',
        {
          label: `${shortModel(obj.model)}${task ? ` ${task}` : ''}`,
          model: obj.model,
          gpu_model: g?.[1].toUpperCase(),
          engine: 'unknown',
          workload: { dataset: task, mean_output_len: len },
          metrics: { energy_per_request_j: energy, e2e_ms_mean: latency !== undefined ? latency * 1000 : undefined },
          energy_provenance: ZEUS,
          extra: { per_request_throughput_tps: num(f, `${w}: throughput`, obj.throughput) },
          attribution: { source: 'ml-energy/leaderboard-v2 data/legacy' },
        },
        warnings,
        w,
      );
    });
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};

export const mlEnergyV2Importer: Importer = {
  id: 'ml-energy-v2',
  confidence: 0.9,
  label: 'ML.ENERGY leaderboard v2 per-config JSON',
  detect(text) {
    const h = text.slice(0, 3000);
    return /"Energy\/(req|image|video) \(J\)"/.test(h);
  },
  parse(text, ctx) {
    const f = ctx.name;
    const o = readJson(f, text);
    if (!isObj(o)) throw new ImportError(f, undefined, 'expected a JSON object');
    if (o['Energy/req (J)'] === undefined)
      throw new ImportError(
        f,
        'Energy/req (J)',
        'only LLM configurations are supported (diffusion files have no token metrics)',
      );
    const ereq = num(f, 'Energy/req (J)', o['Energy/req (J)']);
    const outTok = num(f, 'Avg Output Tokens', o['Avg Output Tokens']);
    const tpot = num(f, 'Avg TPOT (s)', o['Avg TPOT (s)']);
    const model = str(o.Model);
    const warnings: string[] = [];
    const run = buildRun(
      ctx,
      'ml-energy-v2',
      {
        label: `${model ? shortModel(model) : 'model'} bs${o['Max BS (reqs)'] ?? '?'} tp${o.TP ?? '?'}`,
        model,
        gpu_model: str(o.GPU)?.replace(/^NVIDIA\s+/i, ''),
        gpu_count: (posInt(f, 'TP', o.TP) ?? 1) * (posInt(f, 'PP', o.PP) ?? 1),
        engine: 'vllm',
        knobs: {
          tp: posInt(f, 'TP', o.TP),
          pp: posInt(f, 'PP', o.PP),
          max_num_seqs: posInt(f, 'Max BS (reqs)', o['Max BS (reqs)']),
        },
        workload: { mean_output_len: outTok },
        metrics: {
          // J per output token = Energy/req / Avg Output Tokens: left to the metric catalogue.
          energy_per_request_j: ereq,
          tpot_ms_mean: tpot !== undefined ? tpot * 1000 : undefined,
          output_throughput_tps: num(f, 'Token tput (tok/s)', o['Token tput (tok/s)']),
        },
        energy_provenance: ZEUS,
        extra: { avg_batch_size: num(f, 'Avg BS (reqs)', o['Avg BS (reqs)']) },
      },
      warnings,
    );
    return { runs: [run], warnings: [...warnings, ...standardWarnings([run])] };
  },
};

function v3Run(ctx: Parameters<Importer['parse']>[1], c: Obj, top: Obj, i: number, warnings: string[]) {
  const f = ctx.name;
  const w = `configurations[${i}]`;
  const par = isObj(c.parallelization) ? c.parallelization : c;
  const model = str(c.model_id) ?? str(top.model_id);
  const k = (key: string) => `${w}.${key}`;
  return buildRun(
    ctx,
    'ml-energy-v3',
    {
      label: `${model ? shortModel(model) : 'model'} ${c.gpu_model ?? ''} x${c.num_gpus ?? 1} seqs ${c.max_num_seqs ?? '?'}`,
      model,
      params_b: num(f, k('total_params_billions'), c.total_params_billions ?? top.total_params_billions),
      active_params_b: num(
        f,
        k('activated_params_billions'),
        c.activated_params_billions ?? top.activated_params_billions,
      ),
      precision: str(c.weight_precision) ?? str(top.weight_precision),
      gpu_model: str(c.gpu_model),
      gpu_count: posInt(f, k('num_gpus'), c.num_gpus),
      engine: 'vllm',
      knobs: {
        max_num_seqs: posInt(f, k('max_num_seqs'), c.max_num_seqs),
        tp: posInt(f, k('tensor_parallel'), par.tensor_parallel),
        dp: posInt(f, k('data_parallel'), par.data_parallel),
        ep: posInt(f, k('expert_parallel'), par.expert_parallel),
      },
      workload: { dataset: str(top.task), mean_output_len: num(f, k('avg_output_len'), c.avg_output_len) },
      metrics: {
        energy_per_output_token_j: num(f, k('energy_per_token_joules'), c.energy_per_token_joules),
        energy_per_request_j: num(f, k('energy_per_request_joules'), c.energy_per_request_joules),
        avg_power_w: num(f, k('avg_power_watts'), c.avg_power_watts),
        output_throughput_tps: num(f, k('output_throughput_tokens_per_sec'), c.output_throughput_tokens_per_sec),
        itl_ms_p50: num(f, k('median_itl_ms'), c.median_itl_ms),
        itl_ms_p90: num(f, k('p90_itl_ms'), c.p90_itl_ms),
        itl_ms_p95: num(f, k('p95_itl_ms'), c.p95_itl_ms),
        itl_ms_p99: num(f, k('p99_itl_ms'), c.p99_itl_ms),
        itl_ms_mean: num(f, k('mean_itl_ms'), c.mean_itl_ms),
      },
      energy_provenance: ZEUS,
      stability: typeof c.is_stable === 'boolean' ? { stable: c.is_stable } : undefined,
      extra: {
        avg_batch_size: num(f, k('avg_batch_size'), c.avg_batch_size),
        architecture: str(c.architecture) ?? str(top.architecture),
        nickname: str(c.nickname),
      },
      attribution: { source: 'ml-energy/leaderboard public/data' },
    },
    warnings,
    w,
  );
}

export const mlEnergyV3Importer: Importer = {
  id: 'ml-energy-v3',
  confidence: 0.85,
  label: 'ML.ENERGY leaderboard v3 (tasks/*.json, models/*.json)',
  detect(text) {
    const h = text.slice(0, 20_000);
    return (
      h.trimStart().startsWith('{') &&
      /"configurations"\s*:/.test(h) &&
      /"energy_per_(token|request|image|video)_joules"/.test(h)
    );
  },
  parse(text, ctx) {
    const f = ctx.name;
    const o = readJson(f, text);
    if (!isObj(o) || !Array.isArray(o.configurations))
      throw new ImportError(f, 'configurations', 'expected an object with a configurations array');
    const warnings: string[] = [];
    const runs: RunRecord[] = [];
    let skipped = 0;
    o.configurations.forEach((c, i) => {
      if (!isObj(c)) throw new ImportError(f, `configurations[${i}]`, 'expected an object');
      if (c.energy_per_token_joules === undefined && c.energy_per_request_joules === undefined) {
        skipped++;
        return;
      }
      runs.push(v3Run(ctx, c, o, i, warnings));
    });
    if (skipped) warnings.push(`${skipped} diffusion configuration(s) skipped (no token metrics)`);
    if (!runs.length) throw new ImportError(f, 'configurations', 'no LLM configurations in file');
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};

/** v2 models.json {id: {url, nickname, params}} and v3 index.json {models: {id: {...}}}. */
export const mlEnergyModelsImporter: Importer = {
  id: 'ml-energy-models',
  confidence: 0.6,
  label: 'ML.ENERGY model metadata (v2 models.json, v3 index.json)',
  detect(text) {
    const h = text.slice(0, 3000);
    return (
      (/"architectures"\s*:/.test(h) && /"models"\s*:/.test(text) && /"last_updated"/.test(text)) ||
      (/"nickname"\s*:/.test(h) && /"params"\s*:/.test(h) && /"url"\s*:/.test(h))
    );
  },
  parse(text, ctx) {
    const f = ctx.name;
    const o = readJson(f, text);
    if (!isObj(o)) throw new ImportError(f, undefined, 'expected a JSON object');
    const src = isObj(o.models) && 'architectures' in o ? o.models : o;
    const models: ModelMeta['models'] = {};
    for (const [id, m] of Object.entries(src)) {
      if (!isObj(m)) continue;
      models[id] = {
        params_b: num(f, `${id}.params`, m.total_params_billions ?? m.params),
        active_params_b: num(f, `${id}.activated_params_billions`, m.activated_params_billions),
        precision: str(m.weight_precision),
      };
    }
    const meta: ModelMeta = { kind: 'ml-energy-models', models };
    return {
      runs: [],
      meta,
      warnings: [
        `model metadata (${Object.keys(models).length} models): no runs of its own; fills parameter counts of ML.ENERGY runs uploaded with it`,
      ],
    };
  },
};
