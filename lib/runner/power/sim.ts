/** The simulated device's own readings (GET /sim/state): power, clocks and its energy counter. */
import { PollingSource, type PowerSample, type Probe } from './types';

type SimState = {
  time_scale: number;
  wall_epoch_ms: number;
  devices: Array<{
    index: number;
    power_w: number;
    power_avg_w: number;
    sm_clock_mhz: number;
    mem_clock_mhz: number;
    utilization_gpu: number;
    temperature_c: number;
    power_limit_w: number;
    energy_mj: number;
  }>;
};

export class SimSource extends PollingSource {
  readonly kind = 'sim' as const;
  readonly scope = 'gpu' as const;
  override readonly counterMethod = 'simulated' as const;
  override readonly simulated = true;
  readonly label: string;
  constructor(
    private base: string,
    intervalMs: number,
  ) {
    super(intervalMs);
    this.label = `simulated device counter (${base}/sim/state)`;
  }
  protected async read(): Promise<PowerSample[]> {
    const res = await fetch(new URL('/sim/state', this.base), { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`/sim/state answered ${res.status}`);
    const s = (await res.json()) as SimState;
    return s.devices.map((d) => ({
      t: s.wall_epoch_ms,
      device: d.index,
      powerW: d.power_w,
      powerAvgW: d.power_avg_w,
      // The simulated counter advances in simulated time; the harness's clock is wall time x K.
      energyJ: d.energy_mj / 1000,
      smClockMhz: d.sm_clock_mhz,
      memClockMhz: d.mem_clock_mhz,
      utilizationPct: d.utilization_gpu,
      temperatureC: d.temperature_c,
      powerLimitW: d.power_limit_w,
    }));
  }
}

export async function probeSim(simUrl: string | undefined, intervalMs: number): Promise<Probe> {
  if (!simUrl) return { ok: false, reason: 'the endpoint is not a simulated device (no /sim/state)' };
  return { ok: true, source: new SimSource(simUrl, intervalMs) };
}
