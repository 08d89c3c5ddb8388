/**
 * GPU knob control with guaranteed restore. A controller changes SM clock locks and power limits
 * (nvidia-smi, or the simulated device's API); `applyKnobs` reads the original power limit
 * BEFORE changing it and returns a `restore()` that is idempotent and never throws (it reports
 * what it could not restore). Callers run restore in `finally` and on SIGINT/SIGTERM.
 */
import { runSmi } from '../power/nvidia-smi';
import { KnobError, RestoreError } from '../errors';

export interface KnobController {
  readonly kind: 'nvidia-smi' | 'sim';
  readPowerLimit(gpu: number): Promise<number | undefined>;
  lockClocks(gpus: number[], min: number, max: number): Promise<void>;
  resetClocks(gpus: number[]): Promise<void>;
  setPowerLimit(gpus: number[], watts: number): Promise<void>;
}

/** Turns nvidia-smi's own words into a clear refusal message. */
export function explainSmiFailure(action: string, gpus: number[], output: string): KnobError {
  const first = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 2)
    .join(' ');
  // nvidia-smi checks permission, support and the value before it changes anything: such a
  // refusal means nothing was changed.
  if (/permission|insufficient|not permitted|requires root|administrator/i.test(output))
    return new KnobError(
      `${action} on GPU ${gpus.join(',')} refused: not permitted (nvidia-smi: "${first}"). Run the harness as root, or allow ` +
        `non-root clock changes with \`sudo nvidia-smi -acp UNRESTRICTED\`; power limits always need root (see docs/runner.md).`,
    ).refused();
  if (/not supported/i.test(output))
    return new KnobError(
      `${action} on GPU ${gpus.join(',')} is not supported by this GPU/driver (nvidia-smi: "${first}")`,
    ).refused();
  if (/not a valid power limit|between/i.test(output))
    return new KnobError(`${action}: invalid value (nvidia-smi: "${first}")`).refused();
  return new KnobError(`${action} on GPU ${gpus.join(',')} failed (nvidia-smi: "${first}")`);
}

export class SmiKnobs implements KnobController {
  readonly kind = 'nvidia-smi' as const;
  /** env: for the nvidia-smi processes (default: this process's). */
  constructor(
    readonly path: string,
    readonly env?: NodeJS.ProcessEnv,
  ) {}
  private async run(action: string, gpus: number[], args: string[]) {
    try {
      await runSmi(this.path, ['-i', gpus.join(','), ...args], 15_000, this.env);
    } catch (e) {
      throw explainSmiFailure(action, gpus, (e as Error).message);
    }
  }
  async readPowerLimit(gpu: number) {
    const out = await runSmi(
      this.path,
      ['--query-gpu=power.limit', '--format=csv,noheader,nounits', '-i', String(gpu)],
      15_000,
      this.env,
    ).catch(() => '');
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
    const res = await fetch(new URL('/sim/knobs', this.base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) {
      const j = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new KnobError(`${action} refused by the simulated device: ${j.error?.message ?? res.status}`).refused();
    }
  }
  async readPowerLimit() {
    const res = await fetch(new URL('/sim/state', this.base), { signal: AbortSignal.timeout(10_000) });
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
/** What a run is about to change, with the originals: written to the restore file before any change. */
export type KnobPlan = {
  gpus: number[];
  smClock?: [number, number];
  powerLimits: { gpu: number; original_w: number; set_w: number }[];
};
/** restore() resolves with the settings it could NOT restore (each message names the setting and GPU). */
export type AppliedKnobs = { restore: () => Promise<string[]>; originalPowerLimitW?: number; plan: KnobPlan };

/**
 * Puts GPUs back: resets locked SM clocks (`-rgc`) and sets each power limit back to its original
 * value. Never throws; returns what was done and what could not be done (one message per setting).
 */
export async function restoreSettings(
  c: KnobController,
  what: { gpus: number[]; resetClocks: boolean; powerLimits: { gpu: number; original_w: number; set_w?: number }[] },
  log: (m: string) => void = () => {},
): Promise<{ done: string[]; problems: string[] }> {
  const done: string[] = [];
  const problems: string[] = [];
  if (what.resetClocks) {
    try {
      await c.resetClocks(what.gpus);
      done.push(`SM clocks reset on GPU ${what.gpus.join(',')}`);
      log(`restored SM clocks (reset) on GPU ${what.gpus.join(',')}`);
    } catch (e) {
      problems.push(`SM clocks of GPU ${what.gpus.join(',')} are still locked: ${(e as Error).message}`);
    }
  }
  for (const { gpu, original_w, set_w } of what.powerLimits) {
    try {
      await c.setPowerLimit([gpu], original_w);
      done.push(`power limit ${original_w} W on GPU ${gpu}`);
      log(`restored power limit ${original_w} W on GPU ${gpu}`);
    } catch (e) {
      problems.push(
        `power limit of GPU ${gpu} is not back at its original ${original_w} W${set_w !== undefined ? ` (still ${set_w} W)` : ''}: ${(e as Error).message}`,
      );
    }
  }
  return { done, problems };
}

/**
 * Reads the originals, calls `beforeChange(plan)` (the harness writes its restore file there; if
 * it throws, nothing is changed), then applies the knobs. A failure part-way restores what was
 * changed and rethrows.
 */
export async function applyKnobs(
  c: KnobController,
  k: KnobRequest,
  log: (m: string) => void = () => {},
  hooks: { beforeChange?: (plan: KnobPlan) => void | Promise<void> } = {},
): Promise<AppliedKnobs> {
  const plan: KnobPlan = { gpus: k.gpus, smClock: k.smClock, powerLimits: [] };
  if (k.powerLimitW !== undefined) {
    for (const g of k.gpus) {
      const w = await c.readPowerLimit(g);
      if (w === undefined)
        throw new KnobError(
          `cannot read the current power limit of GPU ${g}, so it could not be restored: not changing it`,
        );
      plan.powerLimits.push({ gpu: g, original_w: w, set_w: k.powerLimitW });
    }
  }
  await hooks.beforeChange?.(plan);
  let clocksLocked = false;
  let limitsSet = false;
  let restored: Promise<string[]> | null = null;
  const restore = () =>
    (restored ??= restoreSettings(
      c,
      { gpus: k.gpus, resetClocks: clocksLocked, powerLimits: limitsSet ? plan.powerLimits : [] },
      log,
    ).then((r) => r.problems));
  try {
    if (k.powerLimitW !== undefined) {
      // The originals are known: a partially applied limit is restored too.
      limitsSet = true;
      try {
        await c.setPowerLimit(k.gpus, k.powerLimitW);
      } catch (e) {
        if (e instanceof KnobError && e.nothingChanged) limitsSet = false;
        throw e;
      }
      log(
        `set power limit ${k.powerLimitW} W on GPU ${k.gpus.join(',')} (was ${plan.powerLimits.map((p) => p.original_w).join(',')} W)`,
      );
    }
    if (k.smClock) {
      clocksLocked = true;
      try {
        await c.lockClocks(k.gpus, k.smClock[0], k.smClock[1]);
      } catch (e) {
        if (e instanceof KnobError && e.nothingChanged) clocksLocked = false;
        throw e;
      }
      log(`locked SM clocks ${k.smClock[0]},${k.smClock[1]} MHz on GPU ${k.gpus.join(',')}`);
    }
  } catch (e) {
    const problems = await restore();
    if (problems.length) throw new RestoreError(problems, e instanceof Error ? e : new Error(String(e)));
    throw e;
  }
  return { restore, originalPowerLimitW: plan.powerLimits[0]?.original_w, plan };
}
