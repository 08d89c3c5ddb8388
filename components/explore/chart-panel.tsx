'use client';
/**
 * Interactive wrapper around the props-only FrontierChart: hover tooltips (knobs + key metrics,
 * fetched lazily for sampled points), click opens the run, shift/ctrl-click toggles selection,
 * legend clicks hide categories. Event delegation on data-key keeps the SVG hook-free.
 */
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState, type MouseEvent } from 'react';
import { FrontierChart, FrontierLegend } from '@/components/charts/frontier-chart';
import type { RunSummary } from '@/db/queries/explore';
import { fmtNum } from '@/lib/explore/format';
import type { DetailPoint, ExplorerView, ViewPoint } from '@/lib/explore/types';
import { RunSummaryView } from './run-summary';

type Hover = { key: string; left: number; top: number };

export function ChartPanel({ view, selected, onToggleSelect }: { view: ExplorerView; selected: number[]; onToggleSelect: (id: number) => void }) {
  const [hover, setHover] = useState<Hover | null>(null);
  const [hidden, setHidden] = useState<number[]>([]);
  const box = useRef<HTMLDivElement>(null);
  const router = useRouter();

  const lookup = (key: string): { point?: ViewPoint; detail?: DetailPoint | null; role?: string } | null => {
    const kind = key[0];
    const k = Number(key.slice(1));
    if (kind === 'p') return { point: view.points[k] };
    if (kind === 'f') return { detail: view.frontierPoints[k], role: 'on the Pareto frontier' };
    if (kind === 'r') return { detail: view.recommendedRun, role: 'recommended' };
    if (kind === 'b') return { detail: view.baseline.run, role: 'baseline' };
    return null;
  };
  const keyOf = (e: MouseEvent) => (e.target as Element).closest?.('[data-key]')?.getAttribute('data-key') ?? null;

  const onMove = (e: MouseEvent) => {
    const key = keyOf(e);
    if (!key) {
      if (hover) setHover(null);
      return;
    }
    const r = box.current!.getBoundingClientRect();
    setHover({ key, left: e.clientX - r.left, top: e.clientY - r.top });
  };
  const onClick = (e: MouseEvent) => {
    const code = (e.target as Element).closest?.('[data-legend-code]')?.getAttribute('data-legend-code');
    if (code != null) {
      const c = Number(code);
      setHidden((h) => (h.includes(c) ? h.filter((x) => x !== c) : [...h, c]));
      return;
    }
    const key = keyOf(e);
    if (!key) return;
    const hit = lookup(key);
    const id = hit?.point?.id ?? hit?.detail?.id;
    if (id === undefined) return;
    if (e.shiftKey || e.ctrlKey || e.metaKey) onToggleSelect(id);
    else router.push(`/runs/${id}`);
  };

  const hit = hover ? lookup(hover.key) : null;
  const needId = hit?.point ? hit.point.id : null;
  const lazy = useQuery({
    queryKey: ['summary', needId],
    enabled: needId !== null,
    staleTime: Infinity,
    queryFn: async (): Promise<RunSummary | null> => {
      const r = await fetch(`/api/explore/summaries?ids=${needId}`);
      if (!r.ok) return null;
      return ((await r.json()) as { runs: RunSummary[] }).runs[0] ?? null;
    },
  });
  const { axes, color } = view;
  const colourText = (c: number | null) => (c === null ? '—' : color.kind === 'category' ? color.categories[c] : fmtNum(c));

  return (
    <div ref={box} style={{ position: 'relative' }} onMouseMove={onMove} onMouseLeave={() => setHover(null)} onClick={onClick}>
      <FrontierChart data={view} selected={selected} hidden={hidden} />
      <div style={{ marginTop: 6 }}>
        <FrontierLegend data={view} hidden={hidden} interactive />
      </div>
      {hover && hit && (hit.point || hit.detail) && (
        <div
          data-testid="chart-tooltip"
          className="card"
          style={{
            position: 'absolute',
            left: Math.min(hover.left + 14, (box.current?.clientWidth ?? 800) - 300),
            top: hover.top + 14,
            width: 290,
            pointerEvents: 'none',
            fontSize: 12,
            boxShadow: '0 4px 14px rgba(0,0,0,.12)',
            zIndex: 5,
          }}
        >
          {hit.role && <div className="badge" style={{ marginBottom: 4 }}>{hit.role}</div>}
          {hit.point && (
            <div className="stack" style={{ gap: 2, marginBottom: 4 }}>
              <div>
                {axes.x.short}: <b>{fmtNum(hit.point.x * axes.x.factor)}</b> {axes.x.unit} · {axes.y.short}: <b>{fmtNum(hit.point.y * axes.y.factor)}</b> {axes.y.unit}
              </div>
              {color.kind !== 'none' && (
                <div>
                  {color.label}: {colourText(hit.point.c)}
                </div>
              )}
              {!hit.point.f && <div className="error">does not meet the SLO</div>}
              {hit.point.w > 1 && <div className="muted">stands for {hit.point.w} runs in this area (sampled)</div>}
            </div>
          )}
          {(hit.detail ?? lazy.data) ? <RunSummaryView run={(hit.detail ?? lazy.data)!} extra={[axes.x.key, axes.y.key]} /> : <div className="muted">loading run…</div>}
          <div className="muted" style={{ marginTop: 4 }}>click: open run · shift-click: select for comparison</div>
        </div>
      )}
    </div>
  );
}
