/**
 * Chooses the power source: auto = nvml > nvidia-smi > dcgm > rapl > sim > none, or the one
 * asked for (an explicit choice that is unavailable is an error, with the reason). Against a
 * SIMULATED endpoint, real sensors would measure this host instead of the simulated GPU, so auto
 * skips nvml, a real nvidia-smi, dcgm and rapl there; a fake nvidia-smi (which reads the sim) or
 * the sim's own counter are used.
 */
import { probeNvml } from './nvml';
import { probeNvidiaSmi } from './nvidia-smi';
import { probeDcgm } from './dcgm';
import { probeRapl } from './rapl';
import { probeSim } from './sim';
import { PowerSourceError } from '../errors';
import type { PowerKind, PowerSource } from './types';

export type SelectOptions = {
  requested: PowerKind | 'auto';
  intervalMs: number;
  gpus?: number[];
  nvidiaSmiPath?: string;
  dcgmUrl?: string;
  raplRoot?: string;
  /** Base URL of the simulated device when the endpoint is one. */
  simUrl?: string;
};

export type Selection = {
  source: PowerSource | null;
  kind: PowerKind;
  tried: Array<{ kind: PowerKind; reason: string }>;
};

export async function selectPowerSource(o: SelectOptions): Promise<Selection> {
  const tried: Array<{ kind: PowerKind; reason: string }> = [];
  const order: PowerKind[] =
    o.requested === 'auto' ? ['nvml', 'nvidia-smi', 'dcgm', 'rapl', 'sim', 'none'] : [o.requested];
  for (const kind of order) {
    if (kind === 'none') return { source: null, kind, tried };
    if (o.requested === 'auto' && o.simUrl && (kind === 'nvml' || kind === 'dcgm' || kind === 'rapl')) {
      tried.push({ kind, reason: 'skipped: the endpoint is a simulated device' });
      continue;
    }
    const p =
      kind === 'nvml'
        ? await probeNvml(o.intervalMs, o.gpus)
        : kind === 'nvidia-smi'
          ? await probeNvidiaSmi(o.nvidiaSmiPath ?? 'nvidia-smi', o.intervalMs, o.gpus)
          : kind === 'dcgm'
            ? await probeDcgm(o.dcgmUrl, o.intervalMs, o.gpus)
            : kind === 'rapl'
              ? await probeRapl(o.intervalMs, o.raplRoot)
              : await probeSim(o.simUrl, o.intervalMs);
    if (p.ok && o.requested === 'auto' && o.simUrl && kind === 'nvidia-smi' && !p.source.simulated) {
      tried.push({ kind, reason: 'skipped: a real nvidia-smi cannot measure the simulated device' });
      continue;
    }
    if (p.ok) return { source: p.source, kind, tried };
    tried.push({ kind, reason: p.reason });
  }
  throw new PowerSourceError(`power source '${o.requested}' unavailable: ${tried.map((t) => t.reason).join('; ')}`);
}
