/** Measurement step 5: the run record's hardware block. */
import os from 'node:os';
import type { RunRecord } from '@/lib/record/schema';
import type { MeasureOptions } from '../measure';
import { runSmi } from '../power/nvidia-smi';
import type { PowerSource } from '../power/types';
import type { EndpointInfo } from './endpoint';
import { sourceSmiPath } from './power';

/** `name, memory MiB` as nvidia-smi prints it (first line) -> the card's name and memory in GB. */
export function parseGpuIdentity(csv: string): { name?: string; memoryGb?: number } {
  const [name, memMib] = csv
    .trim()
    .split('\n')[0]
    .split(',')
    .map((x) => x.trim());
  return { name: name || undefined, memoryGb: Number(memMib) > 0 ? Math.round(Number(memMib) / 1024) : undefined };
}

export async function describeHardware(
  o: MeasureOptions,
  endpoint: EndpointInfo,
  source: PowerSource | null,
  gpus: number[],
): Promise<RunRecord['hardware']> {
  const sim = endpoint.sim;
  if (sim)
    return {
      gpu_model: sim.gpu,
      gpu_count: sim.tp,
      gpu_memory_gb: sim.gpu_memory_gb,
      host: os.hostname(),
      simulated: true,
    };
  // The card names itself through nvidia-smi whichever power source is used (NVML included);
  // --gpu-model is the fallback when no nvidia-smi answers.
  const smi = o.nvidiaSmi ?? sourceSmiPath(source) ?? 'nvidia-smi';
  const out = await runSmi(smi, [
    '--query-gpu=name,memory.total',
    '--format=csv,noheader,nounits',
    '-i',
    String(gpus[0]),
  ]).catch(() => '');
  const card = parseGpuIdentity(out);
  return {
    gpu_model: card.name ?? o.gpuModel ?? 'unknown',
    gpu_count: gpus.length,
    gpu_memory_gb: card.memoryGb,
    host: os.hostname(),
    simulated: source?.simulated ?? false,
  };
}
