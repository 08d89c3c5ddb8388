/** Measurement step 3: which GPUs the run uses, how often to sample, and the power source. */
import type { MeasureOptions } from '../measure';
import { selectPowerSource, type Selection } from '../power/select';
import type { PowerSource } from '../power/types';
import type { EndpointInfo } from './endpoint';

/**
 * The simulated device runs K times faster than real time: sample K times as often (in wall ms,
 * floor 20 ms) so a run sees as many samples per simulated second as on real hardware.
 */
export function sampleIntervalMs(requestedMs: number | undefined, timeScale: number): number {
  return requestedMs ?? (timeScale > 1 ? Math.max(20, Math.round(100 / timeScale)) : 100);
}

/**
 * Which GPUs this run uses: --gpu, else the first TP GPUs of the host (never "all GPUs" on real
 * hardware: on an 8-GPU node a TP1 run must not be charged the other seven's power). The
 * simulated device exposes exactly its TP devices, so all of them (undefined).
 */
export function runGpus(o: Pick<MeasureOptions, 'gpus' | 'tp'>, simulated: boolean): number[] | undefined {
  if (o.gpus?.length) return o.gpus;
  if (simulated) return undefined;
  return Array.from({ length: o.tp ?? 1 }, (_, i) => i);
}

/** The GPU indices knobs and the record name: the run's GPUs, or all the simulated device's. */
export function knobGpus(gpus: number[] | undefined, endpoint: EndpointInfo): number[] {
  return gpus ?? Array.from({ length: endpoint.sim?.tp ?? 1 }, (_, i) => i);
}

export function choosePowerSource(
  o: MeasureOptions,
  intervalMs: number,
  gpus: number[] | undefined,
  simUrl: string | undefined,
): Promise<Selection> {
  return selectPowerSource({
    requested: o.power ?? 'auto',
    intervalMs,
    gpus,
    nvidiaSmiPath: o.nvidiaSmi,
    dcgmUrl: o.dcgmUrl,
    raplRoot: o.raplRoot,
    simUrl,
  });
}

export function describeSelection(sel: Selection): string {
  const skipped = sel.tried.length ? ` [skipped: ${sel.tried.map((t) => `${t.kind}: ${t.reason}`).join('; ')}]` : '';
  return `power source: ${sel.source ? sel.source.label : 'none (no energy figures)'}${skipped}`;
}

/** The nvidia-smi binary the power source already uses, if it is nvidia-smi. */
export function sourceSmiPath(source: PowerSource | null): string | undefined {
  return source?.kind === 'nvidia-smi' ? (source as unknown as { path: string }).path : undefined;
}
