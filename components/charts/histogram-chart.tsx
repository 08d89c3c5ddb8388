/**
 * Props-only SVG histogram (workload length distributions): bars over [edges[i], edges[i+1]), an
 * optional overflow bar for the tail beyond the last edge. No hooks: renders on the server.
 */
import { fmtTick, makeScale } from './scale';
import { PlotFrame } from './plot-frame';

export interface HistogramChartProps {
  edges: number[];
  counts: number[];
  overflow?: number;
  xLabel: string;
  yLabel?: string;
  color?: string;
  width?: number;
  height?: number;
  title?: string;
  testid?: string;
}

export function HistogramChart({
  edges,
  counts,
  overflow = 0,
  xLabel,
  yLabel = 'requests',
  color = '#1d4ed8',
  width = 420,
  height = 240,
  title,
  testid,
}: HistogramChartProps) {
  const M = { l: 56, r: 12, t: title ? 24 : 12, b: 44 };
  const width0 = edges[1] - edges[0];
  const bars = counts.map((c, i) => ({ x0: edges[i], x1: edges[i + 1], c, over: false }));
  if (overflow > 0) {
    const last = edges[edges.length - 1];
    bars.push({ x0: last, x1: last + width0, c: overflow, over: true });
  }
  const xMax = bars.length ? bars[bars.length - 1].x1 : 1;
  const sx = makeScale([edges[0], xMax], [M.l, width - M.r], false, 0, 5);
  const sy = makeScale([0, Math.max(1, ...bars.map((b) => b.c))], [height - M.b, M.t], false, 0.04, 4);
  const y0 = sy(0);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={title ?? `${yLabel} by ${xLabel}`}
      data-testid={testid}
      style={{ maxWidth: width, display: 'block', fontSize: 12 }}
    >
      <PlotFrame title={title} margin={M} width={width} height={height} />
      {sy.ticks.map((t) => (
        <g key={`y${t}`}>
          <line x1={M.l} x2={width - M.r} y1={sy(t)} y2={sy(t)} stroke="#eef0f3" className="jb-grid" />
          <text x={M.l - 5} y={sy(t) + 3.5} textAnchor="end" fill="#5d6470" className="jb-tick">
            {fmtTick(t)}
          </text>
        </g>
      ))}
      {sx.ticks.map((t) => (
        <text key={`x${t}`} x={sx(t)} y={height - M.b + 13} textAnchor="middle" fill="#5d6470" className="jb-tick">
          {fmtTick(t)}
        </text>
      ))}
      {bars.map((b, i) => (
        <rect
          key={i}
          x={sx(b.x0) + 0.5}
          y={sy(b.c)}
          width={Math.max(0.5, sx(b.x1) - sx(b.x0) - 1)}
          height={Math.max(0, y0 - sy(b.c))}
          fill={color}
          opacity={b.over ? 0.45 : 0.85}
        >
          <title>{b.over ? `≥ ${fmtTick(b.x0)}: ${b.c}` : `${fmtTick(b.x0)}–${fmtTick(b.x1)}: ${b.c}`}</title>
        </rect>
      ))}
      <text x={(M.l + width - M.r) / 2} y={height - 6} textAnchor="middle" fill="#16181d" className="jb-axis-title">
        {xLabel}
        {overflow > 0 ? ' (last bar: the 1% tail)' : ''}
      </text>
      <text
        transform={`translate(12 ${(M.t + height - M.b) / 2}) rotate(-90)`}
        textAnchor="middle"
        fill="#16181d"
        className="jb-axis-title"
      >
        {yLabel}
      </text>
    </svg>
  );
}
