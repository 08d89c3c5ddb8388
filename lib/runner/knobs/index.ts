/**
 * GPU knob control with guaranteed restore. A controller changes SM clock locks and power limits
 * (nvidia-smi, or the simulated device's API); `applyKnobs` reads the original power limit
 * BEFORE changing it and returns a `restore()` that is idempotent and never throws (it reports
 * what it could not restore). Callers run restore in `finally` and on SIGINT/SIGTERM.
 */
import { runSmi } from '../power/nvidia-smi';
import { KnobError } from '../errors';

export interface KnobController {
  readonly kind: 'nvidia-smi' | 'sim';
  readPowerLimit(gpu: number): Promise<number | undefined>;
  lockClocks(gpus: number[], min: number, max: number): Promise<void>;
  resetClocks(gpus: number[]): Promise<void>;
  setPowerLimit(gpus: number[], watts: number): Promise<void>;
}

/** Turns nvidia-smi's own words into a clear refusal message. */
export function explainSmiFailure(action: string, gpus: number[], output: string): KnobError {
  const first = output.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ');
  if (/permission|insufficient|not permitted|requires root|administrator/i.test(output))
    return new KnobError(
      `${action} on GPU ${gpus.join(',')} refused: not permitted (nvidia-smi: "${first}"). Run the harness as root, or allow ` +
        `non-root clock changes with \`sudo nvidia-smi -acp UNRESTRICTED\`; power limits always need root (see docs/runner.md).`,
    );
  if (/not supported/i.test(output)) return new KnobError(`${action} on GPU ${gpus.join(',')} is not supported by this GPU/driver (nvidia-smi: "${first}")`);
  if (/not a valid power limit|between/i.test(output)) return new KnobError(`${action}: invalid value (nvidia-smi: "${first}")`);
  return new KnobError(`${action} on GPU ${gpus.join(',')} failed (nvidia-smi: "${first}")`);
}

export class SmiKnobs implements KnobController {
  readonly kind = 'nvidia-smi' as const;
  constructor(readonly path: string) {}
  private async run(action: string, gpus: number[], args: string[]) {
    try {
      await runSmi(this.path, ['-i', gpus.join(','), ...args]);
    } catch (e) {
      throw explainSmiFailure(action, gpus, (e as Error).message);
    }
  }
  async readPowerLimit(gpu: number) {
    const out = await runSmi(this.path, ['--query-gpu=power.limit', '--format=csv,noheader,nounits', '-i', String(gpu)]).catch(() => '');
    const n = Number(out.trim().split('\n')[0]);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  }
  lockClocks(gpus: number[], min: number, max: number) {
    return this.run(`locking SM clocks to ${min},${max} MHz`, gpus, ['-lgc', `${min},${max}`]);
  }
  resetClocks(gpus: number[]) {
    return this.run('resetting SM clocks', gpus, ['-rgc']);
  }
  setPowerLimit(gpus: number[], watts: number) {
    return this.run(`setting the power limit to ${watts} W`, gpus, ['-pl', String(watts)]);
  }
}

/** Direct control of the simulated device (when no nvidia-smi, fake or real, is in use). */
export class SimKnobs implements KnobController {
  readonly kind = 'sim' as const;
  constructor(readonly base: string) {}
  private async post(action: string, body: unknown) {
    const res = await fetch(new URL('/sim/knobs', this.base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) {
      const j = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new KnobError(`${action} refused by the simulated device: ${j.error?.message ?? res.status}`);
    }
  }
  async readPowerLimit() {
    const res = await fetch(new URL('/sim/state', this.base));
    const s = (await res.json()) as { knobs: { power_limit_w: number } };
    return s.knobs.power_limit_w;
  }
  lockClocks(_g: number[], min: number, max: number) {
    return this.post('locking SM clocks', { sm_clock_mhz_min: min, sm_clock_mhz_max: max });
  }
  resetClocks() {
    return this.post('resetting SM clocks', { reset_clocks: true });
  }
  setPowerLimit(_g: number[], watts: number) {
    return this.post('setting the power limit', { power_limit_w: watts });
  }
}

export type KnobRequest = { gpus: number[]; smClock?: [number, number]; powerLimitW?: number };
export type AppliedKnobs = { restore: () => Promise<string[]>; originalPowerLimitW?: number };

export async function applyKnobs(c: KnobController, k: KnobRequest, log: (m: string) => void = () => {}): Promise<AppliedKnobs> {
  let clocksLocked = false;
  const originalLimits = new Map<number, number>();
  let restored: Promise<string[]> | null = null;
  const restore = () =>
    (restored ??= (async () => {
      const problems: string[] = [];
      if (clocksLocked) {
        try {
          await c.resetClocks(k.gpus);
          log(`restored SM clocks (reset) on GPU ${k.gpus.join(',')}`);
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
      for (const [g, w] of originalLimits) {
        try {
          await c.setPowerLimit([g], w);
          log(`restored power limit ${w} W on GPU ${g}`);
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
      return problems;
    })());
  try {
    if (k.powerLimitW !== undefined) {
      for (const g of k.gpus) {
        const w = await c.readPowerLimit(g);
        if (w === undefined) throw new KnobError(`cannot read the current power limit of GPU ${g}, so it could not be restored: not changing it`);
        originalLimits.set(g, w);
      }
      // Record the originals first: a partially applied limit is restored too.
      await c.setPowerLimit(k.gpus, k.powerLimitW);
      log(`set power limit ${k.powerLimitW} W on GPU ${k.gpus.join(',')} (was ${[...originalLimits.values()].join(',')} W)`);
    }
    if (k.smClock) {
      clocksLocked = true;
      await c.lockClocks(k.gpus, k.smClock[0], k.smClock[1]);
      log(`locked SM clocks ${k.smClock[0]},${k.smClock[1]} MHz on GPU ${k.gpus.join(',')}`);
    }
  } catch (e) {
    await restore();
    throw e;
  }
  return { restore, originalPowerLimitW: originalLimits.values().next().value };
}
