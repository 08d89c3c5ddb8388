'use client';
import { apiFetch } from '@/lib/client/api';
/**
 * Interactive wrapper around the props-only FrontierChart: the chart takes the card's full width
 * (measured, so text stays readable on a phone) and a height that keeps the whole plot on screen;
 * hover tooltips (knobs + key metrics, fetched lazily for sampled points); mouse click opens the
 * run, shift/ctrl-click selects it; on touch a tap pins the tooltip, whose buttons open or select
 * the run. Legend buttons hide series. Event delegation on data-key keeps the SVG hook-free.
 */
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import { FrontierChart } from '@/components/charts/frontier-chart';
import type { RunSummary } from '@/db/queries/explore';
import { fmtNum } from '@/lib/explore/format';
import type { PredictedPoint } from '@/lib/explore/predicted';
import type { DetailPoint, ExplorerView, ViewPoint } from '@/lib/explore/types';
import { ConfigLine, PredictedTip } from './tooltip-parts';
import { ExplorerLegend } from './legend';
import { RunSummaryView } from './run-summary';
import { modelCount, modelLines, withGpuNames } from './view-display';
import { svgPoint, zoomFromDrag, type Zoom } from './zoom';

type Hover = { key: string; left: number; top: number; pinned: boolean };

/** Chart size for a container width: wide and short on desktop (fits 900 px high), taller ratio on phones. */
function chartSize(w: number): { width: number; height: number } {
  const width = Math.max(300, Math.round(w));
  const vh = typeof window === 'undefined' ? 900 : window.innerHeight;
  const height = Math.round(Math.min(width < 640 ? width * 0.95 : width * 0.5, Math.max(320, vh - 330), 620));
  return { width, height: Math.max(280, height) };
}

