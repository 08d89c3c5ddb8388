/** MLPerf Inference: mlperf_log_summary.txt, mlperf_log_detail.txt, spl.txt, power/server.json, system JSON. */
import { isObj, num, posInt, str } from '../common';
import { lines, readJson } from '../text';
import { ImportError, type Importer } from '../types';
import {
  finish,
  mlperfRun,
  mlperfTime,
  numOr,
  PCT,
  type MlperfFacts,
  type PowerServerMeta,
  type SplMeta,
  type SplSample,
  type SystemMeta,
} from './facts';

export function parseSummary(name: string, text: string): MlperfFacts {
  const f: MlperfFacts = { kind: 'mlperf-perf', source: 'summary', lat: {}, params: {} };
  let section = 'head';
  let any = false;
  for (const { line, n } of lines(text)) {
    if (/^=+$/.test(line.trim())) continue;
    if (/^Additional Stats/.test(line)) section = 'stats';
    else if (/^Test Parameters Used/.test(line)) section = 'params';
    const m = /^\s*([^:]+?)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, raw] = m;
    const val = raw.trim();
    const where = `line ${n}: ${key}`;
    const number = () => {
      const v = num(name, where, val);
      if (v === undefined) throw new ImportError(name, where, 'value is missing');
      return v;
    };
    if (section === 'params') {
      if (val !== '') f.params[key.replace(/\s*\(.*\)$/, '')] = numOr(val);
      continue;
    }
    any = true;
    if (key === 'SUT name') f.sut = val;
    else if (key === 'Scenario') f.scenario = val;
    else if (key === 'Mode') f.mode = val;
    else if (key === 'Result is') f.valid = val === 'VALID';
    else if (/^(Completed )?[Ss]amples per second$/.test(key)) f.samplesPerSec = number();
    else if (/^(Completed )?[Tt]okens per second( \(inferred\))?$/.test(key) || key === 'TPS w/ loadgen overhead')
      f.tokensPerSec ??= number();
    else if (key === 'QPS w/ loadgen overhead') f.queriesPerSec = number();
    else {
      const lm = /^(Mean|Min|Max) (latency|First Token latency|Time (?:per|to) Output Token) \(ns\)$/i.exec(key);
      const pm = /^(\d+\.\d+) percentile (latency|first token latency|time (?:per|to) output token) \(ns\)$/i.exec(key);
      const fam = (s: string) => (/first token/i.test(s) ? 'ttft' : /output token/i.test(s) ? 'tpot' : 'e2e');
      if (lm && lm[1] === 'Mean') (f.lat[fam(lm[2])] ??= {}).mean = number();
      else if (pm && PCT[pm[1]]) (f.lat[fam(pm[2])] ??= {})[PCT[pm[1]]] = number();
    }
  }
  if (!any || !f.scenario) throw new ImportError(name, 'Scenario', 'not an MLPerf summary: no "Scenario :" line');
  if (typeof f.params.samples_per_query === 'number') f.samplesPerQuery = f.params.samples_per_query;
  return f;
}

