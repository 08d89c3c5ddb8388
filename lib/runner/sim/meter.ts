/**
 * The simulated device's energy counter: power is piecewise constant between engine steps, so
 * energy is the sum of power x duration over segments (simulated ms; W x ms = mJ). A short
 * history of (time, energy) gives nvidia-smi's one-second average power.
 */
export type Segment = { startMs: number; powerW: number; clock: number; util: number; energyMj: number };

const HISTORY_MS = 2000;
const HISTORY_MAX = 8192;

export class EnergyMeter {
  seg: Segment;
  private readonly history: Array<[number, number]> = [[0, 0]];

  constructor(idlePowerW: number, idleClock: number) {
    this.seg = { startMs: 0, powerW: idlePowerW, clock: idleClock, util: 0, energyMj: 0 };
  }

  /** Energy (mJ) at simulated time t (ms), t at or after the current segment's start. */
  energyAt(t: number): number {
    return this.seg.energyMj + this.seg.powerW * (t - this.seg.startMs);
  }

  /** From simulated time t on, the device draws powerW at this clock and utilisation. */
  setSegment(t: number, powerW: number, clock: number, util: number) {
    const e = this.energyAt(t);
    this.seg = { startMs: t, powerW, clock, util, energyMj: e };
    const h = this.history;
    h.push([t, e]);
    while (h.length > 2 && h[1][0] < t - HISTORY_MS) h.shift();
    if (h.length > HISTORY_MAX) h.splice(0, h.length - HISTORY_MAX);
  }

  /** power.draw.average: mean power over the last simulated second (nvidia-smi's 1 s window). */
  averagePowerW(t: number): number {
    let ref = this.history[0];
    for (const h of this.history) if (h[0] <= t - 1000) ref = h;
    const span = t - ref[0];
    return span > 0 ? (this.energyAt(t) - ref[1]) / span : this.seg.powerW;
  }
}
