/**
 * A chart that explains itself on a slide: the page's chart <svg> wrapped into one standalone SVG
 * with the report title, a context line (model, GPU, study, SLOs, date), the legend, the SLO
 * shading label and the data source. Browser-only (DOM); the PNG is this SVG rasterised.
 */
export interface LegendItem {
  label: string;
  color: string;
  /** dot: a category colour; line: the frontier; ring: recommended / baseline marks; square: simulated; shade: the SLO region. */
  shape: 'dot' | 'line' | 'dashed' | 'ring' | 'square' | 'shade';
}

export interface ExportContext {
  title: string;
  /** Lines under the title (wrapped to the width). */
  context: string[];
  legend: LegendItem[];
  /** "Shaded: violates the SLO p99 ITL ≤ 50 ms" (empty without SLOs on the plotted axes). */
  sloLabel: string;
  source: string;
}

const NS = 'http://www.w3.org/2000/svg';
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', sans-serif";

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Greedy word wrap at an average glyph width (0.56 em): good enough for system sans fonts. */
export function wrap(text: string, maxWidth: number, fontSize: number): string[] {
  const maxChars = Math.max(10, Math.floor(maxWidth / (fontSize * 0.56)));
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/)) {
    if (cur && (cur + ' ' + word).length > maxChars) {
      lines.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines;
}

function legendMark(item: LegendItem, x: number, y: number): SVGElement {
  switch (item.shape) {
    case 'line':
      return el('line', { x1: x, x2: x + 14, y1: y, y2: y, stroke: item.color, 'stroke-width': 2.5 });
    case 'dashed':
      return el('line', {
        x1: x,
        x2: x + 14,
        y1: y,
        y2: y,
        stroke: item.color,
        'stroke-width': 1.5,
        'stroke-dasharray': '4 3',
      });
    case 'ring':
      return el('circle', { cx: x + 7, cy: y, r: 5.5, fill: 'none', stroke: item.color, 'stroke-width': 2 });
    case 'square':
      return el('rect', { x: x + 2, y: y - 5, width: 10, height: 10, fill: item.color });
    case 'shade':
      return el('rect', {
        x,
        y: y - 6,
        width: 14,
        height: 12,
        fill: item.color,
        'fill-opacity': 0.15,
        stroke: item.color,
        'stroke-opacity': 0.4,
      });
    default:
      return el('circle', { cx: x + 7, cy: y, r: 5, fill: item.color });
  }
}

/** The chart's own markup as a nested <svg>, with its size fixed by its viewBox. */
function nestedChart(chart: SVGSVGElement, x: number, y: number): { node: SVGElement; width: number; height: number } {
  const clone = chart.cloneNode(true) as SVGSVGElement;
  const vb = chart.viewBox.baseVal;
  const width = vb && vb.width ? vb.width : chart.clientWidth;
  const height = vb && vb.height ? vb.height : chart.clientHeight;
  clone.removeAttribute('style');
  clone.removeAttribute('class');
  for (const [k, v] of Object.entries({ x, y, width, height })) clone.setAttribute(k, String(v));
  return { node: clone, width, height };
}

/** One standalone SVG document (string) with title, context, chart, legend, SLO label and source. */
export function composeChartSvg(
  chart: SVGSVGElement,
  ctx: ExportContext,
): { svg: string; width: number; height: number } {
  const pad = 20;
  const inner = nestedChart(chart, pad, 0);
  const width = Math.max(560, inner.width + 2 * pad);
  const textW = width - 2 * pad;
  const root = el('svg', { xmlns: NS, width, height: 0, viewBox: '', 'font-family': FONT }) as SVGSVGElement;
  root.setAttribute('role', 'img');
  root.appendChild(el('title', {}, ctx.title));
  const bg = el('rect', { x: 0, y: 0, width, height: 0, fill: '#ffffff' });
  root.appendChild(bg);
  let y = pad;
  for (const line of wrap(ctx.title, textW, 18)) {
    y += 20;
    root.appendChild(
      el('text', { x: pad, y, 'font-size': 18, 'font-weight': 700, fill: '#14171c', 'data-role': 'title' }, line),
    );
  }
  for (const para of ctx.context)
    for (const line of wrap(para, textW, 12)) {
      y += 16;
      root.appendChild(el('text', { x: pad, y, 'font-size': 12, fill: '#374151', 'data-role': 'context' }, line));
    }
  y += 10;
  inner.node.setAttribute('y', String(y));
  root.appendChild(inner.node);
  y += inner.height + 8;
  // Legend: items flow left to right, wrapping at the width.
  const legend = el('g', { 'data-role': 'legend' });
  let x = pad;
  y += 14;
  for (const item of ctx.legend) {
    const w = 24 + item.label.length * 12 * 0.6 + 16;
    if (x + w > width - pad && x > pad) {
      x = pad;
      y += 18;
    }
    legend.appendChild(legendMark(item, x, y - 4));
    legend.appendChild(el('text', { x: x + 20, y, 'font-size': 12, fill: '#14171c' }, item.label));
    x += w;
  }
  root.appendChild(legend);
  if (ctx.sloLabel)
    for (const line of wrap(ctx.sloLabel, textW, 12)) {
      y += 18;
      root.appendChild(el('text', { x: pad, y, 'font-size': 12, fill: '#b42318', 'data-role': 'slo' }, line));
    }
  y += 6;
  for (const line of wrap(ctx.source, textW, 10)) {
    y += 14;
    root.appendChild(el('text', { x: pad, y, 'font-size': 10, fill: '#56606c', 'data-role': 'source' }, line));
  }
  const height = Math.ceil(y + pad);
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  bg.setAttribute('height', String(height));
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}
