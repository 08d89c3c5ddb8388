/**
 * Drives the simulated engine in virtual time (no timers, no HTTP): used for calibration
 * (docs/runner.md) and for the tests of the research's qualitative findings. A closed loop: N
 * requests, at most `concurrency` in flight, each replaced as soon as it finishes.
 */
import { SimEngine, type SimKnobs, type SimSeq } from './engine';
import { gpuSpec, modelSpec } from './specs';
import { mean } from '../stats';

export type OfflineOptions = {
  gpu?: string;
  model?: string;
  tp?: number;
  maxNumSeqs: number;
  concurrency?: number;
  requests: number;
  inputLen: number;
  outputLen: number;
  knobs?: Partial<SimKnobs>;
};

export type OfflineResult = {
  durationS: number;
  outputTps: number;
  energyJ: number;
  avgPowerW: number;
  perGpuPowerW: number;
  jPerOutputToken: number;
  ttftMsMean: number;
  tpotMsMean: number;
  meanClockMhz: number;
};

export function simulateOffline(o: OfflineOptions): OfflineResult {
  const tp = o.tp ?? 1;
  const engine = new SimEngine({
    gpu: gpuSpec(o.gpu ?? 'H100-SXM'),
    model: modelSpec(o.model ?? 'llama-3.1-8b'),
    tp,
    maxNumSeqs: o.maxNumSeqs,
  });
  engine.knobs = { ...engine.knobs, ...o.knobs };
  const conc = o.concurrency ?? o.maxNumSeqs;
  let sent = 0;
  let t = 0;
  let energyJ = 0;
  let clockTime = 0;
  const done: SimSeq[] = [];
  const send = () => {
    engine.add({
      id: String(sent),
      inputTokens: o.inputLen,
      maxTokens: o.outputLen,
      prefilled: 0,
      generated: 0,
      arrivalMs: t,
    });
    sent++;
  };
  while (sent < Math.min(conc, o.requests)) send();
  while (engine.hasWork()) {
    const plan = engine.planStep(t)!;
    t += plan.durMs;
    energyJ += (plan.powerW * tp * plan.durMs) / 1e3;
    clockTime += plan.clockMhz * plan.durMs;
    const { finished } = engine.completeStep(plan, t);
    for (const s of finished) {
      done.push(s);
      if (sent < o.requests) send();
    }
  }
  const outTok = done.reduce((a, s) => a + s.generated, 0);
  const durationS = t / 1e3;
  return {
    durationS,
    outputTps: outTok / durationS,
    energyJ,
    avgPowerW: energyJ / durationS,
    perGpuPowerW: energyJ / durationS / tp,
    jPerOutputToken: energyJ / outTok,
    ttftMsMean: mean(done.map((s) => s.firstTokenMs! - s.arrivalMs))!,
    tpotMsMean: mean(done.map((s) => (s.doneMs! - s.firstTokenMs!) / Math.max(1, s.generated - 1)))!,
    meanClockMhz: clockTime / t,
  };
}
