/** NVIDIA GenAI-Perf `*_genai_perf.json` and `*_genai_perf.csv`. */
import { isObj } from '../common';
import { readJson } from '../text';
import { ImportError, type Importer } from '../types';
import { hasAiperfSignature } from './shared';
import { csvToExport, jsonTelemetry, runFromExport } from './tool';

export const genaiPerfJsonImporter: Importer = {
  id: 'genai-perf-json',
  confidence: 0.7,
  label: 'GenAI-Perf profile_export_genai_perf.json',
  detect(text) {
    const h = text.slice(0, 20_000);
    if (hasAiperfSignature(text)) return false;
    return (
      (h.trimStart().startsWith('{') && /"time_to_first_token"\s*:\s*\{/.test(h)) ||
      (/"request_latency"\s*:\s*\{\s*"unit"/.test(h) && /"input_config"/.test(text))
    );
  },
  parse(text, ctx) {
    const o = readJson(ctx.name, text);
    if (!isObj(o)) throw new ImportError(ctx.name, undefined, 'expected a JSON object');
    return runFromExport(ctx, 'genai-perf', 'genai-perf-json', o, jsonTelemetry(ctx.name, o));
  },
};

export const genaiPerfCsvImporter: Importer = {
  id: 'genai-perf-csv',
  confidence: 0.9,
  label: 'GenAI-Perf profile_export_genai_perf.csv',
  detect(text) {
    return /^\uFEFF?Metric,avg,min,max,p99,(p95,)?p90,p75/.test(text.slice(0, 200));
  },
  parse(text, ctx) {
    const { obj, gpus, warnings } = csvToExport(ctx.name, text);
    return runFromExport(ctx, 'genai-perf', 'genai-perf-csv', obj, gpus, warnings);
  },
};
