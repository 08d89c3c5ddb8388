/**
 * Headline: the same models on two GPUs, each at its energy-optimal configuration under the
 * overview SLO. The GPU pair sharing the most models is compared; the ratio is the median over
 * those models of (energy per token on one GPU / on the other).
 */
import { median } from './clock-finding';
import type { ModelOptimum } from './model-optima';

export interface GpuFinding {
  /** The GPU with the lower median energy per token, and the one it is compared against. */
  better: string;
  worse: string;
  energyRatio: number;
  models: number;
}

export function gpuFinding(optima: ModelOptimum[]): GpuFinding | null {
  const byModel = new Map<string, Map<string, number>>();
  for (const o of optima) {
    if (!o.run) continue;
    let m = byModel.get(o.model);
    if (!m) byModel.set(o.model, (m = new Map()));
    m.set(o.gpu, o.run.energy);
  }
  const gpus = [...new Set(optima.map((o) => o.gpu))].sort();
  let best: GpuFinding | null = null;
  for (let i = 0; i < gpus.length; i++)
    for (let j = i + 1; j < gpus.length; j++) {
      const ratios = [...byModel.values()]
        .filter((m) => m.has(gpus[i]) && m.has(gpus[j]))
        .map((m) => m.get(gpus[j])! / m.get(gpus[i])!);
      if (!ratios.length || (best && ratios.length <= best.models)) continue;
      const r = median(ratios);
      best =
        r <= 1
          ? { better: gpus[j], worse: gpus[i], energyRatio: r, models: ratios.length }
          : { better: gpus[i], worse: gpus[j], energyRatio: median(ratios.map((x) => 1 / x)), models: ratios.length };
    }
  return best;
}
