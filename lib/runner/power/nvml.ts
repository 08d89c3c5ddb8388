/**
 * NVML through koffi (optional dependency, loaded lazily): the total-energy counter
 * (nvmlDeviceGetTotalEnergyConsumption, mJ since the driver was loaded; Volta and newer) plus
 * power and SM clock for the trace. Absent koffi or libnvidia-ml.so.1 -> unavailable, with the
 * reason. NOT validated on a real GPU in this repository's development session (none was lent).
 */
import { createRequire } from 'node:module';
import { PollingSource, type PowerSample, type Probe } from './types';

const NVML_CLOCK_SM = 1;
const NVML_CLOCK_MEM = 2;

type Nvml = {
  count: () => number;
  handle: (i: number) => unknown;
  energyMj: (h: unknown) => number;
  powerMw: (h: unknown) => number | undefined;
  clock: (h: unknown, type: number) => number | undefined;
  name: (h: unknown) => string | undefined;
  shutdown: () => void;
};

let loaded: Nvml | Error | null = null;

function loadNvml(): Nvml {
  if (loaded instanceof Error) throw loaded;
  if (loaded) return loaded;
  try {
    const req = createRequire(import.meta.url ?? __filename);
    let koffi: typeof import('koffi');
    try {
      koffi = req('koffi');
    } catch {
      throw new Error('the optional dependency koffi is not installed');
    }
    let lib: ReturnType<typeof koffi.load>;
    try {
      lib = koffi.load('libnvidia-ml.so.1');
    } catch (e) {
      throw new Error(
        `libnvidia-ml.so.1 not found (no NVIDIA driver on this host?): ${(e as Error).message.split('\n')[0]}`,
      );
    }
    koffi.pointer('nvmlDevice_t', koffi.opaque()); // declares the handle type the signatures below name
    const init = lib.func('int nvmlInit_v2()');
    const shutdown = lib.func('int nvmlShutdown()');
    const count = lib.func('int nvmlDeviceGetCount_v2(_Out_ unsigned int *count)');
    const byIndex = lib.func('int nvmlDeviceGetHandleByIndex_v2(unsigned int index, _Out_ nvmlDevice_t *device)');
    const energy = lib.func('int nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, _Out_ uint64_t *energy)');
    const power = lib.func('int nvmlDeviceGetPowerUsage(nvmlDevice_t device, _Out_ unsigned int *power)');
    const clock = lib.func('int nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, _Out_ unsigned int *clock)');
    const name = lib.func('int nvmlDeviceGetName(nvmlDevice_t device, _Out_ char *name, unsigned int length)');
    const rc = init() as number;
    if (rc !== 0) throw new Error(`nvmlInit_v2 failed with NVML error ${rc}`);
    const out = <T>(fn: (...a: unknown[]) => unknown, ...args: unknown[]): [number, T] => {
      const box: unknown[] = [null];
      const r = fn(...args, box) as number;
      return [r, box[0] as T];
    };
    loaded = {
      count: () => {
        const [r, n] = out<number>(count);
        if (r !== 0) throw new Error(`nvmlDeviceGetCount failed (${r})`);
        return n;
      },
      handle: (i) => {
        const [r, h] = out<unknown>(byIndex, i);
        if (r !== 0) throw new Error(`nvmlDeviceGetHandleByIndex(${i}) failed (${r})`);
        return h;
      },
      energyMj: (h) => {
        const [r, e] = out<number | bigint>(energy, h);
        if (r !== 0)
          throw new Error(`nvmlDeviceGetTotalEnergyConsumption failed (NVML error ${r}; needs Volta or newer)`);
        return Number(e);
      },
      powerMw: (h) => {
        const [r, p] = out<number>(power, h);
        return r === 0 ? p : undefined;
      },
      clock: (h, type) => {
        const [r, c] = out<number>(clock, h, type);
        return r === 0 ? c : undefined;
      },
      name: (h) => {
        const buf = Buffer.alloc(96);
        const r = name(h, buf, buf.length) as number;
        return r === 0 ? buf.toString('utf8').replace(/\0.*$/s, '') : undefined;
      },
      shutdown: () => void shutdown(),
    };
    return loaded;
  } catch (e) {
    loaded = e as Error;
    throw e;
  }
}

export class NvmlSource extends PollingSource {
  readonly kind = 'nvml' as const;
  readonly scope = 'gpu' as const;
  override readonly counterMethod = 'nvml_counter' as const;
  readonly label: string;
  constructor(
    private nvml: Nvml,
    private handles: Array<[number, unknown]>,
    intervalMs: number,
  ) {
    super(intervalMs);
    this.label = `NVML total energy counter (${handles.length} GPU${handles.length > 1 ? 's' : ''}) @ ${Math.round(1000 / intervalMs)} Hz`;
  }
  protected async read(): Promise<PowerSample[]> {
    const t = Date.now();
    return this.handles.map(([device, h]) => {
      const mw = this.nvml.powerMw(h);
      return {
        t,
        device,
        energyJ: this.nvml.energyMj(h) / 1000,
        powerW: mw === undefined ? undefined : mw / 1000,
        smClockMhz: this.nvml.clock(h, NVML_CLOCK_SM),
        memClockMhz: this.nvml.clock(h, NVML_CLOCK_MEM),
      };
    });
  }
}

export async function probeNvml(intervalMs: number, gpus: number[] | undefined): Promise<Probe> {
  try {
    const nvml = loadNvml();
    const n = nvml.count();
    const idx = gpus?.length ? gpus : Array.from({ length: n }, (_, i) => i);
    const handles = idx.map((i) => [i, nvml.handle(i)] as [number, unknown]);
    for (const [, h] of handles) nvml.energyMj(h);
    return { ok: true, source: new NvmlSource(nvml, handles, intervalMs) };
  } catch (e) {
    return { ok: false, reason: `NVML unavailable: ${(e as Error).message}` };
  }
}
