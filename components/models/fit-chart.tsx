/**
 * Measured points, the fitted curve and predictions on one SVG chart, props only (server-rendered).
 * Encodings are fixed so predictions can never pass for measurements: measured = filled dots,
 * fit = dashed line, predicted = hollow marks with a 95% interval whisker and the word "predicted".
 */
import { extent, fmtTick, makeScale, PALETTE } from '@/components/charts/scale';

export interface FitChartProps {
  xLabel: string;
  yLabel: string;
  groups: string[];
  measured: { x: number; y: number; group: number; id?: number }[];
  curves: { group: number; points: { x: number; y: number }[] }[];
  predicted: { x: number; value: number; lo: number; hi: number; group: number; label: string }[];
  testid?: string;
  width?: number;
  height?: number;
}

const color = (g: number) => (g < 0 ? 'var(--muted)' : PALETTE[g % PALETTE.length]);

export function FitChart({
  xLabel,
  yLabel,
  groups,
  measured,
  curves,
  predicted,
  testid,
  width = 480,
  height = 320,
}: FitChartProps) {
  const M = { l: 64, r: 16, t: 14, b: 44 };
  const xs = [
    ...measured.map((p) => p.x),
    ...predicted.map((p) => p.x),
    ...curves.flatMap((c) => c.points.map((p) => p.x)),
  ];
  const ys = [
    ...measured.map((p) => p.y),
    ...predicted.flatMap((p) => [p.lo, p.hi]),
    ...curves.flatMap((c) => c.points.map((p) => p.y)),
  ];
  const sx = makeScale(extent(xs, false), [M.l, width - M.r], false, 0.04, 6);
  const sy = makeScale(extent(ys, false), [height - M.b, M.t], false, 0.06, 5);
  const path = (pts: { x: number; y: number }[]) =>
    pts.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={`${yLabel} vs ${xLabel}: measured, fitted and predicted`}
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
          <g key={`x${t}`}>
            <line
              x1={sx(t)}
              x2={sx(t)}
              y1={M.t}
              y2={height - M.b}
              style={{ stroke: 'var(--border)' }}
              strokeOpacity={0.6}
            />
            <text x={sx(t)} y={height - M.b + 14} textAnchor="middle" style={{ fill: 'var(--muted)' }}>
              {fmtTick(t)}
            </text>
          </g>
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
        <text x={(M.l + width - M.r) / 2} y={height - 8} textAnchor="middle" style={{ fill: 'var(--fg)' }}>
          {xLabel}
        </text>
        <text
          transform={`translate(13 ${(M.t + height - M.b) / 2}) rotate(-90)`}
          textAnchor="middle"
          style={{ fill: 'var(--fg)' }}
        >
          {yLabel}
        </text>
        {curves.map((c) => (
          <path
            key={`c${c.group}`}
            d={path(c.points)}
            fill="none"
            stroke={color(c.group)}
            strokeWidth={1.6}
            strokeDasharray="6 4"
            data-fit-curve={groups[c.group] ?? ''}
          >
            <title>{`fit${groups[c.group] ? `, ${groups[c.group]}` : ''}`}</title>
          </path>
        ))}
        {measured.map((p, i) => (
          <circle
            key={`m${i}`}
            cx={sx(p.x)}
            cy={sy(p.y)}
            r={3.2}
            fill={color(p.group)}
            data-measured="true"
            data-run-id={p.id}
          >
            <title>{`measured${p.id ? ` run #${p.id}` : ''}: ${fmtTick(p.x)} → ${fmtTick(p.y)}`}</title>
          </circle>
        ))}
        {predicted.map((p, i) => (
          <g key={`p${i}`} data-predicted="true">
            <line x1={sx(p.x)} x2={sx(p.x)} y1={sy(p.lo)} y2={sy(p.hi)} stroke={color(p.group)} strokeWidth={1.2} />
            <line
              x1={sx(p.x) - 4}
              x2={sx(p.x) + 4}
              y1={sy(p.lo)}
              y2={sy(p.lo)}
              stroke={color(p.group)}
              strokeWidth={1.2}
            />
            <line
              x1={sx(p.x) - 4}
              x2={sx(p.x) + 4}
              y1={sy(p.hi)}
              y2={sy(p.hi)}
              stroke={color(p.group)}
              strokeWidth={1.2}
            />
            <circle
              cx={sx(p.x)}
              cy={sy(p.value)}
              r={5}
              style={{ fill: 'var(--card)' }}
              stroke={color(p.group)}
              strokeWidth={2}
            />
            <text x={sx(p.x) + 7} y={sy(p.value) - 6} style={{ fill: 'var(--fg)' }} fontSize={10} fontStyle="italic">
              predicted
            </text>
            <title>{`predicted (${p.label}): ${fmtTick(p.value)}, 95% interval ${fmtTick(p.lo)} to ${fmtTick(p.hi)}`}</title>
          </g>
        ))}
      </svg>
      <figcaption
        className="muted"
        style={{ fontSize: 12, display: 'flex', flexWrap: 'wrap', gap: '0.4rem 1rem', marginTop: 4 }}
      >
        <span>
          <svg width="10" height="10" aria-hidden="true">
            <circle cx="5" cy="5" r="4" fill="currentColor" />
          </svg>{' '}
          measured
        </span>
        <span>
          <svg width="22" height="10" aria-hidden="true">
            <line x1="0" x2="22" y1="5" y2="5" stroke="currentColor" strokeDasharray="6 4" strokeWidth="1.6" />
          </svg>{' '}
          fit
        </span>
        <span>
          <svg width="12" height="12" aria-hidden="true">
            <circle cx="6" cy="6" r="4.5" fill="none" stroke="currentColor" strokeWidth="2" />
          </svg>{' '}
          predicted (95% interval)
        </span>
        {groups.length > 1 &&
          groups.map((g, i) => (
            <span key={g} style={{ color: color(i) }}>
              ● {g}
            </span>
          ))}
      </figcaption>
    </figure>
  );
}
