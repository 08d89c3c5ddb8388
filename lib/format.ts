/** Number formatting shared by tables, tooltips and charts (client-safe: no node imports). */
/**
 * The one number format: "—" for missing or non-finite; exponent outside [1e-3, 1e6); otherwise
 * `digits` significant digits, but never fewer than the integer digits (1234.5 -> "1,235" at 3
 * digits, not "1,230"), with thousands separators.
 */
// Number#toLocaleString builds a new Intl.NumberFormat on every call (~0.1 ms each): a 50-row
// table of metrics paid ~8 ms per render for it. Two formatters, built once, give the same text.
const INTEGER = new Intl.NumberFormat('en-US');
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

export function fmtNum(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  if (a >= 10 ** digits) return INTEGER.format(Math.sign(v) * Math.round(a)); // half away from zero
  return DECIMAL.format(Number(v.toPrecision(digits)));
}

export function fmtWithUnit(v: number | null | undefined, unit: string, digits = 3): string {
  const s = fmtNum(v, digits);
  return s === '—' ? s : `${s} ${unit}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The one date format of the app (pages, tables, reports): "2026-12-06 06:47 UTC": ISO order,
 * 24 h, the time zone said, the same for every viewer and on the server and the client (no
 * locale: a server-rendered page must not differ from its hydrated copy). "—" when missing or
 * unparseable.
 */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;
}

/** Date only, same order: "2026-12-06" (UTC day). */
export function fmtDate(iso: string | null | undefined): string {
  const s = fmtDateTime(iso);
  return s === '—' ? s : s.slice(0, 10);
}
