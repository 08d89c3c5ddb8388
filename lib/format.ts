/** Number formatting shared by tables, tooltips and charts (client-safe: no node imports). */
/**
 * The one number format: "—" for missing or non-finite; exponent outside [1e-3, 1e6); otherwise
 * `digits` significant digits, but never fewer than the integer digits (1234.5 -> "1,235" at 3
 * digits, not "1,230"), with thousands separators.
 */
export function fmtNum(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  if (a >= 10 ** digits) return (Math.sign(v) * Math.round(a)).toLocaleString('en-US'); // half away from zero
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function fmtWithUnit(v: number | null | undefined, unit: string, digits = 3): string {
  const s = fmtNum(v, digits);
  return s === '—' ? s : `${s} ${unit}`;
}
