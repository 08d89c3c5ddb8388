/**
 * Residuals (measured - fitted) against fitted values: structure here means the form is wrong.
 * `relative` plots them as % of the fitted value, the scale the E(in, out) fit weights by (its
 * noise is a percentage, so absolute residuals would fan out by design).
 */
import { extent, fmtTick, makeScale } from '@/components/charts/scale';

export function ResidualChart({
  points: raw,
  unit,
  relative = false,
  testid,
  width = 480,
  height = 320,
}: {
  points: { fitted: number; residual: number; id?: number }[];
  unit: string;
  relative?: boolean;
  testid?: string;
  width?: number;
  height?: number;
}) {
  const points = relative
    ? raw.map((p) => ({ ...p, residual: p.fitted !== 0 ? (100 * p.residual) / p.fitted : 0 }))
    : raw;
  const rUnit = relative ? '% of fitted' : unit;
  const M = { l: 64, r: 16, t: 12, b: 42 };
  const sx = makeScale(
    extent(
      points.map((p) => p.fitted),
      false,
    ),
    [M.l, width - M.r],
    false,
    0.04,
    6,
  );
  const lim = Math.max(1e-12, ...points.map((p) => Math.abs(p.residual)));
  const sy = makeScale([-lim, lim], [height - M.b, M.t], false, 0.1, 5);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={`Residuals (${rUnit}) against fitted values`}
      data-testid={testid}
      style={{ maxWidth: width, display: 'block', fontSize: 12 }}
    >
      <rect
        x={M.l}
        y={M.t}
        width={width - M.l - M.r}
        height={height - M.t - M.b}
        style={{ fill: 'var(--card)', stroke: 'var(--border)' }}
      />
      {sx.ticks.map((t) => (
        <text key={`x${t}`} x={sx(t)} y={height - M.b + 14} textAnchor="middle" style={{ fill: 'var(--muted)' }}>
          {fmtTick(t)}
        </text>
      ))}
      {sy.ticks.map((t) => (
        <g key={`y${t}`}>
          <line
            x1={M.l}
            x2={width - M.r}
            y1={sy(t)}
            y2={sy(t)}
            style={{ stroke: 'var(--border)' }}
            strokeOpacity={0.6}
          />
          <text x={M.l - 5} y={sy(t) + 3.5} textAnchor="end" style={{ fill: 'var(--muted)' }}>
            {fmtTick(t)}
          </text>
        </g>
      ))}
      <line x1={M.l} x2={width - M.r} y1={sy(0)} y2={sy(0)} style={{ stroke: 'var(--fg)' }} strokeWidth={1} />
      <text x={(M.l + width - M.r) / 2} y={height - 8} textAnchor="middle" style={{ fill: 'var(--fg)' }}>
        fitted value ({unit})
      </text>
      <text
        transform={`translate(13 ${(M.t + height - M.b) / 2}) rotate(-90)`}
        textAnchor="middle"
        style={{ fill: 'var(--fg)' }}
      >
        residual ({rUnit})
      </text>
      {points.map((p, i) => (
        <circle
          key={i}
          cx={sx(p.fitted)}
          cy={sy(p.residual)}
          r={3}
          style={{ fill: 'var(--accent-2)' }}
          fillOpacity={0.8}
          data-run-id={p.id}
        >
          <title>{`${p.id ? `run #${p.id}: ` : ''}fitted ${fmtTick(p.fitted)}, residual ${fmtTick(p.residual)}${relative ? '%' : ''}`}</title>
        </circle>
      ))}
    </svg>
  );
}
