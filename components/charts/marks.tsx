/**
 * Mark shapes, interval whiskers and the predicted layer of the frontier chart (props-only SVG,
 * server-renderable). Shapes carry a second category (colour = model, shape = GPU, ...); without
 * a shape key, circles are measured runs and squares simulated ones. Predicted points are hollow
 * marks with dashed whiskers and a dashed frontier: never drawn like a measurement.
 */
import type { SVGProps } from 'react';
import type { PredictedLayer } from '@/lib/explore/predicted';

export const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'plus', 'star', 'hexagon'] as const;
export type ShapeName = (typeof SHAPES)[number];

export const shapeOf = (code: number | null | undefined): ShapeName =>
  code === null || code === undefined || code < 0 ? 'circle' : SHAPES[code % SHAPES.length];

/** Pixel coordinates to 0.1 px: finer is invisible and only lengthens the server-rendered SVG. */
const px = (v: number) => Math.round(v * 10) / 10;

function polygon(cx: number, cy: number, r: number, pts: [number, number][]) {
  return pts.map(([a, b]) => `${(cx + a * r).toFixed(1)},${(cy + b * r).toFixed(1)}`).join(' ');
}

const STAR = Array.from({ length: 10 }, (_, i): [number, number] => {
  const a = (Math.PI / 5) * i - Math.PI / 2;
  const rr = i % 2 ? 0.45 : 1.15;
  return [Math.cos(a) * rr, Math.sin(a) * rr];
});
const HEX = Array.from({ length: 6 }, (_, i): [number, number] => [
  Math.cos((Math.PI / 3) * i),
  Math.sin((Math.PI / 3) * i),
]);
const PLUS: [number, number][] = [
  [-0.35, -1],
  [0.35, -1],
  [0.35, -0.35],
  [1, -0.35],
  [1, 0.35],
  [0.35, 0.35],
  [0.35, 1],
  [-0.35, 1],
  [-0.35, 0.35],
  [-1, 0.35],
  [-1, -0.35],
  [-0.35, -0.35],
];

/** One mark of the given shape, centred on (cx, cy), about 2r across. */
export function Mark({
  shape,
  cx,
  cy,
  r,
  ...rest
}: { shape: ShapeName; cx: number; cy: number; r: number } & SVGProps<SVGElement> & Record<`data-${string}`, unknown>) {
  const p = rest as SVGProps<SVGCircleElement & SVGRectElement & SVGPolygonElement>;
  switch (shape) {
    case 'circle':
      return <circle {...(p as SVGProps<SVGCircleElement>)} cx={px(cx)} cy={px(cy)} r={px(r)} />;
    case 'square':
      return (
        <rect
          {...(p as SVGProps<SVGRectElement>)}
          x={px(cx - r * 0.9)}
          y={px(cy - r * 0.9)}
          width={px(1.8 * r)}
          height={px(1.8 * r)}
        />
      );
    case 'triangle':
      return (
        <polygon
          {...(p as SVGProps<SVGPolygonElement>)}
          points={polygon(cx, cy, r * 1.2, [
            [0, -1],
            [0.87, 0.6],
            [-0.87, 0.6],
          ])}
        />
      );
    case 'triangle-down':
      return (
        <polygon
          {...(p as SVGProps<SVGPolygonElement>)}
          points={polygon(cx, cy, r * 1.2, [
            [0, 1],
            [0.87, -0.6],
            [-0.87, -0.6],
          ])}
        />
      );
    case 'diamond':
      return (
        <polygon
          {...(p as SVGProps<SVGPolygonElement>)}
          points={polygon(cx, cy, r * 1.25, [
            [0, -1],
            [1, 0],
            [0, 1],
            [-1, 0],
          ])}
        />
      );
    case 'plus':
      return <polygon {...(p as SVGProps<SVGPolygonElement>)} points={polygon(cx, cy, r * 1.1, PLUS)} />;
    case 'star':
      return <polygon {...(p as SVGProps<SVGPolygonElement>)} points={polygon(cx, cy, r, STAR)} />;
    default:
      return <polygon {...(p as SVGProps<SVGPolygonElement>)} points={polygon(cx, cy, r * 1.05, HEX)} />;
  }
}

/** A small legend swatch of a shape. */
export function ShapeSwatch({
  shape,
  fill = 'currentColor',
  hollow = false,
}: {
  shape: ShapeName;
  fill?: string;
  hollow?: boolean;
}) {
  return (
    <svg width="12" height="12" aria-hidden="true" style={{ verticalAlign: 'middle' }}>
      <Mark
        shape={shape}
        cx={6}
        cy={6}
        r={4.2}
        fill={hollow ? 'none' : fill}
        stroke={hollow ? fill : 'none'}
        strokeWidth={1.4}
      />
    </svg>
  );
}

