/**
 * DCGM exporter scrape (Prometheus text format): DCGM_FI_DEV_POWER_USAGE (W) and
 * DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ since boot), per `gpu` label. Note that the exporter
 * refreshes at its own collection interval (-c, default 30 s in some deployments): set it to
 * 100-1000 ms for useful traces.
 */
import { PollingSource, type PowerSample, type Probe } from './types';

/** Parses the two DCGM metrics from Prometheus exposition text, keyed by GPU index. */
export function parseDcgm(text: string): Map<number, { powerW?: number; energyJ?: number; smClockMhz?: number }> {
  const out = new Map<number, { powerW?: number; energyJ?: number; smClockMhz?: number }>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('DCGM_FI_DEV_')) continue;
    const m = /^(DCGM_FI_DEV_[A-Z_]+)\{([^}]*)\}\s+([-+0-9.eE]+|NaN)/.exec(line);
    if (!m) continue;
    const gpu = /(?:^|,)\s*gpu="(\d+)"/.exec(m[2]);
    if (!gpu) continue;
    const v = Number(m[3]);
    if (!Number.isFinite(v)) continue;
    const e = out.get(+gpu[1]) ?? {};
    if (m[1] === 'DCGM_FI_DEV_POWER_USAGE') e.powerW = v;
    else if (m[1] === 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION') e.energyJ = v / 1000;
    else if (m[1] === 'DCGM_FI_DEV_SM_CLOCK') e.smClockMhz = v;
    out.set(+gpu[1], e);
  }
  return out;
}

export class DcgmSource extends PollingSource {
  readonly kind = 'dcgm' as const;
  readonly scope = 'gpu' as const;
  override readonly counterMethod = 'dcgm_counter' as const;
  readonly label: string;
  constructor(
    private url: string,
    private gpus: number[] | undefined,
    intervalMs: number,
  ) {
    super(intervalMs);
    this.label = `DCGM exporter ${url}`;
  }
  protected async read(): Promise<PowerSample[]> {
    const t = Date.now();
    const res = await fetch(this.url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`${this.url} answered ${res.status}`);
    const m = parseDcgm(await res.text());
    return [...m.entries()]
      .filter(([g]) => !this.gpus?.length || this.gpus.includes(g))
      .map(([device, v]) => ({ t, device, ...v }));
  }
}

export async function probeDcgm(
  url: string | undefined,
  intervalMs: number,
  gpus: number[] | undefined,
): Promise<Probe> {
  const target = url ?? 'http://127.0.0.1:9400/metrics';
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return { ok: false, reason: `DCGM exporter ${target} answered ${res.status}` };
    const m = parseDcgm(await res.text());
    if (![...m.values()].some((v) => v.powerW !== undefined || v.energyJ !== undefined))
      return {
        ok: false,
        reason: `DCGM exporter ${target} has no DCGM_FI_DEV_POWER_USAGE / DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION`,
      };
    return { ok: true, source: new DcgmSource(target, gpus, intervalMs) };
  } catch (e) {
    return { ok: false, reason: `DCGM exporter ${target} unreachable (${(e as Error).message})` };
  }
}
