/** NVIDIA AIPerf profile_export_aiperf.json / .csv (GenAI-Perf successor; per-GPU telemetry). */
import { isObj } from '../common';
import { hasAiperfSignature } from '../genai-perf/shared';
import { csvToExport, jsonTelemetry, runFromExport } from '../genai-perf/tool';
import { readJson } from '../text';
import { ImportError, type Importer } from '../types';

export const aiperfJsonImporter: Importer = {
  id: 'aiperf-json',
  confidence: 0.9,
  label: 'AIPerf profile_export_aiperf.json',
  detect(text) {
    const t = text.trimStart();
    if (!t.startsWith('{')) return false;
    const h = t.slice(0, 50_000);
    const metricShape = /"(time_to_first_token|request_latency|request_throughput)"\s*:\s*\{/.test(h);
    return metricShape && hasAiperfSignature(t);
  },
  parse(text, ctx) {
    const o = readJson(ctx.name, text);
    if (!isObj(o)) throw new ImportError(ctx.name, undefined, 'expected a JSON object');
    return runFromExport(ctx, 'aiperf', 'aiperf-json', o, jsonTelemetry(ctx.name, o));
  },
};

export const aiperfCsvImporter: Importer = {
  id: 'aiperf-csv',
  confidence: 0.9,
  label: 'AIPerf profile_export_aiperf.csv',
  detect(text) {
    return /^\uFEFF?Metric,avg,min,max,(sum,)?p1,p5,/.test(text.slice(0, 200));
  },
  parse(text, ctx) {
    const { obj, gpus, warnings } = csvToExport(ctx.name, text);
    return runFromExport(ctx, 'aiperf', 'aiperf-csv', obj, gpus, warnings);
  },
};
