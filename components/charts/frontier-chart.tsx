/**
 * Props-only SVG scatter of an explorer view: dominated runs faded, the Pareto frontier as a line
 * with its points highlighted, SLO-infeasible regions shaded, the recommended configuration and
 * the baseline marked. No hooks and no 'use client': it renders on the server (marks arrive with
 * the HTML), inside client components, and in frozen reports. Interactivity (tooltips, clicks)
 * is added by a wrapper through event delegation on the data-key attributes.
 */
import type { ExplorerView } from '@/lib/explore/types';
import { Mark, PredictedMarks, pxInterval, shapeOf, Whiskers, type ShapeName } from './marks';
import { categoryColor, extent, fmtTick, makeScale, rampColor } from './scale';

export type FrontierChartData = Pick<
  ExplorerView,
  'axes' | 'color' | 'points' | 'frontierPoints' | 'frontierAll' | 'recommendedRun' | 'baseline' | 'slo'
> & {
  size?: ExplorerView['size'];
  /** Second category as mark shape; configurations' whiskers come with the points (xi, yi). */
  shape?: ExplorerView['shape'];
  /** Predicted points (hollow) and the predicted frontier (dashed), never part of the measured one. */
  predicted?: ExplorerView['predicted'];
  /** One frontier per model (when several models are shown): lines, coloured by model when colour is by model. */
  modelFrontiers?: { model: string; points: [number, number][]; color?: string }[];
};

export interface FrontierChartProps {
  data: FrontierChartData;
  width?: number;
  height?: number;
  selected?: number[];
  /** Category codes to hide (legend toggles). */
  hidden?: number[];
  title?: string;
  /** Hide the single (cross-model) recommendation mark: the explorer does when several models are shown. */
  hideRecommended?: boolean;
  /** Zoomed window in display units (explorer drag-to-zoom); marks outside are clipped. */
  zoom?: { x: [number, number]; y: [number, number] } | null;
}

const M = { l: 68, r: 18, t: 14, b: 50 };
/** Width of the "recommended" label at the chart's 12 px, bold, with a margin (96 px in Chromium). */
const REC_LABEL_W = 100;

