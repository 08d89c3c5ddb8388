/**
 * Tiny linear/log scales with "nice" ticks for the hand-written SVG charts (no d3 / Recharts:
 * the explorer's marks are server-rendered, so they appear with the HTML, and the client bundle
 * stays small).
 */
export interface Scale {
  (v: number): number;
  ticks: number[];
  domain: [number, number];
  log: boolean;
}

function tickStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const e = raw / p;
  return (e >= 7.5 ? 10 : e >= 3.5 ? 5 : e >= 1.5 ? 2 : 1) * p;
}

export function extent(values: Iterable<number>, log: boolean): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Scale from data domain to pixel range [r0, r1], padded by `pad` of the span on each side. */
export function makeScale(
  domain: [number, number] | null,
  range: [number, number],
  log: boolean,
  pad = 0.05,
  tickCount = 6,
): Scale {
  let [d0, d1] = domain ?? (log ? [1, 10] : [0, 1]);
  if (log) {
    let a = Math.log10(d0);
    let b = Math.log10(d1);
    if (a === b) {
      a -= 0.5;
      b += 0.5;
    }
    const span = b - a;
    a -= span * pad;
    b += span * pad;
    const f = ((v: number) =>
      range[0] + ((Math.log10(Math.max(v, 1e-300)) - a) / (b - a)) * (range[1] - range[0])) as Scale;
    const ticks: number[] = [];
    const decades = b - a;
    const mult = decades > 3 ? [1] : decades > 1.2 ? [1, 2, 5] : [1, 1.5, 2, 3, 5, 7];
    for (let e = Math.floor(a); e <= Math.ceil(b); e++)
      for (const m of mult) {
        const v = m * 10 ** e;
        const lv = Math.log10(v);
        if (lv >= a && lv <= b) ticks.push(v);
      }
    f.ticks = ticks;
    f.domain = [10 ** a, 10 ** b];
    f.log = true;
    return f;
  }
  if (d0 === d1) {
    const w = Math.abs(d0) || 1;
    d0 -= w * 0.5;
    d1 += w * 0.5;
  }
  const span = d1 - d0;
  // Start at zero when the data is non-negative and close to it (honest bars of energy).
  d0 = d0 >= 0 && d0 - span * pad < 0 ? 0 : d0 - span * pad;
  d1 += span * pad;
  const step = tickStep(d1 - d0, tickCount);
  const ticks: number[] = [];
  for (let v = Math.ceil(d0 / step) * step; v <= d1 + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  const f = ((v: number) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0])) as Scale;
  f.ticks = ticks;
  f.domain = [d0, d1];
  f.log = false;
  return f;
}

export function fmtTick(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6 || a < 1e-3) return v.toExponential(0);
  if (a >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

/**
 * Categorical palette: 20 colours that stay apart from each other and readable on both the light
 * and the dark chart background (after Kelly and Trubetskoy's maximum-contrast sets, with the
 * near-white and near-black entries swapped for mid tones). Past 20 series, colours repeat and the
 * legend's search is the way in. Then a 5-stop sequential ramp (viridis-like).
 */
export const PALETTE = [
  '#4363d8',
  '#f58231',
  '#3cb44b',
  '#e6194b',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#9a6324',
  '#469990',
  '#bfef45',
  '#800000',
  '#ffe119',
  '#808000',
  '#7f8cff',
  '#fabed4',
  '#aaffc3',
  '#a9a9a9',
  '#dcbeff',
  '#ffd8b1',
  '#00a6a6',
];
const RAMP = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];
export function rampColor(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(u));
  const f = u - i;
  const c = RAMP[i].map((a, k) => Math.round(a + (RAMP[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
export function categoryColor(code: number | null): string {
  return code === null || code < 0 ? '#9aa1ab' : PALETTE[code % PALETTE.length];
}
