/** Number formatting shared by tables, tooltips and charts (client-safe: no node imports). */
export function fmtNum(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  if (Number.isInteger(v) && a < 1e6) return v.toLocaleString('en-US');
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function fmtWithUnit(v: number | null | undefined, unit: string, digits = 3): string {
  const s = fmtNum(v, digits);
  return s === '—' ? s : `${s} ${unit}`;
}
