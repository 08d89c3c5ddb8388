/**
 * Maps vLLM-style result keys (also used by SGLang and the ML.ENERGY benchmark) to run record
 * metrics: `{mean,median,std,pXX}_{ttft,tpot,itl,e2el|e2e_latency}_ms`, throughputs, counts,
 * optional GpuEnergyMeter / power keys.
 */
import type { MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';
import { num, type Obj } from '../common';

const FAMILIES: Record<string, 'ttft' | 'tpot' | 'itl' | 'e2e'> = {
  ttft: 'ttft',
  tpot: 'tpot',
  itl: 'itl',
  e2el: 'e2e',
  e2e_latency: 'e2e',
};
const PCTS: Record<string, string> = { mean: 'mean', median: 'p50', p50: 'p50', p90: 'p90', p95: 'p95', p99: 'p99' };

export function latencyMetrics(file: string, o: Obj): Partial<Record<MetricKey, number>> {
  const m: Partial<Record<MetricKey, number>> = {};
  for (const [k, v] of Object.entries(o)) {
    const r = /^(mean|median|p\d+(?:\.\d+)?)_(ttft|tpot|itl|e2el|e2e_latency)_ms$/.exec(k);
    if (!r) continue;
    const p = PCTS[r[1]];
    const n = num(file, k, v);
    if (p && n !== undefined) m[`${FAMILIES[r[2]]}_ms_${p}` as MetricKey] = n;
  }
  return m;
}

export interface EnergyPart {
  metrics: Partial<Record<MetricKey, number>>;
  provenance?: RunRecord['energy_provenance'];
  extra: Obj;
}

/** Optional energy/power keys written by vLLM's GpuEnergyMeter (NVML counter delta) or power.py. */
export function vllmEnergy(file: string, o: Obj): EnergyPart {
  const metrics: Partial<Record<MetricKey, number>> = {};
  const extra: Obj = {};
  let provenance: RunRecord['energy_provenance'];
  const e = num(file, 'gpu_energy_j', o.gpu_energy_j);
  if (e !== undefined) {
    metrics.energy_j = e;
    metrics.avg_power_w = num(file, 'gpu_avg_power_w', o.gpu_avg_power_w);
    metrics.energy_per_output_token_j = num(file, 'gpu_energy_per_output_token_j', o.gpu_energy_per_output_token_j);
    const dur = num(file, 'gpu_energy_duration_s', o.gpu_energy_duration_s);
    provenance = {
      method: 'nvml_counter',
      scope: 'gpu',
      source: 'vLLM GpuEnergyMeter (gpu_energy_j)',
      ...(dur !== undefined ? { window: { start_s: 0, end_s: dur, steady_state: false } } : {}),
    };
    if (Array.isArray(o.energy_gpu_ids)) extra.energy_gpu_ids = o.energy_gpu_ids;
  } else {
    const p = num(file, 'mean_power_w', o.mean_power_w);
    if (p !== undefined) {
      metrics.avg_power_w = p;
      provenance = {
        method: 'power_integration',
        scope: 'gpu',
        sample_hz: 0.2,
        source: 'vLLM power.py (amdsmi, sampled every 5 s)',
      };
      for (const k of ['p25_power_w', 'median_power_w', 'p75_power_w', 'median_power_per_accelerator_w', 'num_samples'])
        if (o[k] !== undefined) extra[k] = num(file, k, o[k]);
    }
  }
  for (const k of Object.keys(o)) if (/toks_per(_total)?_joule$|^cpu_.*_w$/.test(k)) extra[k] = num(file, k, o[k]);
  return { metrics, provenance, extra };
}
