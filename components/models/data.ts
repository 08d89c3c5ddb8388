/**
 * Chart data of the /models page from a family's fit: measured points, fitted curves and
 * predictions (never mixed: predictions are their own list, flagged by lib/models).
 */
import type { FitChartProps } from './fit-chart';
import { predictBilinear, predictPowerLaw, type BilinearFit, type PowerLawFit, type Prediction } from '@/lib/models';
import { fmtTick } from '@/components/charts/scale';

const uniq = (v: number[]) => [...new Set(v)].sort((a, b) => a - b);
const mids = (v: number[]) => v.slice(1).map((b, i) => Math.round((v[i] + b) / 2));

export interface PredictionRow {
  x: Record<string, number>;
  p: Prediction;
}

/** Default predictions: between measured points (output lengths at the median input length; clocks). */
export function defaultPredictPoints(fit: BilinearFit | PowerLawFit): number[][] {
  if (fit.form === 'a*in+b*out+c*in*out') {
    const ins = uniq(fit.residuals.map((r) => r.x.in));
    const outs = uniq(fit.residuals.map((r) => r.x.out));
    const inMid = ins[Math.floor((ins.length - 1) / 2)];
    return mids(outs).map((o) => [inMid, o]);
  }
  return mids(uniq(fit.residuals.map((r) => r.x.f))).map((f) => [f]);
}

export function predictionsOf(fit: BilinearFit | PowerLawFit, points: number[][]): PredictionRow[] {
  if (fit.form === 'a*in+b*out+c*in*out')
    return points.map(([i, o]) => ({ x: { in: i, out: o }, p: predictBilinear(fit, i, o) }));
  return points.map(([f]) => ({ x: { f }, p: predictPowerLaw(fit, f) }));
}

export function chartData(
  fit: BilinearFit | PowerLawFit,
  preds: PredictionRow[],
): Omit<FitChartProps, 'xLabel' | 'yLabel'> {
  if (fit.form === 'a*in+b*out+c*in*out') {
    // x = output length, one series per input length.
    const ins = uniq(fit.residuals.map((r) => r.x.in));
    const outs = uniq([...fit.residuals.map((r) => r.x.out), ...preds.map((p) => p.x.out)]);
    const lo = outs[0];
    const hi = outs[outs.length - 1];
    const grid = Array.from({ length: 25 }, (_, k) => lo + ((hi - lo) * k) / 24);
    const gi = (i: number) => ins.indexOf(i);
    return {
      groups: ins.map((i) => `in = ${fmtTick(i)}`),
      measured: fit.residuals.map((r) => ({ x: r.x.out, y: r.y, group: gi(r.x.in), id: r.id })),
      curves: ins.map((i, g) => ({
        group: g,
        points: grid.map((o) => ({ x: o, y: predictBilinear(fit, i, o).value })),
      })),
      predicted: preds.map(({ x, p }) => ({
        x: x.out,
        value: p.value,
        lo: p.interval[0],
        hi: p.interval[1],
        group: gi(x.in),
        label: `in = ${x.in}, out = ${x.out}`,
      })),
    };
  }
  const fs = uniq([...fit.residuals.map((r) => r.x.f), ...preds.map((p) => p.x.f)]);
  const grid = Array.from({ length: 40 }, (_, k) => fs[0] + ((fs[fs.length - 1] - fs[0]) * k) / 39);
  return {
    groups: [],
    measured: fit.residuals.map((r) => ({ x: r.x.f, y: r.y, group: 0, id: r.id })),
    curves: [{ group: 0, points: grid.map((f) => ({ x: f, y: predictPowerLaw(fit, f).value })) }],
    predicted: preds.map(({ x, p }) => ({
      x: x.f,
      value: p.value,
      lo: p.interval[0],
      hi: p.interval[1],
      group: 0,
      label: `${x.f} MHz`,
    })),
  };
}
