/** /models chart data: predictions stay a separate, flagged list; curves follow the fit. */
import { describe, expect, it } from 'vitest';
import { chartData, defaultPredictPoints, predictionsOf } from '@/components/models/data';
import { fitBilinear, fitPowerLaw, predictBilinear } from '@/lib/models';

describe('chart data', () => {
  it('E(in, out): one series per input length, predictions between measured output lengths', () => {
    const pts = [128, 512, 2048].flatMap((i) =>
      [32, 128, 512].map((o) => ({ id: i + o, in: i, out: o, y: 0.01 * i + 0.4 * o + 0.0001 * i * o })),
    );
    const fit = fitBilinear(pts);
    if (!fit.ok) throw new Error(fit.reason);
    expect(defaultPredictPoints(fit)).toEqual([
      [512, 80],
      [512, 320],
    ]);
    const preds = predictionsOf(fit, defaultPredictPoints(fit));
    const d = chartData(fit, preds);
    expect(d.groups).toEqual(['in = 128', 'in = 512', 'in = 2.05k']);
    expect(d.measured).toHaveLength(9);
    expect(d.predicted.map((p) => [p.x, p.group])).toEqual([
      [80, 1],
      [320, 1],
    ]);
    expect(preds.every((p) => p.p.predicted)).toBe(true);
    const c = d.curves[1].points[0];
    expect(c.y).toBeCloseTo(predictBilinear(fit, 512, c.x).value, 10);
  });
  it('clock curve: predictions at midpoints between measured clocks', () => {
    const fit = fitPowerLaw([800, 1000, 1200, 1400, 1600].map((f) => ({ f, y: 100 + 200 * (f / 1600) ** 2.5 })));
    if (!fit.ok) throw new Error(fit.reason);
    expect(defaultPredictPoints(fit)).toEqual([[900], [1100], [1300], [1500]]);
    const d = chartData(fit, predictionsOf(fit, [[1100]]));
    expect(d.predicted[0].x).toBe(1100);
    expect(d.predicted[0].value).toBeCloseTo(100 + 200 * (1100 / 1600) ** 2.5, 6);
  });
});
