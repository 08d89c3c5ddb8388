/**
 * Linux RAPL (CPU package energy): /sys/class/powercap/intel-rapl:N/energy_uj, one counter per
 * package (sub-zones intel-rapl:N:M are parts of the package and are skipped so nothing is
 * counted twice). Counters wrap at max_energy_range_uj; the reader unwraps them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PollingSource, type PowerSample, type Probe } from './types';

export const RAPL_ROOT = '/sys/class/powercap';

export class RaplSource extends PollingSource {
  readonly kind = 'rapl' as const;
  readonly scope = 'cpu' as const;
  override readonly counterMethod = 'reported' as const;
  readonly label: string;
  private last: number[] = [];
  private offset: number[] = [];
  constructor(
    private zones: Array<{ dir: string; max: number }>,
    intervalMs: number,
  ) {
    super(intervalMs);
    this.label = `RAPL energy_uj (${zones.map((z) => path.basename(z.dir)).join(', ')}; CPU packages)`;
  }
  protected async read(): Promise<PowerSample[]> {
    const t = Date.now();
    return this.zones.map((z, i) => {
      const raw = Number(fs.readFileSync(path.join(z.dir, 'energy_uj'), 'utf8').trim());
      if (this.last[i] !== undefined && raw < this.last[i]) this.offset[i] = (this.offset[i] ?? 0) + z.max; // wrapped
      this.last[i] = raw;
      return { t, device: i, energyJ: (raw + (this.offset[i] ?? 0)) / 1e6 };
    });
  }
}

export async function probeRapl(intervalMs: number, root = RAPL_ROOT): Promise<Probe> {
  let names: string[];
  try {
    names = fs
      .readdirSync(root)
      .filter((n) => /^intel-rapl:\d+$/.test(n))
      .sort();
  } catch {
    return { ok: false, reason: `RAPL unavailable: ${root} does not exist` };
  }
  if (!names.length) return { ok: false, reason: `RAPL unavailable: no intel-rapl:N zones in ${root}` };
  const zones: Array<{ dir: string; max: number }> = [];
  for (const n of names) {
    const dir = path.join(root, n);
    try {
      fs.readFileSync(path.join(dir, 'energy_uj'), 'utf8');
      zones.push({ dir, max: Number(fs.readFileSync(path.join(dir, 'max_energy_range_uj'), 'utf8').trim()) });
    } catch (e) {
      return {
        ok: false,
        reason: `RAPL unavailable: cannot read ${dir}/energy_uj (${(e as NodeJS.ErrnoException).code}; root only on recent kernels)`,
      };
    }
  }
  return { ok: true, source: new RaplSource(zones, intervalMs) };
}
