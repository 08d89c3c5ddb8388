/** Synthetic workloads (seeded), slices and the storage codec. */
import { describe, expect, it } from 'vitest';
import { generateSynthetic, syntheticSpecSchema, rateAt } from '@/lib/workloads/synthetic';
import { sliceWorkload } from '@/lib/workloads/slice';
import { bucketRates } from '@/lib/workloads/stats';
import { decodeRequests, encodeRequests } from '@/lib/workloads/codec';
import { loadBuiltin } from '@/lib/workloads/builtin';

const conv = () => loadBuiltin('azure-conv-2023')!;
const spec = (v: unknown) => syntheticSpecSchema.parse(v);

describe('synthetic workloads', () => {
  it('constant: Poisson arrivals near the rate, reproducible by seed, lengths resampled as pairs from the trace', () => {
    const s = spec({ kind: 'constant', rateRps: 20, durationS: 500, seed: 7 });
    const a = generateSynthetic(s, conv());
    // 10,000 expected; Poisson sd = 100: 5 sd.
    expect(Math.abs(a.requests.length - 10_000)).toBeLessThan(500);
    expect(generateSynthetic(s, conv()).requests).toEqual(a.requests);
    expect(generateSynthetic({ ...s, seed: 8 }, conv()).requests).not.toEqual(a.requests);
    const pairs = new Set(conv().requests.map((r) => `${r.inputTokens}/${r.outputTokens}`));
    expect(a.requests.every((r) => pairs.has(`${r.inputTokens}/${r.outputTokens}`))).toBe(true);
    expect(a.requests.every((r, i) => r.atS >= 0 && r.atS < 500 && (i === 0 || r.atS >= a.requests[i - 1].atS))).toBe(
      true,
    );
    expect(a.source).toBe('synthetic');
    expect(a.attribution!.text).toContain('Splitwise');
  });

  it('uniform arrivals follow the rate exactly (integral of the rate)', () => {
    const a = generateSynthetic(spec({ kind: 'constant', rateRps: 4, durationS: 10, arrival: 'uniform' }), conv());
    expect(a.requests).toHaveLength(40);
    expect(bucketRates(a, 1).map((b) => b.requests)).toEqual(new Array(10).fill(4));
  });

  it('diurnal: the rate follows the sinusoid (peak quarter vs trough quarter)', () => {
    const s = spec({ kind: 'diurnal', meanRps: 10, amplitude: 0.8, periodS: 400, durationS: 400, seed: 3 });
    expect(rateAt(s, 100)).toBeCloseTo(18, 9);
    expect(rateAt(s, 300)).toBeCloseTo(2, 9);
    const b = bucketRates(generateSynthetic(s, conv()), 100);
    expect(b[0].requests + b[1].requests).toBeGreaterThan(3 * (b[2].requests + b[3].requests));
    // Expected in [50,150): integral = 1000 + 800*... ; check against the rate at the bin middle loosely.
    expect(Math.abs(b[1].rateRps - (10 + 8 * (2 / Math.PI)))).toBeLessThan(2);
  });

  it('step: each phase at its rate', () => {
    const s = spec({
      kind: 'step',
      steps: [
        { rateRps: 2, durationS: 50 },
        { rateRps: 20, durationS: 50 },
      ],
      arrival: 'uniform',
    });
    const b = bucketRates(generateSynthetic(s, conv()), 50);
    expect(b.map((x) => x.requests)).toEqual([100, 1000]);
  });

  it('refuses a spec that would exceed the trace size limit, and bad specs name the key', () => {
    expect(() => generateSynthetic(spec({ kind: 'constant', rateRps: 1000, durationS: 10_000 }), conv())).toThrow(
      /about 10000000 requests \(more than 1000000\)/,
    );
    const r = syntheticSpecSchema.safeParse({ kind: 'diurnal', meanRps: 1, amplitude: 2, periodS: 10, durationS: 10 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['amplitude']);
  });
});

describe('slices', () => {
  it('start/duration select [start, start+duration), rebased and time-compressed', () => {
    const w = conv();
    const s = sliceWorkload(w, { startS: 600, durationS: 60, speedup: 10 });
    const want = w.requests.filter((r) => r.atS >= 600 && r.atS < 660);
    expect(s.requests).toHaveLength(want.length);
    expect(s.requests[0].atS).toBeCloseTo((want[0].atS - 600) / 10, 6);
    expect(s.requests[5].inputTokens).toBe(want[5].inputTokens);
    expect(s).toMatchObject({ ref: 'builtin:azure-conv-2023', startS: 600, durationS: 60, speedup: 10 });
  });

  it('max-requests cuts the slice; empty slices and bad options are refused', () => {
    const s = sliceWorkload(conv(), { startS: 100, maxRequests: 7 });
    expect(s.requests).toHaveLength(7);
    expect(s.durationS).toBeCloseTo(s.requests[6].atS, 9);
    expect(() => sliceWorkload(conv(), { startS: 99_999 })).toThrow(
      /no requests between 99999 s and the end \(the trace lasts 3501\.7 s\)/,
    );
    expect(() => sliceWorkload(conv(), { speedup: 0 })).toThrow('--speedup must be > 0 and at most 10000 (got 0)');
    expect(() => sliceWorkload(conv(), { maxRequests: 1.5 })).toThrow(
      '--max-requests must be a positive integer (got 1.5)',
    );
  });
});

describe('codec', () => {
  it('round-trips requests at microsecond resolution, compactly', () => {
    const w = conv();
    const buf = encodeRequests(w.requests);
    expect(decodeRequests(buf)).toEqual(w.requests);
    expect(buf.length).toBeLessThan(200_000);
  });
});
