'use client';
import { useRef, type ReactNode } from 'react';
import { composeChartSvg, type ExportContext } from './export-svg';

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function savePng(svg: string, width: number, height: number, name: string) {
  const scale = 2;
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((b) => b && download(b, name), 'image/png');
  };
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * Wraps one or more SVG charts with "Download SVG" and "Download PNG" buttons. Each file stands
 * alone: title, context, legend, SLO label and source are drawn around the chart
 * (export-svg.ts). Client-side, no server round trip.
 */
export function ChartExport({
  name,
  context,
  children,
}: {
  name: string;
  context: ExportContext;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const charts = () =>
    Array.from(ref.current?.querySelectorAll('svg') ?? [])
      .filter((s) => s.viewBox.baseVal?.width > 100)
      .map((svg, i, all) => ({
        ...composeChartSvg(
          svg,
          all.length > 1 ? { ...context, title: `${context.title} (${i + 1}/${all.length})` } : context,
        ),
        file: `${name}${all.length > 1 ? `-${i + 1}` : ''}`,
      }));

  return (
    <div ref={ref} data-testid="chart-export" data-name={name}>
      {children}
      <div
        className="no-print"
        style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'flex-end', gap: '0.4rem', marginTop: '0.25rem' }}
      >
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            charts().forEach((c) => download(new Blob([c.svg], { type: 'image/svg+xml' }), `${c.file}.svg`))
          }
        >
          Download SVG
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => charts().forEach((c) => savePng(c.svg, c.width, c.height, `${c.file}.png`))}
        >
          Download PNG
        </button>
      </div>
    </div>
  );
}
