'use client';
/**
 * Explorer legend: every series with its colour, click to hide/show (aria-pressed buttons, so it
 * works by keyboard and touch), "all"/"none", and a search box once there are many series.
 */
import { useState } from 'react';
import { shapeOf, ShapeSwatch } from '@/components/charts/marks';
import { categoryColor, fmtTick, rampColor } from '@/components/charts/scale';
import type { ExplorerView } from '@/lib/explore/types';

export function ExplorerLegend({
  view,
  hidden,
  setHidden,
  modelLines,
}: {
  view: ExplorerView;
  hidden: number[];
  setHidden: (h: number[]) => void;
  modelLines: boolean;
}) {
  const [q, setQ] = useState('');
  const { color } = view;
  const hide = new Set(hidden);
  const cats = color.categories.map((name, code) => ({ name, code }));
  const shown = q ? cats.filter((c) => c.name.toLowerCase().includes(q.toLowerCase())) : cats;
  return (
    <div className="stack" style={{ gap: 6, fontSize: 12 }} data-testid="chart-legend">
      {color.kind === 'category' && (
        <div className="row" style={{ gap: '0.3rem 0.5rem' }}>
          <span className="muted">{color.label}:</span>
          {cats.length > 8 && (
            <input
              className="input"
              style={{ width: 150, padding: '0.15rem 0.4rem' }}
              type="search"
              placeholder={`search ${cats.length} ${color.label.toLowerCase()}s`}
              aria-label={`Search the ${color.label} legend`}
              data-testid="legend-search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          )}
          {shown.map((c) => (
            <button
              key={c.name}
              type="button"
              className="chip"
              data-legend-code={c.code}
              aria-pressed={!hide.has(c.code)}
              title={hide.has(c.code) ? 'hidden: click to show' : 'click to hide'}
              style={{ opacity: hide.has(c.code) ? 0.45 : 1, padding: '0.05rem 0.5rem', fontSize: 12 }}
              onClick={() => setHidden(hide.has(c.code) ? hidden.filter((x) => x !== c.code) : [...hidden, c.code])}
            >
              <svg width="10" height="10" aria-hidden="true">
                <circle cx="5" cy="5" r="4.5" fill={categoryColor(c.code)} />
              </svg>
              {c.name}
            </button>
          ))}
          {cats.length > 3 && (
            <>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={() => setHidden([])}
                data-testid="legend-all"
              >
                all
              </button>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={() => setHidden(cats.map((c) => c.code))}
                data-testid="legend-none"
              >
                none
              </button>
            </>
          )}
        </div>
      )}
      {color.kind === 'number' && color.domain && (
        <span title={color.definition} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          {color.label}: {fmtTick(color.domain[0])}
          <svg width="80" height="10" aria-hidden="true">
            {Array.from({ length: 16 }, (_, i) => (
              <rect key={i} x={i * 5} y={0} width={5} height={10} fill={rampColor(i / 15)} />
            ))}
          </svg>
          {fmtTick(color.domain[1])}
        </span>
      )}
      {view.shape && (
        <div className="row" style={{ gap: '0.3rem 0.7rem' }} data-testid="shape-legend">
          <span className="muted">Shape: {view.shape.label}:</span>
          {view.shape.categories.map((name, code) => (
            <span key={name} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
              <ShapeSwatch shape={shapeOf(code)} fill="var(--fg)" />
              {name}
            </span>
          ))}
        </div>
      )}
      <div className="row muted" style={{ gap: '0.3rem 0.9rem' }}>
        {view.size && (
          <span data-testid="size-legend">
            marker area: {view.size.label} {fmtTick(view.size.domain[0])}–{fmtTick(view.size.domain[1])}{' '}
            {view.size.unit}
          </span>
        )}
        {view.shape ? (
          <span>simulated runs: see the tooltip</span>
        ) : (
          <>
            <span>● measured</span>
            <span title="Produced by the simulated GPU device, not measured on hardware">
              ■ <span className="badge badge-sim">simulated</span>
            </span>
          </>
        )}
        {view.configs && (
          <span data-testid="whisker-legend">
            ⊢●⊣ configuration mean with its 95% interval; no whiskers: single run, no estimate of noise
          </span>
        )}
        {view.predicted && view.predicted.points.length > 0 && (
          <>
            <span style={{ color: 'var(--chart-predicted)' }} data-testid="predicted-legend">
              <ShapeSwatch shape="circle" fill="var(--chart-predicted)" hollow /> predicted (not measured), dashed
              whiskers: 95% prediction interval
            </span>
            {view.predicted.frontier.length > 0 && (
              <span style={{ color: 'var(--chart-predicted)' }}>- - predicted frontier (measured + predicted)</span>
            )}
          </>
        )}
        {modelLines ? (
          <>
            <span className="ok">— Pareto frontier of each model</span>
            <span className="ok">- - frontier across the models shown</span>
          </>
        ) : (
          <span className="ok">— Pareto frontier</span>
        )}
        {view.frontierAll && <span>- - frontier without SLOs (grey)</span>}
        {!modelLines && <span style={{ color: 'var(--chart-recommended)' }}>◯ recommended</span>}
        {view.baseline.run && !modelLines && <span style={{ color: 'var(--chart-baseline)' }}>◌ baseline</span>}
        <span>grey: does not meet the SLOs</span>
      </div>
    </div>
  );
}