/** 95% interval whiskers (with caps) on x and/or y around a mark, in pixel space. */
export function Whiskers({
  cx,
  cy,
  x,
  y,
  color,
  dashed = false,
}: {
  cx: number;
  cy: number;
  x: [number, number] | null;
  y: [number, number] | null;
  color: string;
  dashed?: boolean;
}) {
  const cap = 3;
  const common = {
    stroke: color,
    strokeWidth: 1.2,
    strokeOpacity: 0.85,
    strokeDasharray: dashed ? '2 2' : undefined,
    pointerEvents: 'none' as const,
  };
  return (
    <g data-testid={dashed ? 'predicted-whisker' : 'ci-whisker'}>
      {x && (
        <>
          <line {...common} x1={x[0]} x2={x[1]} y1={cy} y2={cy} />
          <line {...common} x1={x[0]} x2={x[0]} y1={cy - cap} y2={cy + cap} />
          <line {...common} x1={x[1]} x2={x[1]} y1={cy - cap} y2={cy + cap} />
        </>
      )}
      {y && (
        <>
          <line {...common} x1={cx} x2={cx} y1={y[0]} y2={y[1]} />
          <line {...common} x1={cx - cap} x2={cx + cap} y1={y[0]} y2={y[0]} />
          <line {...common} x1={cx - cap} x2={cx + cap} y1={y[1]} y2={y[1]} />
        </>
      )}
    </g>
  );
}

/**
 * Pixel interval of a value interval on a scale (clamped to the plot); null when there is none.
 * A log axis cannot show a bound <= 0: the whisker then runs to the low edge of the plot.
 */
export function pxInterval(
  iv: [number, number] | null | undefined,
  scale: (v: number) => number,
  factor: number,
  log: boolean,
  clamp: (v: number) => number,
  lowEdge: number,
): [number, number] | null {
  if (!iv || !Number.isFinite(iv[0]) || !Number.isFinite(iv[1])) return null;
  const lo = log && iv[0] <= 0 ? lowEdge : clamp(scale(iv[0] * factor));
  return [lo, clamp(scale(iv[1] * factor))];
}

/** The predicted layer: hollow marks with dashed whiskers, the dashed predicted frontier. */
export function PredictedMarks({
  layer,
  sx,
  sy,
  fx,
  fy,
  logX,
  logY,
  clampX,
  clampY,
  lowEdge,
  fill,
  shaped,
  hiddenCode,
}: {
  layer: PredictedLayer;
  sx: (v: number) => number;
  sy: (v: number) => number;
  fx: number;
  fy: number;
  logX: boolean;
  logY: boolean;
  clampX: (v: number) => number;
  clampY: (v: number) => number;
  /** Pixel of the low end of each axis (left, bottom). */
  lowEdge: [number, number];
  fill: (c: number | null) => string;
  shaped: boolean;
  hiddenCode: (c: number | null) => boolean;
}) {
  const path = layer.frontier.map(([x, y]) => `${sx(x * fx).toFixed(1)},${sy(y * fy).toFixed(1)}`).join(' ');
  return (
    <g data-layer="predicted">
      {path && (
        <polyline
          points={path}
          fill="none"
          stroke="#7c3aed"
          strokeWidth={1.6}
          strokeDasharray="6 4"
          className="jb-predicted"
          data-testid="predicted-frontier-line"
        >
          <title>Predicted frontier: measured frontier plus predicted points (not measured)</title>
        </polyline>
      )}
      {layer.points.map((p, k) => {
        if (hiddenCode(p.c)) return null;
        const cx = sx(p.x * fx);
        const cy = sy(p.y * fy);
        const color = fill(p.c);
        return (
          <g key={k}>
            <Whiskers
              cx={cx}
              cy={cy}
              x={pxInterval(p.xi, sx, fx, logX, clampX, lowEdge[0])}
              y={pxInterval(p.yi, sy, fy, logY, clampY, lowEdge[1])}
              color={color}
              dashed
            />
            <Mark
              shape={shaped ? shapeOf(p.h) : 'circle'}
              cx={cx}
              cy={cy}
              r={5}
              fill="none"
              stroke={color}
              strokeWidth={1.8}
              data-key={`q${k}`}
              data-testid="predicted-point"
              data-predicted="1"
              data-clock={p.clock}
              style={{ cursor: 'help', pointerEvents: 'visible' }}
            />
          </g>
        );
      })}
    </g>
  );
}
