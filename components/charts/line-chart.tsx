/**
 * Props-only SVG line chart (knob sensitivity small multiples, price-of-SLO curve, power traces).
 * No hooks: renders on the server, in client components and in reports.
 */
import { extent, fmtTick, makeScale, PALETTE } from './scale';
import { PlotFrame } from './plot-frame';

export interface LineSeries {
  name: string;
  color?: string;
  points: { x: number; y: number; id?: number }[];
  /** Step-after interpolation (a value holds until the next x). */
  step?: boolean;
  dashed?: boolean;
}

export interface LineChartProps {
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  xTitle?: string;
  yTitle?: string;
  xLog?: boolean;
  yLog?: boolean;
  width?: number;
  height?: number;
  /** Vertical reference lines, e.g. the current SLO threshold. */
  markers?: { x: number; label: string }[];
  /** x ranges to mark (dashed outline, light fill; `label` is their tooltip), e.g. predicted intervals. */
  bands?: { x0: number; x1: number; label: string }[];
  title?: string;
  testid?: string;
  showDots?: boolean;
  compact?: boolean;
}

export function LineChart({
  series,
  xLabel,
  yLabel,
  xTitle,
  yTitle,
  xLog = false,
  yLog = false,
  width = 420,
  height = 260,
  markers = [],
  bands = [],
  title,
  testid,
  showDots = true,
  compact = false,
}: LineChartProps) {
  const M = compact ? { l: 48, r: 10, t: title ? 22 : 10, b: 34 } : { l: 62, r: 14, t: title ? 24 : 12, b: 44 };
  const xs = series.flatMap((s) => s.points.map((p) => p.x)).concat(markers.map((m) => m.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const sx = makeScale(extent(xs, xLog), [M.l, width - M.r], xLog, 0.04, compact ? 4 : 6);
  const sy = makeScale(extent(ys, yLog), [height - M.b, M.t], yLog, 0.06, compact ? 4 : 5);
  const path = (s: LineSeries) => {
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    let d = '';
    pts.forEach((p, i) => {
      const X = sx(p.x).toFixed(1);
      const Y = sy(p.y).toFixed(1);
      if (i === 0) d += `M${X},${Y}`;
      else if (s.step) d += `H${X}V${Y}`;
      else d += `L${X},${Y}`;
    });
    return d;
  };
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={title ?? `${yLabel} vs ${xLabel}`}
      data-testid={testid}
      style={{ maxWidth: width, display: 'block', fontSize: compact ? 11 : 12 }}
    >
      <PlotFrame title={title} margin={M} width={width} height={height} />
      {sx.ticks.map((t) => (
        <g key={`x${t}`}>
          <line x1={sx(t)} x2={sx(t)} y1={M.t} y2={height - M.b} stroke="#eef0f3" className="jb-grid" />
          <text x={sx(t)} y={height - M.b + 13} textAnchor="middle" fill="#5d6470" className="jb-tick">
            {fmtTick(t)}
          </text>
        </g>
      ))}
      {sy.ticks.map((t) => (
        <g key={`y${t}`}>
          <line x1={M.l} x2={width - M.r} y1={sy(t)} y2={sy(t)} stroke="#eef0f3" className="jb-grid" />
          <text x={M.l - 5} y={sy(t) + 3.5} textAnchor="end" fill="#5d6470" className="jb-tick">
            {fmtTick(t)}
          </text>
        </g>
      ))}
      <text x={(M.l + width - M.r) / 2} y={height - 6} textAnchor="middle" fill="#16181d" className="jb-axis-title">
        {xTitle && <title>{xTitle}</title>}
        {xLabel}
      </text>
      <text
        transform={`translate(12 ${(M.t + height - M.b) / 2}) rotate(-90)`}
        textAnchor="middle"
        fill="#16181d"
        className="jb-axis-title"
      >
        {yTitle && <title>{yTitle}</title>}
        {yLabel}
      </text>
      {bands.map((b) => (
        <rect
          key={`b${b.x0}`}
          x={sx(b.x0)}
          y={M.t}
          width={Math.max(1, sx(b.x1) - sx(b.x0))}
          height={height - M.b - M.t}
          fill="#7c3aed"
          fillOpacity={0.1}
          stroke="#7c3aed"
          strokeDasharray="4 3"
          className="jb-band"
          data-band
        >
          <title>{b.label}</title>
        </rect>
      ))}
      {markers.map((m) => (
        <g key={`m${m.x}`}>
          <line x1={sx(m.x)} x2={sx(m.x)} y1={M.t} y2={height - M.b} stroke="#b42318" strokeDasharray="4 3" />
          <text x={sx(m.x) + 4} y={M.t + 12} fill="#b42318">
            {m.label}
          </text>
        </g>
      ))}
      {series.map((s, i) => {
        const c = s.color ?? PALETTE[i % PALETTE.length];
        return (
          <g key={s.name} data-series={s.name}>
            <path d={path(s)} fill="none" stroke={c} strokeWidth={1.8} strokeDasharray={s.dashed ? '4 3' : undefined}>
              <title>{s.name}</title>
            </path>
            {showDots &&
              s.points.map((p, k) => (
                <circle key={k} cx={sx(p.x)} cy={sy(p.y)} r={2.6} fill={c} data-run-id={p.id}>
                  <title>{`${s.name}: ${fmtTick(p.x)} → ${fmtTick(p.y)}`}</title>
                </circle>
              ))}
          </g>
        );
      })}
    </svg>
  );
}