export function parseDetail(name: string, text: string): MlperfFacts {
  const f: MlperfFacts = { kind: 'mlperf-perf', source: 'detail', lat: {}, params: {} };
  let count = 0;
  for (const { line, n } of lines(text)) {
    const i = line.indexOf(':::MLLOG ');
    if (i === -1) continue;
    const o = readJson(name, line.slice(i + 9), n - 1);
    if (!isObj(o) || typeof o.key !== 'string') throw new ImportError(name, `line ${n}`, 'MLLOG entry without a "key"');
    count++;
    const k = o.key;
    const v = o.value;
    const where = `line ${n}: ${k}`;
    if (k === 'effective_scenario') f.scenario = str(v);
    else if (k === 'sut_name') f.sut = str(v);
    else if (k === 'effective_test_mode') f.mode = str(v);
    else if (k === 'result_validity') f.valid = v === 'VALID';
    else if (k === 'effective_samples_per_query') f.samplesPerQuery = posInt(name, where, v);
    else if (k === 'result_query_count') f.queryCount = num(name, where, v);
    else if (k === 'result_samples_per_second' || k === 'result_completed_samples_per_sec')
      f.samplesPerSec = num(name, where, v);
    else if (k === 'result_qps_with_loadgen_overhead') f.queriesPerSec = num(name, where, v);
    else if (k === 'result_token_throughput' || k === 'result_completed_tokens_per_second')
      f.tokensPerSec ??= num(name, where, v);
    else if (k === 'loadgen_version') f.loadgenVersion = str(v);
    else if (k === 'effective_target_qps') f.params.target_qps = num(name, where, v) ?? 0;
    else if (k === 'power_begin' || k === 'power_end') {
      const t = typeof v === 'string' ? mlperfTime(v) : undefined;
      if (t === undefined)
        throw new ImportError(name, where, `expected "MM-DD-YYYY HH:MM:SS.fff", got ${JSON.stringify(v)}`);
      if (k === 'power_begin') f.powerBeginMs = t;
      else f.powerEndMs = t;
    } else {
      const r = /^result_(first_token_|time_per_output_token_)?(mean|\d+\.\d+)_?(percentile_)?(latency_)?ns$/.exec(k);
      if (r) {
        const fam = r[1] === 'first_token_' ? 'ttft' : r[1] ? 'tpot' : 'e2e';
        const stat = r[2] === 'mean' ? 'mean' : PCT[r[2]];
        const val = num(name, where, v);
        if (stat && val !== undefined) (f.lat[fam] ??= {})[stat] = val;
      }
    }
  }
  if (!count) throw new ImportError(name, undefined, 'no ":::MLLOG {...}" lines found');
  if (f.powerBeginMs !== undefined && f.powerEndMs !== undefined && f.powerEndMs <= f.powerBeginMs)
    throw new ImportError(name, 'power_end', 'power_end is not after power_begin');
  return f;
}

export function parseSpl(name: string, text: string): SplMeta {
  const samples: SplSample[] = [];
  for (const { line, n } of lines(text)) {
    if (!line.trim()) continue;
    const c = line.split(',');
    if (c[0] !== 'Time' || c[2] !== 'Watts')
      throw new ImportError(
        name,
        `line ${n}`,
        'expected "Time,<MM-DD-YYYY HH:MM:SS.fff>,Watts,<W>,..." (PTDaemon sample)',
      );
    const t = mlperfTime(c[1] ?? '');
    if (t === undefined) throw new ImportError(name, `line ${n}`, `bad timestamp ${JSON.stringify(c[1])}`);
    const wRaw = (c[3] ?? '').trim();
    const w = Number(wRaw);
    // PTDaemon writes -1 for samples it could not read; the checker ignores W <= 0 (kept as 0 here).
    if (!/^-?\d+(\.\d+)?$/.test(wRaw) || !Number.isFinite(w))
      throw new ImportError(name, `line ${n}: Watts`, `not a number: ${JSON.stringify(wRaw)}`);
    const mi = c.indexOf('Mark');
    samples.push({ t, w: w > 0 ? w : 0, mark: mi >= 0 ? (c[mi + 1] ?? '').trim() : '' });
  }
  if (!samples.length) throw new ImportError(name, undefined, 'file is empty');
  return { kind: 'mlperf-spl', samples };
}

const looksSummary = (text: string) => text.slice(0, 2000).includes('MLPerf Results Summary');

export const mlperfSummaryImporter: Importer = {
  id: 'mlperf-summary',
  confidence: 0.95,
  label: 'MLPerf mlperf_log_summary.txt',
  detect: looksSummary,
  parse(text, ctx) {
    const facts = parseSummary(ctx.name, text);
    const warnings: string[] = [];
    const run = mlperfRun(ctx, 'mlperf', facts, { names: [ctx.name] }, warnings);
    if (!run.energy_provenance)
      warnings.push(
        'no power data: upload spl.txt (+ mlperf_log_detail.txt) of the same run together to compute energy',
      );
    return { ...finish([run], warnings), meta: facts };
  },
};