export function ChartPanel({
  view: raw,
  selected,
  onToggleSelect,
}: {
  view: ExplorerView;
  selected: number[];
  onToggleSelect: (id: number) => void;
}) {
  const view = withGpuNames(raw);
  const [hover, setHover] = useState<Hover | null>(null);
  const [hidden, setHidden] = useState<number[]>([]);
  const [size, setSize] = useState({ width: 1240, height: 540 });
  const box = useRef<HTMLDivElement>(null);
  const touch = useRef(false);
  const router = useRouter();
  // Drag-to-zoom (mouse): the window in display units, the rectangle being dragged, and whether
  // the last press was a drag (so it does not also count as a click on a point).
  const [zoom, setZoom] = useState<Zoom | null>(null);
  const [drag, setDrag] = useState<{ a: [number, number]; b: [number, number] } | null>(null);
  const dragged = useRef(false);
  const svgOf = () => box.current?.querySelector<SVGSVGElement>('svg[data-testid="frontier-chart"]') ?? null;
  // New axes or filters: the old window means nothing.
  useEffect(
    () => setZoom(null),
    [
      raw.axes.x.key,
      raw.axes.y.key,
      raw.axes.x.log,
      raw.axes.y.log,
      raw.axes.x.factor,
      raw.axes.y.factor,
      raw.counts.total,
    ],
  );

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize(chartSize(el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // A new colour key means new categories: forget hidden codes.
  useEffect(() => setHidden([]), [view.color.key]);

  const lookup = (
    key: string,
  ): { point?: ViewPoint; detail?: DetailPoint | null; role?: string; predicted?: PredictedPoint } | null => {
    const kind = key[0];
    const k = Number(key.slice(1));
    if (kind === 'q') return view.predicted?.points[k] ? { predicted: view.predicted.points[k] } : null;
    if (kind === 'p') return { point: view.points[k] };
    if (kind === 'f') return { detail: view.frontierPoints[k], role: 'on the Pareto frontier' };
    if (kind === 'r') return { detail: view.recommendedRun, role: 'recommended' };
    if (kind === 'b') return { detail: view.baseline.run, role: 'baseline' };
    return null;
  };
  const keyOf = (e: MouseEvent) => (e.target as Element).closest?.('[data-key]')?.getAttribute('data-key') ?? null;
  const at = (e: MouseEvent) => {
    const r = box.current!.getBoundingClientRect();
    return { left: e.clientX - r.left, top: e.clientY - r.top };
  };

  const onMove = (e: MouseEvent) => {
    if (touch.current || hover?.pinned) return;
    const key = keyOf(e);
    if (!key) {
      if (hover) setHover(null);
      return;
    }
    setHover({ key, ...at(e), pinned: false });
  };
  const idOf = (key: string) => {
    const hit = lookup(key);
    return hit?.point?.id ?? hit?.detail?.id;
  };
  const onDown = (e: PointerEvent) => {
    touch.current = e.pointerType === 'touch';
    dragged.current = false;
    const svg = svgOf();
    if (touch.current || e.button !== 0 || e.shiftKey || !svg) return;
    const p = svgPoint(svg, e.clientX, e.clientY);
    setDrag({ a: p, b: p });
  };
  const onDragMove = (e: PointerEvent) => {
    const svg = svgOf();
    if (!drag || !svg) return;
    const b = svgPoint(svg, e.clientX, e.clientY);
    if (Math.abs(b[0] - drag.a[0]) > 4 || Math.abs(b[1] - drag.a[1]) > 4) dragged.current = true;
    setDrag({ a: drag.a, b });
  };
  const onUp = () => {
    const svg = svgOf();
    if (drag && svg && dragged.current) {
      const z = zoomFromDrag(svg, drag.a, drag.b, view.axes.x.log, view.axes.y.log);
      if (z) setZoom(z);
    }
    setDrag(null);
  };
  const onClick = (e: MouseEvent) => {
    if (dragged.current) {
      dragged.current = false;
      return;
    }
    const key = keyOf(e);
    if (!key) {
      if (hover?.pinned) setHover(null);
      return;
    }
    const id = idOf(key);
    if (id === undefined) return;
    if (touch.current) setHover({ key, ...at(e), pinned: true });
    else if (e.shiftKey || e.ctrlKey || e.metaKey) onToggleSelect(id);
    else router.push(`/runs/${id}`);
  };

  const hit = hover ? lookup(hover.key) : null;
  const needId = hit?.point ? hit.point.id : null;
  const lazy = useQuery({
    queryKey: ['summary', needId],
    enabled: needId !== null,
    staleTime: Infinity,
    queryFn: async (): Promise<RunSummary | null> => {
      // A tooltip without its details is better than an error in a tooltip.
      const r = await apiFetch<{ runs: RunSummary[] }>(`/api/explore/summaries?ids=${needId}`).catch(() => null);
      return r?.runs[0] ?? null;
    },
  });
  const { axes, color } = view;
  const colourText = (c: number | null) =>
    c === null ? '—' : color.kind === 'category' ? color.categories[c] : fmtNum(c);
  const multiModel = modelCount(view) > 1;
  const lines = multiModel ? modelLines(view, hidden) : [];
  const hoverId = hover ? idOf(hover.key) : undefined;
  const tipWidth = Math.min(290, size.width - 20);

  return (
    <div>
      <div
        ref={box}
        style={{ position: 'relative' }}
        onPointerDown={onDown}
        onPointerMove={onDragMove}
        onPointerUp={onUp}
        onMouseMove={onMove}
        onMouseLeave={() => !hover?.pinned && setHover(null)}
        onClick={onClick}
      >
        <FrontierChart
          data={{ ...view, modelFrontiers: lines }}
          width={size.width}
          height={size.height}
          selected={selected}
          hidden={hidden}
          hideRecommended={multiModel}
          zoom={zoom}
        />
        {drag && dragged.current && (
          <div
            aria-hidden="true"
            style={{
              position: 'absolute',
              left: Math.min(drag.a[0], drag.b[0]),
              top: Math.min(drag.a[1], drag.b[1]),
              width: Math.abs(drag.a[0] - drag.b[0]),
              height: Math.abs(drag.a[1] - drag.b[1]),
              border: '1px dashed var(--accent-2)',
              background: 'color-mix(in srgb, var(--accent-2) 10%, transparent)',
              pointerEvents: 'none',
            }}
          />
        )}
        {zoom && (
          <button
            type="button"
            className="btn btn-small"
            style={{ position: 'absolute', right: 8, top: 8 }}
            data-testid="zoom-reset"
            onClick={(e) => (e.stopPropagation(), setZoom(null))}
          >
            Reset zoom
          </button>
        )}
        {hover && hit?.predicted && (
          <PredictedTip
            p={hit.predicted}
            view={view}
            left={Math.max(0, Math.min(hover.left + 14, size.width - tipWidth - 4))}
            top={hover.top + 14}
            width={tipWidth}
          />
        )}
        {hover && hit && (hit.point || hit.detail) && (
          <div
            data-testid="chart-tooltip"
            className="card"
            style={{
              position: 'absolute',
              left: Math.max(0, Math.min(hover.left + 14, size.width - tipWidth - 4)),
              top: hover.top + 14,
              width: tipWidth,
              pointerEvents: hover.pinned ? 'auto' : 'none',
              fontSize: 12,
              boxShadow: 'var(--shadow)',
              zIndex: 5,
            }}
          >
            {hit.role && (
              <div className="badge" style={{ marginBottom: 4 }}>
                {hit.role}
              </div>
            )}
            {(hit.point ?? hit.detail)?.n !== undefined && <ConfigLine p={(hit.point ?? hit.detail)!} view={view} />}
            {hit.point && (
              <div className="stack" style={{ gap: 2, marginBottom: 4 }}>
                <div>
                  {axes.x.short}: <b>{fmtNum(hit.point.x * axes.x.factor)}</b> {axes.x.unit} · {axes.y.short}:{' '}
                  <b>{fmtNum(hit.point.y * axes.y.factor)}</b> {axes.y.unit}
                </div>
                {color.kind !== 'none' && (
                  <div>
                    {color.label}: {colourText(hit.point.c)}
                  </div>
                )}
                {!hit.point.f && <div className="error">does not meet the SLOs</div>}
                {hit.point.w > 1 && <div className="muted">stands for {hit.point.w} runs in this area (sampled)</div>}
              </div>
            )}
            {(hit.detail ?? lazy.data) ? (
              <RunSummaryView run={(hit.detail ?? lazy.data)!} extra={[axes.x.key, axes.y.key]} />
            ) : (
              <div className="muted">loading run…</div>
            )}
            {hover.pinned && hoverId !== undefined ? (
              <div className="row" style={{ marginTop: 6 }}>
                <a className="btn btn-small btn-primary" href={`/runs/${hoverId}`}>
                  Open run
                </a>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={(e) => (e.stopPropagation(), onToggleSelect(hoverId), setHover(null))}
                >
                  {selected.includes(hoverId) ? 'Unselect' : 'Select to compare'}
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  aria-label="close"
                  onClick={(e) => (e.stopPropagation(), setHover(null))}
                >
                  ×
                </button>
              </div>
            ) : (
              <div className="muted" style={{ marginTop: 4 }}>
                click: open run · shift-click: select for comparison · drag: zoom
              </div>
            )}
          </div>
        )}
      </div>
      <div style={{ marginTop: 8 }}>
        <ExplorerLegend view={view} hidden={hidden} setHidden={setHidden} modelLines={lines.length > 0} />
      </div>
    </div>
  );
}
