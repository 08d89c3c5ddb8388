/**
 * The frame every small SVG chart draws first: the optional title above the plot and the plot
 * area's background (themed through .jb-axis-title / .jb-plot-bg in app/globals.css).
 */
export function PlotFrame({
  title,
  margin,
  width,
  height,
}: {
  title?: string;
  margin: { l: number; r: number; t: number; b: number };
  width: number;
  height: number;
}) {
  return (
    <>
      {title && (
        <text x={margin.l} y={14} fontWeight={600} fill="#16181d" className="jb-axis-title">
          {title}
        </text>
      )}
      <rect
        x={margin.l}
        y={margin.t}
        width={width - margin.l - margin.r}
        height={height - margin.t - margin.b}
        fill="#fff"
        stroke="#dde1e7"
        className="jb-plot-bg"
      />
    </>
  );
}
