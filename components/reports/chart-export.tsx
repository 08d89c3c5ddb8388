'use client';
import { useRef, type ReactNode } from 'react';

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

/** Serialises an <svg> with the namespace and a white background, so it opens standalone. */
export function svgString(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  const vb = svg.viewBox.baseVal;
  const w = vb && vb.width ? vb.width : svg.clientWidth;
  const h = vb && vb.height ? vb.height : svg.clientHeight;
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.style.fontFamily = getComputedStyle(svg).fontFamily;
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

/** Wraps one or more SVG charts with "SVG" and "PNG" download buttons (client-side, no server round trip). */
export function ChartExport({ name, children }: { name: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const svgs = () => Array.from(ref.current?.querySelectorAll('svg') ?? []).filter((s) => s.viewBox.baseVal?.width > 100);

  const saveSvg = () => {
    svgs().forEach((svg, i, all) => download(new Blob([svgString(svg)], { type: 'image/svg+xml' }), `${name}${all.length > 1 ? `-${i + 1}` : ''}.svg`));
  };
  const savePng = () => {
    svgs().forEach((svg, i, all) => {
      const text = svgString(svg);
      const vb = svg.viewBox.baseVal;
      const scale = 2;
      const img = new Image();
      img.onload = () => {
        const canvas = document.createElement('canvas');
        canvas.width = vb.width * scale;
        canvas.height = vb.height * scale;
        const ctx = canvas.getContext('2d');
        if (!ctx) return;
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        canvas.toBlob((b) => b && download(b, `${name}${all.length > 1 ? `-${i + 1}` : ''}.png`), 'image/png');
      };
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
    });
  };

  return (
    <div ref={ref} data-testid="chart-export" data-name={name}>
      {children}
      <div className="row no-print" style={{ justifyContent: 'flex-end', marginTop: '0.25rem' }}>
        <button type="button" className="btn btn-small" onClick={saveSvg}>Download SVG</button>
        <button type="button" className="btn btn-small" onClick={savePng}>Download PNG</button>
      </div>
    </div>
  );
}