export function FrontierChart({
  data,
  width = 860,
  height = 500,
  selected = [],
  hidden = [],
  title,
  hideRecommended = false,
  zoom = null,
}: FrontierChartProps) {
  const { axes, color } = data;
  const fx = axes.x.factor;
  const fy = axes.y.factor;
  const hide = new Set(hidden);
  const visible = <T extends { c: number | null }>(p: T) => color.kind !== 'category' || !hide.has(p.c ?? -1);
  const pts = data.points.filter(visible);
  const fr = data.frontierPoints.filter((p) => p.x !== null && p.y !== null);
  const frIndex = new Map(data.frontierPoints.map((p, i) => [p, i] as const));
  const xs: number[] = [];
  const ys: number[] = [];
  const add = (x: number, y: number) => {
    xs.push(x * fx);
    ys.push(y * fy);
  };
  for (const p of pts) add(p.x, p.y);
  for (const p of fr) add(p.x!, p.y!);
  for (const [x, y] of data.frontierAll ?? []) add(x, y);
  for (const m of data.modelFrontiers ?? []) for (const [x, y] of m.points) add(x, y);
  for (const p of data.predicted?.points ?? []) if (visible(p)) add(p.x, p.y);
  const b = hideRecommended ? null : data.baseline.run;
  if (b?.x != null && b.y != null) add(b.x, b.y);
  const sx = makeScale(zoom ? zoom.x : extent(xs, axes.x.log), [M.l, width - M.r], axes.x.log, zoom ? 0 : 0.05);
  const sy = makeScale(zoom ? zoom.y : extent(ys, axes.y.log), [height - M.b, M.t], axes.y.log, zoom ? 0 : 0.05);
  const [x0, x1] = [M.l, width - M.r];
  const [y0, y1] = [M.t, height - M.b];
  const clampX = (v: number) => Math.min(x1, Math.max(x0, v));
  const clampY = (v: number) => Math.min(y1, Math.max(y0, v));
  const fill = (c: number | null) =>
    color.kind === 'category'
      ? categoryColor(c)
      : color.kind === 'number' && color.domain && c !== null
        ? rampColor((c - color.domain[0]) / (color.domain[1] - color.domain[0] || 1))
        : '#4e79a7';
  const sel = new Set(selected);
  // Shape: the shape category when one is chosen, else measured (circle) / simulated (square).
  const shaped = !!data.shape;
  const shapeFor = (h: number | null | undefined, sim: boolean): ShapeName =>
    shaped ? shapeOf(h) : sim ? 'square' : 'circle';
  // Whiskers of a configuration mark (agg=configs): its 95% intervals on x and y.
  const whiskers = (
    p: { xi?: [number, number] | null; yi?: [number, number] | null },
    cx: number,
    cy: number,
    c: string,
  ) =>
    p.xi || p.yi ? (
      <Whiskers
        cx={cx}
        cy={cy}
        x={pxInterval(p.xi, sx, fx, axes.x.log, clampX, x0)}
        y={pxInterval(p.yi, sy, fy, axes.y.log, clampY, y1)}
        color={c}
      />
    ) : null;
  // Marker area proportional to the size metric (sqrt scale), when one is chosen.
  const size = data.size ?? null;
  const sized = (v: number | null | undefined, base: number) => {
    if (!size || v === null || v === undefined) return base;
    const [lo, hi] = size.domain;
    return 2.5 + 8 * Math.sqrt(hi > lo ? (v - lo) / (hi - lo) : 0.5);
  };

  // Shaded infeasible regions for SLOs on the plotted metrics.
  const shades: { x: number; y: number; w: number; h: number; key: string }[] = [];
  for (const s of data.slo) {
    if (s.metric === axes.x.key) {
      const px = clampX(sx(s.bound * fx));
      const right = s.kind === 'max';
      shades.push({ key: `x-${s.metric}`, x: right ? px : x0, y: y0, w: right ? x1 - px : px - x0, h: y1 - y0 });
    }
    if (s.metric === axes.y.key) {
      const py = clampY(sy(s.bound * fy));
      const above = s.kind === 'max'; // larger values are higher on screen
      shades.push({ key: `y-${s.metric}`, x: x0, y: above ? y0 : py, w: x1 - x0, h: above ? py - y0 : y1 - py });
    }
  }
  const line = fr.map((p) => `${sx(p.x! * fx).toFixed(1)},${sy(p.y! * fy).toFixed(1)}`).join(' ');
  const lineAll = (data.frontierAll ?? [])
    .map(([x, y]) => `${sx(x * fx).toFixed(1)},${sy(y * fy).toFixed(1)}`)
    .join(' ');
  const rec = hideRecommended ? null : data.recommendedRun;
  const modelLines = (data.modelFrontiers ?? []).map((m) => ({
    ...m,
    path: m.points.map(([x, y]) => `${sx(x * fx).toFixed(1)},${sy(y * fy).toFixed(1)}`).join(' '),
  }));
  const axisTitle = (a: typeof axes.x) => `${a.label} (${a.unit})${a.log ? ', log' : ''}`;

  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={title ?? `${axes.y.label} vs ${axes.x.label}`}
      data-testid="frontier-chart"
      data-plot={`${M.l} ${M.t} ${width - M.r} ${height - M.b}`}
      data-domain={`${sx.domain.join(' ')} ${sy.domain.join(' ')}`}
      style={{ maxWidth: width, display: 'block', fontSize: 12, fontFamily: 'inherit', userSelect: 'none' }}
    >
      <rect x={x0} y={y0} width={x1 - x0} height={y1 - y0} fill="#fff" stroke="#dde1e7" className="jb-plot-bg" />
      {shades.map((s) => (
        <rect
          key={s.key}
          x={s.x}
          y={s.y}
          width={Math.max(0, s.w)}
          height={Math.max(0, s.h)}
          fill="#b42318"
          fillOpacity={0.07}
          data-testid="infeasible-region"
        >
          <title>Infeasible: violates the SLO</title>
        </rect>
      ))}
      {sx.ticks.map((t) => (
        <g key={`xt${t}`}>
          <line x1={sx(t)} x2={sx(t)} y1={y0} y2={y1} stroke="#eef0f3" className="jb-grid" />
          <text x={sx(t)} y={y1 + 16} textAnchor="middle" fill="#5d6470" className="jb-tick">
            {fmtTick(t)}
          </text>
        </g>
      ))}
      {sy.ticks.map((t) => (
        <g key={`yt${t}`}>
          <line x1={x0} x2={x1} y1={sy(t)} y2={sy(t)} stroke="#eef0f3" className="jb-grid" />
          <text x={x0 - 6} y={sy(t) + 4} textAnchor="end" fill="#5d6470" className="jb-tick">
            {fmtTick(t)}
          </text>
        </g>
      ))}
      <text
        x={(x0 + x1) / 2}
        y={height - 10}
        textAnchor="middle"
        fill="#16181d"
        fontSize={13}
        className="has-def jb-axis-title"
      >
        <title>{axes.x.definition}</title>
        {axisTitle(axes.x)}
      </text>
      <text
        transform={`translate(16 ${(y0 + y1) / 2}) rotate(-90)`}
        textAnchor="middle"
        fill="#16181d"
        fontSize={13}
        className="has-def jb-axis-title"
      >
        <title>{axes.y.definition}</title>
        {axisTitle(axes.y)}
      </text>
      {zoom && (
        <clipPath id="jb-zoom-clip">
          <rect x={x0} y={y0} width={x1 - x0} height={y1 - y0} />
        </clipPath>
      )}
      <g clipPath={zoom ? 'url(#jb-zoom-clip)' : undefined}>
        {/* What every mark of a layer shares is set once on the layer (the marks inherit it, in an
            exported SVG too): each byte of a mark is ~1 KB of every explorer page's HTML. */}
        <g data-layer="dominated" fillOpacity={0.4}>
          {pts.map((p, k) => {
            const cx = sx(p.x * fx);
            const cy = sy(p.y * fy);
            const r = size ? sized(p.s, 2.8) : p.w > 1 ? Math.min(6, 2.5 + Math.log2(p.w) * 0.6) : 2.8;
            const picked = sel.has(p.id);
            // Only what differs from SVG's defaults, the layer's attributes and its CSS.
            const common = {
              fill: p.f ? fill(p.c) : '#c4c8cf',
              className: p.f ? undefined : 'jb-infeasible',
              fillOpacity: p.f ? undefined : 0.35,
              stroke: picked ? '#16181d' : undefined,
              strokeWidth: picked ? 1.5 : undefined,
              'data-key': `p${k}`,
              'data-run-id': p.id,
            };
            const mark = <Mark key={p.id} shape={shapeFor(p.h, !!p.sim)} cx={cx} cy={cy} r={r} {...common} />;
            const w = whiskers(p, cx, cy, p.f ? fill(p.c) : '#9aa1ab');
            return w ? (
              <g key={p.id}>
                {w}
                {mark}
              </g>
            ) : (
              mark
            );
          })}
        </g>
        {lineAll && (
          <polyline
            points={lineAll}
            fill="none"
            stroke="#9aa1ab"
            strokeDasharray="4 3"
            strokeWidth={1.2}
            data-testid="frontier-all-line"
          />
        )}
        {modelLines.map((m) => (
          <polyline
            key={m.model}
            points={m.path}
            fill="none"
            stroke={m.color ?? '#0b6e4f'}
            className={m.color ? undefined : 'jb-frontier'}
            strokeOpacity={m.color ? 0.9 : 0.4}
            strokeWidth={m.color ? 1.8 : 1.2}
            data-testid="model-frontier-line"
            data-model={m.model}
          >
            <title>{`Pareto frontier of ${m.model}`}</title>
          </polyline>
        ))}
        {line && (
          <polyline
            points={line}
            fill="none"
            stroke="#0b6e4f"
            className="jb-frontier"
            strokeWidth={modelLines.length ? 1.4 : 2}
            strokeDasharray={modelLines.length ? '6 4' : undefined}
            data-testid="frontier-line"
          />
        )}
        {data.predicted && data.predicted.points.length > 0 && (
          <PredictedMarks
            layer={data.predicted}
            sx={sx}
            sy={sy}
            fx={fx}
            fy={fy}
            logX={axes.x.log}
            logY={axes.y.log}
            clampX={clampX}
            clampY={clampY}
            lowEdge={[x0, y1]}
            fill={fill}
            shaped={shaped}
            hiddenCode={(c) => color.kind === 'category' && hide.has(c ?? -1)}
          />
        )}
        <g data-layer="frontier" stroke="#0b6e4f" strokeWidth={1.5} className="jb-frontier">
          {fr.map((p, k) => {
            const cx = sx(p.x! * fx);
            const cy = sy(p.y! * fy);
            const picked = sel.has(p.id);
            const common = {
              fill: fill(p.c),
              // A picked mark's own stroke wins over the layer's (attribute and CSS alike).
              stroke: picked ? '#16181d' : undefined,
              strokeWidth: picked ? 2.5 : undefined,
              'data-key': `f${frIndex.get(p) ?? k}`,
              'data-run-id': p.id,
              'data-testid': 'frontier-point',
              'data-order': k,
            };
            const r = sized(p.s, 5.5);
            const mark = <Mark key={p.id} shape={shapeFor(p.h, p.simulated)} cx={cx} cy={cy} r={r} {...common} />;
            const w = whiskers(p, cx, cy, fill(p.c));
            return w ? (
              <g key={p.id}>
                {w}
                {mark}
              </g>
            ) : (
              mark
            );
          })}
        </g>
        {b && b.x != null && b.y != null && (
          <circle
            cx={sx(b.x * fx)}
            cy={sy(b.y * fy)}
            r={10}
            fill="none"
            stroke="#b54708"
            strokeWidth={2}
            strokeDasharray="3 2"
            className="jb-baseline"
            data-testid="baseline-point"
            data-run-id={b.id}
            data-key="b0"
            style={{ cursor: 'pointer' }}
          >
            <title>{`Baseline: ${b.label}`}</title>
          </circle>
        )}
        {rec && rec.x != null && rec.y != null && (
          <g data-testid="recommended-point" data-run-id={rec.id} data-key="r0" style={{ cursor: 'pointer' }}>
            <circle
              cx={sx(rec.x * fx)}
              cy={sy(rec.y * fy)}
              r={11}
              fill="none"
              stroke="#1d4ed8"
              className="jb-rec"
              strokeWidth={2.5}
              data-key="r0"
            />
            <text
              // Right of the mark, or left of it where the label would run past the chart's edge.
              {...(sx(rec.x * fx) + 13 + REC_LABEL_W <= width
                ? { x: sx(rec.x * fx) + 13 }
                : { x: sx(rec.x * fx) - 13, textAnchor: 'end' })}
              y={sy(rec.y * fy) - 9}
              fill="#1d4ed8"
              className="jb-rec-text"
              fontWeight={600}
              data-key="r0"
            >
              recommended
            </text>
          </g>
        )}
      </g>
    </svg>
  );
}

