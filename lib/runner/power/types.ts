/** One interface for every power source (nvml, nvidia-smi, dcgm, rapl, sim, none). */
export type PowerKind = 'nvml' | 'nvidia-smi' | 'dcgm' | 'rapl' | 'sim' | 'none';
export const POWER_KINDS: PowerKind[] = ['nvml', 'nvidia-smi', 'dcgm', 'rapl', 'sim', 'none'];

export type PowerSample = {
  /** Wall-clock time of the reading, ms since the epoch (sub-ms where the source allows). */
  t: number;
  device: number;
  powerW?: number;
  powerAvgW?: number;
  /** Cumulative energy counter in joules (NVML, DCGM, RAPL, sim): preferred over integration. */
  energyJ?: number;
  smClockMhz?: number;
  memClockMhz?: number;
  utilizationPct?: number;
  temperatureC?: number;
  powerLimitW?: number;
};

export type EnergyMethod = 'nvml_counter' | 'power_integration' | 'dcgm_counter' | 'reported' | 'simulated';

export interface PowerSource {
  readonly kind: PowerKind;
  /** energy_provenance.method when the counter is used (integration otherwise). */
  readonly counterMethod?: EnergyMethod;
  readonly scope: 'gpu' | 'cpu' | 'system';
  /** Human-readable source for energy_provenance.source. */
  readonly label: string;
  readonly simulated: boolean;
  /** Starts sampling; `onFatal` is called if the source dies while running. */
  start(onFatal: (err: Error) => void): Promise<void>;
  stop(): Promise<void>;
  readonly samples: PowerSample[];
  /** Resolves at the first sample (or rejects after timeoutMs). */
  firstSample(timeoutMs: number): Promise<void>;
}

export type Probe = { ok: true; source: PowerSource } | { ok: false; reason: string };

/** Shared polling loop for sources read by a function call (nvml, dcgm, rapl, sim). */
export abstract class PollingSource implements PowerSource {
  abstract readonly kind: PowerKind;
  abstract readonly scope: 'gpu' | 'cpu' | 'system';
  abstract readonly label: string;
  readonly counterMethod?: EnergyMethod;
  readonly simulated: boolean = false;
  readonly samples: PowerSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private waiters: Array<() => void> = [];
  private failures = 0;

  constructor(readonly intervalMs: number) {}

  protected abstract read(): Promise<PowerSample[]>;
  protected async close(): Promise<void> {}

  async start(onFatal: (err: Error) => void) {
    let next = Date.now();
    const tick = async () => {
      if (this.stopped) return;
      try {
        const s = await this.read();
        this.failures = 0;
        this.samples.push(...s);
        if (s.length) for (const w of this.waiters.splice(0)) w();
      } catch (e) {
        // One failed poll is tolerated (a slow scrape); three in a row end the run.
        if (++this.failures >= 3 && !this.stopped) {
          this.stopped = true;
          onFatal(new Error(`${this.kind} power source failed: ${(e as Error).message}`));
          return;
        }
      }
      if (this.stopped) return;
      next += this.intervalMs;
      const wait = next - Date.now();
      if (wait < 0) next = Date.now();
      this.timer = setTimeout(tick, Math.max(0, wait));
    };
    void tick();
  }

  firstSample(timeoutMs: number) {
    if (this.samples.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${this.kind}: no power sample within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.close();
  }
}
