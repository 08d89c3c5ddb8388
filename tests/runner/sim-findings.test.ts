/**
 * The simulated device reproduces the research's qualitative findings and lands near published
 * numbers (ML.ENERGY v2, H100, vLLM), in virtual time (no timers): fast and deterministic.
 */
import { describe, expect, it } from 'vitest';
import { simulateOffline } from '@/lib/runner/sim/offline';

const run = (maxNumSeqs: number, smMaxMhz?: number, extra: Partial<Parameters<typeof simulateOffline>[0]> = {}) =>
  simulateOffline({
    maxNumSeqs,
    requests: maxNumSeqs * 4,
    inputLen: 512,
    outputLen: 256,
    knobs: smMaxMhz ? { smMaxMhz } : {},
    ...extra,
  });

describe('simulated H100 + Llama-3.1-8B', () => {
  it('1.6 GHz vs 1.98 GHz: about the same decode throughput at < 80% of the energy', () => {
    for (const b of [16, 64, 128, 256]) {
      const hi = run(b, 1980);
      const lo = run(b, 1600);
      expect(lo.outputTps / hi.outputTps).toBeGreaterThan(0.9);
      expect(lo.jPerOutputToken / hi.jPerOutputToken).toBeLessThan(0.8);
    }
  });
  it('prefill (TTFT) grows as the clock drops, decode (TPOT) much less', () => {
    const prefill = (mhz: number) =>
      simulateOffline({ maxNumSeqs: 1, requests: 1, inputLen: 4096, outputLen: 2, knobs: { smMaxMhz: mhz } });
    const decode = (mhz: number) =>
      simulateOffline({ maxNumSeqs: 32, requests: 32, inputLen: 128, outputLen: 512, knobs: { smMaxMhz: mhz } });
    const ttftRatio = prefill(1200).ttftMsMean / prefill(1980).ttftMsMean;
    const tpotRatio = decode(1200).tpotMsMean / decode(1980).tpotMsMean;
    expect(ttftRatio).toBeGreaterThan(1.4); // clock ratio 1.65
    expect(tpotRatio).toBeLessThan(1.15);
    expect(ttftRatio).toBeGreaterThan(tpotRatio + 0.3);
  });
  it('lands within 1.5x of ML.ENERGY v2 (64 and 256 seqs)', () => {
    // One assertion per figure, so a failure names the figure and its value.
    const expectWithin = (what: string, x: number, ref: number) => {
      expect(x / ref, `${what} = ${x} vs ML.ENERGY ${ref}`).toBeLessThan(1.5);
      expect(ref / x, `${what} = ${x} vs ML.ENERGY ${ref}`).toBeLessThan(1.5);
    };
    const a = run(64);
    expectWithin('J/output token @64', a.jPerOutputToken, 0.171);
    expectWithin('mean TPOT ms @64', a.tpotMsMean, 35);
    expectWithin('output tok/s @64', a.outputTps, 1785);
    expectWithin('avg power W @64', a.avgPowerW, 305);
    const b = run(256);
    expectWithin('J/output token @256', b.jPerOutputToken, 0.121);
    expectWithin('mean TPOT ms @256', b.tpotMsMean, 97);
    expectWithin('output tok/s @256', b.outputTps, 2289);
    expectWithin('avg power W @256', b.avgPowerW, 276);
    expect(b.jPerOutputToken).toBeLessThan(a.jPerOutputToken); // bigger batches: fewer J/token
  });
  it('a power cap throttles the clock and bounds power', () => {
    const capped = simulateOffline({
      maxNumSeqs: 64,
      requests: 64,
      inputLen: 4096,
      outputLen: 16,
      knobs: { powerLimitW: 350 },
    });
    expect(capped.perGpuPowerW).toBeLessThanOrEqual(350.01);
    expect(capped.meanClockMhz).toBeLessThan(1980);
  });
  it('70B TP4 within 1.5x of ML.ENERGY v2', () => {
    const r = simulateOffline({
      model: 'llama-3.1-70b',
      tp: 4,
      maxNumSeqs: 128,
      requests: 256,
      inputLen: 512,
      outputLen: 256,
    });
    expect(r.jPerOutputToken / 0.959).toBeLessThan(1.5);
    expect(0.959 / r.jPerOutputToken).toBeLessThan(1.5);
    expect(r.avgPowerW / 1110).toBeLessThan(1.5);
  });
});