/** Legend for the colour key (+ shapes and marks), props-only. */
export function FrontierLegend({
  data,
  hidden = [],
  interactive = false,
}: {
  data: FrontierChartData;
  hidden?: number[];
  interactive?: boolean;
}) {
  const { color } = data;
  const hide = new Set(hidden);
  return (
    <div className="row" style={{ fontSize: 12, gap: '0.4rem 0.9rem' }} data-testid="chart-legend">
      {color.kind === 'category' &&
        color.categories.map((c, i) => (
          <span
            key={c}
            data-legend-code={interactive ? i : undefined}
            style={{
              cursor: interactive ? 'pointer' : undefined,
              opacity: hide.has(i) ? 0.35 : 1,
              display: 'inline-flex',
              alignItems: 'center',
              gap: 4,
            }}
            title={interactive ? 'click to show/hide' : undefined}
          >
            <svg width="10" height="10" aria-hidden>
              <circle cx="5" cy="5" r="4.5" fill={categoryColor(i)} />
            </svg>
            {c}
          </span>
        ))}
      {color.kind === 'number' && color.domain && (
        <span title={color.definition} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          {color.label}: {fmtTick(color.domain[0])}
          <svg width="80" height="10" aria-hidden>
            {Array.from({ length: 16 }, (_, i) => (
              <rect key={i} x={i * 5} y={0} width={5} height={10} fill={rampColor(i / 15)} />
            ))}
          </svg>
          {fmtTick(color.domain[1])}
        </span>
      )}
      {data.size && (
        <span data-testid="size-legend">
          marker area: {data.size.label} {fmtTick(data.size.domain[0])}–{fmtTick(data.size.domain[1])} {data.size.unit}
        </span>
      )}
      <span className="muted">● measured</span>
      <span className="muted" title="Produced by the simulated GPU device, not measured on hardware">
        ■ <span className="badge badge-sim">simulated</span>
      </span>
      <span style={{ color: 'var(--chart-frontier)' }}>— Pareto frontier</span>
      {data.frontierAll && <span className="muted">- - frontier without SLOs</span>}
      {[...data.points, ...data.frontierPoints].some((p) => p.n !== undefined) && (
        <span className="muted">⊢●⊣ configuration mean with its 95% interval (none: single run)</span>
      )}
      {data.predicted && data.predicted.points.length > 0 && (
        <span style={{ color: 'var(--chart-predicted)' }}>○ predicted (not measured), - - predicted frontier</span>
      )}
      <span style={{ color: 'var(--chart-recommended)' }}>◯ recommended</span>
      {data.baseline.run && <span style={{ color: 'var(--chart-baseline)' }}>◌ baseline</span>}
    </div>
  );
}
