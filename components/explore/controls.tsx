'use client';
/** Explorer controls: axes, colour, units, filters, knob ranges, SLOs, baseline. */
import { useEffect, useState } from 'react';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { CATEGORY_KEYS, CATEGORY_LABELS, EXPLORE_KNOBS, KNOB_LABELS } from '@/lib/explore/knobs';
import { PER_TOKEN_ENERGY, type ColorKey, type ViewState } from '@/lib/explore/state';
import type { ExplorerView } from '@/lib/explore/types';
import { ENERGY_UNIT_LABEL } from '@/lib/explore/format';
import { MetricSelect } from './metric-select';

export type Patch = (p: Partial<ViewState>) => void;

/** Number input that commits after typing pauses (or on Enter / blur); empty = unset. */
export function NumField(props: { label: string; title?: string; value: number | undefined; onCommit: (v: number | undefined) => void; testid?: string; width?: number }) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  useEffect(() => setText(props.value === undefined ? '' : String(props.value)), [props.value]);
  const commit = (t: string) => {
    const v = t.trim() === '' ? undefined : Number(t);
    if (v !== undefined && !Number.isFinite(v)) return;
    if (v !== props.value) props.onCommit(v);
  };
  useEffect(() => {
    const h = setTimeout(() => commit(text), 600);
    return () => clearTimeout(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  return (
    <label className="field" title={props.title}>
      <span className={props.title ? 'has-def' : undefined}>{props.label}</span>
      <input
        data-testid={props.testid}
        inputMode="decimal"
        value={text}
        style={{ width: props.width ?? 90 }}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && commit(text)}
        onBlur={() => commit(text)}
      />
    </label>
  );
}

const SLO_METRICS: MetricKey[] = [
  'ttft_ms_p99', 'ttft_ms_p90', 'ttft_ms_mean',
  'tpot_ms_p99', 'tpot_ms_p90', 'tpot_ms_mean',
  'itl_ms_p99', 'itl_ms_p90', 'itl_ms_mean',
  'e2e_ms_p99', 'e2e_ms_p90', 'e2e_ms_mean',
  'output_throughput_tps', 'request_throughput_rps',
];

function MultiCheck(props: { label: string; all: string[]; value: string[]; onChange: (v: string[]) => void; testid: string }) {
  if (props.all.length <= 1 && !props.value.length) return null;
  const on = new Set(props.value);
  return (
    <details className="field" data-testid={props.testid}>
      <summary>
        {props.label}: {props.value.length ? props.value.join(', ') : 'all'}
      </summary>
      <div className="stack" style={{ maxHeight: 220, overflow: 'auto', gap: 2, padding: '4px 0' }}>
        {props.all.map((v) => (
          <label key={v} style={{ color: 'var(--fg)' }}>
            <input type="checkbox" checked={on.has(v)} onChange={() => props.onChange(on.has(v) ? props.value.filter((x) => x !== v) : [...props.value, v])} /> {v}
          </label>
        ))}
      </div>
    </details>
  );
}

export function Controls({ st, view, patch }: { st: ViewState; view: ExplorerView | undefined; patch: Patch }) {
  const facets = view?.facets;
  const energyAxis = PER_TOKEN_ENERGY.includes(st.x) || PER_TOKEN_ENERGY.includes(st.y);
  return (
    <div className="stack" style={{ gap: '0.75rem' }}>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <MetricSelect label="X axis" value={st.x} onChange={(k) => k && patch({ x: k })} testid="x-select" />
        <label className="field">
          <span>log x</span>
          <input type="checkbox" data-testid="logx" checked={st.logX} onChange={(e) => patch({ logX: e.target.checked })} />
        </label>
        <MetricSelect label="Y axis" value={st.y} onChange={(k) => k && patch({ y: k })} testid="y-select" />
        <label className="field">
          <span>log y</span>
          <input type="checkbox" data-testid="logy" checked={st.logY} onChange={(e) => patch({ logY: e.target.checked })} />
        </label>
        <label className="field">
          <span>Colour by</span>
          <select data-testid="color-select" value={st.color} onChange={(e) => patch({ color: e.target.value as ColorKey })}>
            <option value="none">none</option>
            <optgroup label="run">
              {CATEGORY_KEYS.map((k) => (
                <option key={k} value={k}>{CATEGORY_LABELS[k]}</option>
              ))}
            </optgroup>
            <optgroup label="knob">
              {EXPLORE_KNOBS.map((k) => (
                <option key={k} value={k} title={KNOB_LABELS[k].definition}>{KNOB_LABELS[k].label}</option>
              ))}
            </optgroup>
            <optgroup label="metric">
              {[...METRIC_BY_KEY.values()].map((m) => (
                <option key={m.key} value={m.key} title={m.definition}>{m.label}</option>
              ))}
            </optgroup>
          </select>
        </label>
        <MetricSelect label="Size by" value={st.size} allowNone="none" onChange={(k) => patch({ size: k })} testid="size-select" />
        {energyAxis && (
          <>
            <label className="field" title="Display unit for energy-per-token axes">
              <span>Energy unit</span>
              <select data-testid="unit-select" value={st.unit} onChange={(e) => patch({ unit: e.target.value as ViewState['unit'] })}>
                {Object.entries(ENERGY_UNIT_LABEL).map(([k, v]) => (
                  <option key={k} value={k}>{v}</option>
                ))}
              </select>
            </label>
            {st.unit === 'gco2_1m' && <NumField label="gCO2e/kWh" title="Grid carbon intensity" value={st.grid} onCommit={(v) => patch({ grid: v ?? 400 })} />}
            {st.unit === 'cost_1m' && <NumField label="$/kWh" title="Electricity price" value={st.price} onCommit={(v) => patch({ price: v ?? 0.1 })} />}
          </>
        )}
        <label className="field">
          <span>frontier only</span>
          <input type="checkbox" checked={st.frontierOnly} onChange={(e) => patch({ frontierOnly: e.target.checked })} />
        </label>
      </div>

      <div className="toolbar" style={{ marginBottom: 0, alignItems: 'flex-start' }}>
        <label className="field">
          <span>Study</span>
          <select data-testid="study-select" value={st.study === null ? '' : String(st.study)} onChange={(e) => patch({ study: e.target.value === '' ? null : e.target.value === 'all' ? 'all' : Number(e.target.value) })}>
            <option value="">default (demo study)</option>
            <option value="all">all studies</option>
            {facets?.studies.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
        <MultiCheck label="Model" all={facets?.models ?? []} value={st.model} onChange={(v) => patch({ model: v })} testid="model-filter" />
        <MultiCheck label="GPU" all={facets?.gpus ?? []} value={st.gpu} onChange={(v) => patch({ gpu: v })} testid="gpu-filter" />
        <MultiCheck label="Engine" all={facets?.engines ?? []} value={st.engine} onChange={(v) => patch({ engine: v })} testid="engine-filter" />
        <label className="field">
          <span>Runs</span>
          <select value={st.sim ?? ''} onChange={(e) => patch({ sim: (e.target.value || null) as ViewState['sim'] })}>
            <option value="">measured + simulated</option>
            <option value="real">measured only</option>
            <option value="sim">simulated only</option>
          </select>
        </label>
        <details className="field">
          <summary>Knob ranges{Object.keys(st.knobs).length ? ` (${Object.keys(st.knobs).join(', ')})` : ''}</summary>
          <div className="stack" style={{ gap: 4, paddingTop: 4 }}>
            {EXPLORE_KNOBS.map((k) => (
              <div className="row" key={k} style={{ gap: 6 }}>
                <NumField label={`${k} min`} title={KNOB_LABELS[k].definition} value={st.knobs[k]?.min} width={80} onCommit={(v) => patch({ knobs: { ...st.knobs, [k]: { ...st.knobs[k], min: v } } })} />
                <NumField label="max" value={st.knobs[k]?.max} width={80} onCommit={(v) => patch({ knobs: { ...st.knobs, [k]: { ...st.knobs[k], max: v } } })} />
              </div>
            ))}
          </div>
        </details>
      </div>

      <div>
        <div className="muted" style={{ fontSize: 12, marginBottom: 4 }}>
          SLOs (latency maximums, throughput minimums; a run missing a constrained metric counts as infeasible)
        </div>
        <div className="row" style={{ gap: '0.4rem 0.6rem', alignItems: 'flex-end' }}>
          {SLO_METRICS.map((m) => {
            const d = METRIC_BY_KEY.get(m)!;
            return (
              <NumField
                key={m}
                testid={`slo-${m}`}
                label={`${d.direction === 'higher' ? 'min' : 'max'} ${d.short} (${d.unit === 'tokens/s' ? 'tok/s' : d.unit})`}
                title={d.definition}
                value={st.slo[m]}
                width={84}
                onCommit={(v) => {
                  const slo = { ...st.slo };
                  if (v === undefined) delete slo[m];
                  else slo[m] = v;
                  patch({ slo });
                }}
              />
            );
          })}
          {Object.keys(st.slo).length > 0 && (
            <button className="btn btn-small" onClick={() => patch({ slo: {} })}>
              clear SLOs
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