export const mlperfDetailImporter: Importer = {
  id: 'mlperf-detail',
  confidence: 0.95,
  label: 'MLPerf mlperf_log_detail.txt',
  detect: (text) => /^:::MLLOG \{/.test(text.trimStart().slice(0, 20)),
  parse(text, ctx) {
    const facts = parseDetail(ctx.name, text);
    const warnings: string[] = [];
    const run = mlperfRun(ctx, 'mlperf', facts, { names: [ctx.name] }, warnings);
    return { ...finish([run], warnings), meta: facts };
  },
};

export const mlperfSplImporter: Importer = {
  id: 'mlperf-spl',
  confidence: 0.95,
  label: 'MLPerf power spl.txt (PTDaemon samples)',
  detect: (text) => /^Time,\d{2}-\d{2}-\d{4} [\d:.]+,Watts,/.test(text.slice(0, 80)),
  parse(text, ctx) {
    const meta = parseSpl(ctx.name, text);
    return {
      runs: [],
      meta,
      warnings: [
        `${meta.samples.length} power samples: no runs of their own; energy is joined to the MLPerf summary uploaded with this file`,
      ],
    };
  },
};

export const mlperfPowerServerImporter: Importer = {
  id: 'mlperf-power-server',
  confidence: 0.95,
  label: 'MLPerf power/server.json (PTDaemon session)',
  detect: (text) => /"ptd_messages"/.test(text) && /"phases"/.test(text),
  parse(text, ctx) {
    const o = readJson(ctx.name, text);
    if (!isObj(o) || !Array.isArray(o.ptd_messages))
      throw new ImportError(ctx.name, 'ptd_messages', 'expected an array');
    const meta: PowerServerMeta = { kind: 'mlperf-power-server', sessionName: str(o.session_name) };
    let phase = '';
    for (const msg of o.ptd_messages) {
      if (!isObj(msg)) continue;
      const cmd = str(msg.cmd) ?? '';
      const reply = str(msg.reply) ?? '';
      if (cmd === 'Identify') meta.meter = reply.split(',')[0];
      if (cmd.startsWith('Go,')) phase = cmd.endsWith('_testing') ? 'testing' : 'ranging';
      if (cmd === 'Watts' && phase === 'testing') {
        const c = reply.split(',');
        meta.testingWattsAvg = num(ctx.name, 'ptd_messages Watts reply', c[1]);
        meta.testingSamples = num(ctx.name, 'ptd_messages Watts reply', c[4]);
      }
    }
    return {
      runs: [],
      meta,
      warnings: [
        'PTDaemon session file: no runs of its own; meter and testing-phase average join the MLPerf run uploaded with it',
      ],
    };
  },
};

/** MLPerf submission systems/<system>.json. */
export const mlperfSystemImporter: Importer = {
  id: 'mlperf-system',
  confidence: 0.9,
  label: 'MLPerf system description (systems/*.json)',
  detect: (text) =>
    /"accelerator_model_name"/.test(text.slice(0, 20_000)) && /"system_name"/.test(text.slice(0, 20_000)),
  parse(text, ctx) {
    const o = readJson(ctx.name, text);
    if (!isObj(o)) throw new ImportError(ctx.name, undefined, 'expected a JSON object');
    // A description field never rejects the upload: "0" (or text) accelerators means "not said".
    const warnings = [
      'system description: no runs of its own; fills GPU model/count of the MLPerf run uploaded with it',
    ];
    const count = (key: string) => {
      const v = o[key];
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined;
      if (v !== undefined && v !== null && v !== '' && !(n !== undefined && Number.isInteger(n) && n > 0)) {
        warnings.push(`${key} ${JSON.stringify(v)} is not a positive count: ignored`);
        return undefined;
      }
      return n;
    };
    const per = count('accelerators_per_node');
    const nodes = count('number_of_nodes') ?? 1;
    const meta: SystemMeta = {
      kind: 'mlperf-system',
      gpu_model: str(o.accelerator_model_name)?.replace(/^NVIDIA\s+/i, ''),
      gpu_count: per ? per * nodes : undefined,
      host: str(o.system_name),
      engine: str(o.framework),
    };
    return { runs: [], meta, warnings };
  },
};
