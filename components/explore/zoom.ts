/**
 * Drag-to-zoom for the frontier chart: converts a dragged rectangle (pixels of the SVG) into a
 * data window, using the plot box and domain the chart writes on its <svg> (data-plot,
 * data-domain), so the inverse uses exactly the scale that was drawn (linear or log).
 */
export type Zoom = { x: [number, number]; y: [number, number] };

function invert(p: number, p0: number, p1: number, d0: number, d1: number, log: boolean): number {
  const t = (p - p0) / (p1 - p0);
  if (log) return 10 ** (Math.log10(d0) + t * (Math.log10(d1) - Math.log10(d0)));
  return d0 + t * (d1 - d0);
}

/** a, b: drag corners in SVG user units. Returns null for a click or a drag thinner than 8 px. */
export function zoomFromDrag(
  svg: SVGSVGElement,
  a: [number, number],
  b: [number, number],
  logX: boolean,
  logY: boolean,
): Zoom | null {
  if (Math.abs(a[0] - b[0]) < 8 || Math.abs(a[1] - b[1]) < 8) return null;
  const [l, t, r, bt] = (svg.dataset.plot ?? '').split(' ').map(Number);
  const [dx0, dx1, dy0, dy1] = (svg.dataset.domain ?? '').split(' ').map(Number);
  if (![l, t, r, bt, dx0, dx1, dy0, dy1].every(Number.isFinite)) return null;
  const clampX = (v: number) => Math.min(r, Math.max(l, v));
  const clampY = (v: number) => Math.min(bt, Math.max(t, v));
  const xs = [clampX(a[0]), clampX(b[0])].map((p) => invert(p, l, r, dx0, dx1, logX)).sort((m, n) => m - n) as [
    number,
    number,
  ];
  // Screen y grows downwards: the bottom of the plot is the low end of the domain.
  const ys = [clampY(a[1]), clampY(b[1])].map((p) => invert(p, bt, t, dy0, dy1, logY)).sort((m, n) => m - n) as [
    number,
    number,
  ];
  return { x: xs, y: ys };
}

/** Pointer position in the SVG's user units (the chart is drawn 1:1 or scaled to its box). */
export function svgPoint(svg: SVGSVGElement, clientX: number, clientY: number): [number, number] {
  const r = svg.getBoundingClientRect();
  const vb = svg.viewBox.baseVal;
  return [((clientX - r.left) / r.width) * vb.width, ((clientY - r.top) / r.height) * vb.height];
}
