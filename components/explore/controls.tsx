'use client';
/**
 * The explorer's view settings (study, model, GPU, axes, colour, SLO chips) as one compact strip:
 * a wrapping row under the chart on a narrow screen, a column beside it on a wide one
 * (`.explore-layout` in app/globals.css). The rarely used settings (log axes, size, unit, engine,
 * measured/simulated, knob ranges) are behind "More". Pickers offer what the selection has:
 * metrics without data are greyed out.
 */
import { useEffect, useState } from 'react';
import { makeLazy } from '@/components/lazy-trigger';
import { gpuDisplayName, shortModelName } from '@/lib/explore/display-names';
import type { SloPickerProps } from './slo-popover';
import { METRICS, METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { CATEGORY_KEYS, CATEGORY_LABELS, EXPLORE_KNOBS, KNOB_LABELS } from '@/lib/explore/knobs';
import { PER_TOKEN_ENERGY, type ColorKey, type ViewState } from '@/lib/explore/state';
import type { ExplorerView } from '@/lib/explore/types';
import { ENERGY_UNIT_LABEL, displayUnit } from '@/lib/explore/format';
import { MetricSelect } from './metric-select';

export type Patch = (p: Partial<ViewState>) => void;

/** Number input that commits after typing pauses (or on Enter / blur); empty = unset. */
export function NumField(props: {
  label: string;
  title?: string;
  value: number | undefined;
  onCommit: (v: number | undefined) => void;
  testid?: string;
  width?: number;
}) {
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

const SloPicker = makeLazy<SloPickerProps>(() => import('./slo-popover'));

/** Metrics an SLO can bound: latencies (maximum) and throughputs (minimum). */
const sloAble = (k: MetricKey) => {
  const g = METRIC_BY_KEY.get(k)?.group;
  return g === 'latency' || g === 'throughput';
};

/** What the colour field shows on hover: the chosen knob's or metric's definition (categories need none). */
function colorDefinition(c: ColorKey): string | undefined {
  if ((EXPLORE_KNOBS as readonly string[]).includes(c)) return KNOB_LABELS[c as keyof typeof KNOB_LABELS].definition;
  return METRIC_BY_KEY.get(c as MetricKey)?.definition;
}

function sloLabel(m: MetricKey) {
  const d = METRIC_BY_KEY.get(m)!;
  return `${d.direction === 'higher' ? 'min' : 'max'} ${d.short} (${d.unit === 'tokens/s' ? 'tok/s' : d.unit})`;
}

function MultiCheck(props: {
  label: string;
  all: string[];
  value: string[];
  onChange: (v: string[]) => void;
  testid: string;
}) {
  if (props.all.length <= 1 && !props.value.length) return null;
  const on = new Set(props.value);
  return (
    <fieldset className="field" data-testid={props.testid} style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ padding: 0 }}>{props.label}</legend>
      <div className="row" style={{ gap: '2px 10px' }}>
        {props.all.map((v) => (
          <label key={v} style={{ color: 'var(--fg)' }}>
            <input
              type="checkbox"
              checked={on.has(v)}
              onChange={() => props.onChange(on.has(v) ? props.value.filter((x) => x !== v) : [...props.value, v])}
            />{' '}
            {v}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Single-choice filter over a facet list ("all" or one value); display names merge raw values. */
function FacetSelect(props: {
  label: string;
  all: string[];
  value: string[];
  onChange: (v: string[]) => void;
  testid: string;
  allText: string;
  display?: (v: string) => string;
}) {
  const show = props.display ?? ((v: string) => v);
  const groups = new Map<string, string[]>();
  for (const v of props.all) groups.set(show(v), [...(groups.get(show(v)) ?? []), v]);
  const current = props.value.length ? show(props.value[0]) : '';
  const mixed = props.value.length > 1 && new Set(props.value.map(show)).size > 1;
  return (
    <label className="field">
      <span>{props.label}</span>
      <select
        data-testid={props.testid}
        value={mixed ? '__mixed' : current}
        onChange={(e) => props.onChange(e.target.value ? (groups.get(e.target.value) ?? [e.target.value]) : [])}
      >
        <option value="">{props.allText}</option>
        {mixed && <option value="__mixed">{props.value.map(show).join(', ')}</option>}
        {[...groups.entries()].map(([name, raws]) => (
          <option key={name} value={name} title={raws.join(', ')}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function SloChips({ st, view, patch }: { st: ViewState; view: ExplorerView | undefined; patch: Patch }) {
  const [draft, setDraft] = useState<MetricKey[]>([]);
  const av = view?.answers?.availability;
  const total = av?.__total ?? view?.counts.total ?? 0;
  // The x-axis metric's SLO is always offered inline (the most common question), the rest as chips.
  const inline: MetricKey[] = sloAble(st.x) ? [st.x] : [];
  const active = [...new Set([...inline, ...(Object.keys(st.slo) as MetricKey[]), ...draft])];
  const setBound = (m: MetricKey, v: number | undefined) => {
    const slo = { ...st.slo };
    if (v === undefined) delete slo[m];
    else slo[m] = v;
    patch({ slo });
  };
  const options = METRICS.filter((m) => sloAble(m.key) && !active.includes(m.key)).map((m) => ({
    key: m.key,
    label: `${m.label} (${m.unit})`,
    count: av ? (av[m.key] ?? 0) : total,
    total,
    bound: m.direction === 'higher' ? ('min' as const) : ('max' as const),
  }));
  options.sort((a, b) => Number(b.count > 0) - Number(a.count > 0));
  return (
    <div className="slo-strip" data-testid="slo-strip">
      {active.map((m) => {
        const d = METRIC_BY_KEY.get(m)!;
        const missing = av !== undefined && (av[m] ?? 0) === 0;
        return (
          <div key={m} className="row" style={{ gap: 2, alignItems: 'flex-end' }}>
            <NumField
              testid={`slo-${m}`}
              label={`SLO: ${sloLabel(m)}`}
              title={`${d.definition}${missing ? ' — no run in this selection has this metric' : ''}`}
              value={st.slo[m]}
              width={76}
              onCommit={(v) => setBound(m, v)}
            />
            {!inline.includes(m) && (
              <button
                type="button"
                className="btn btn-small btn-ghost"
                aria-label={`remove the ${d.short} SLO`}
                onClick={() => {
                  setDraft(draft.filter((x) => x !== m));
                  setBound(m, undefined);
                }}
              >
                ×
              </button>
            )}
          </div>
        );
      })}
      <SloPicker
        options={options}
        onPick={(k) => setDraft([...draft, k])}
        popup="dialog"
        triggerClass="chip"
        triggerProps={{ 'data-testid': 'slo-add', 'aria-label': 'Add an SLO' }}
        trigger={<>+ SLO</>}
      />
      {Object.keys(st.slo).length > 0 && (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => (setDraft([]), patch({ slo: {} }))}>
          clear SLOs
        </button>
      )}
    </div>
  );
}

export function Controls({ st, view, patch }: { st: ViewState; view: ExplorerView | undefined; patch: Patch }) {
  const facets = view?.facets;
  const av = view?.answers?.availability;
  const energyAxis = PER_TOKEN_ENERGY.includes(st.x) || PER_TOKEN_ENERGY.includes(st.y);
  const unitOf = (k: MetricKey) => displayUnit(k, st.unit, st.grid, st.price).unit;
  const more = [
    st.logX ? null : 'linear x',
    st.logY ? null : 'linear y',
    st.size ? 'size' : null,
    st.engine.length ? 'engine' : null,
    st.sim ? 'runs' : null,
    Object.keys(st.knobs).length ? 'knob ranges' : null,
    st.frontierOnly ? 'frontier only' : null,
  ].filter(Boolean);
  return (
    <div className="controls-strip" data-testid="controls-strip">
      <label className="field">
        <span>Study</span>
        <select
          data-testid="study-select"
          value={st.study === null ? '' : String(st.study)}
          onChange={(e) =>
            patch({ study: e.target.value === '' ? null : e.target.value === 'all' ? 'all' : Number(e.target.value) })
          }
        >
          <option value="">default (demo study)</option>
          <option value="all">all studies</option>
          {facets?.studies.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <FacetSelect
        label="Model"
        all={facets?.models ?? []}
        value={st.model}
        onChange={(v) => patch({ model: v })}
        testid="model-filter"
        allText={`all models (${facets?.models.length ?? 0}), answers per model`}
        display={shortModelName}
      />
      <FacetSelect
        label="GPU"
        all={facets?.gpus ?? []}
        value={st.gpu}
        onChange={(v) => patch({ gpu: v })}
        testid="gpu-filter"
        allText="all GPUs"
        display={gpuDisplayName}
      />
      <MetricSelect
        label="X axis"
        value={st.x}
        onChange={(k) => k && patch({ x: k })}
        testid="x-select"
        available={av}
        unitOf={unitOf}
      />
      <MetricSelect
        label="Y axis"
        value={st.y}
        onChange={(k) => k && patch({ y: k })}
        testid="y-select"
        available={av}
        unitOf={unitOf}
      />
      <label className="field" title={colorDefinition(st.color)}>
        <span className={colorDefinition(st.color) ? 'has-def' : undefined}>Colour by</span>
        <select
          data-testid="color-select"
          value={st.color}
          onChange={(e) => patch({ color: e.target.value as ColorKey })}
        >
          <option value="none">none</option>
          <optgroup label="run">
            {CATEGORY_KEYS.map((k) => (
              <option key={k} value={k}>
                {CATEGORY_LABELS[k]}
              </option>
            ))}
          </optgroup>
          <optgroup label="knob">
            {EXPLORE_KNOBS.map((k) => (
              <option key={k} value={k} disabled={av !== undefined && !av[k] && st.color !== k}>
                {`${KNOB_LABELS[k].label}${av !== undefined && !av[k] ? ' — no data' : ''}`}
              </option>
            ))}
          </optgroup>
          <optgroup label="metric">
            {[...METRIC_BY_KEY.values()].map((m) => (
              <option key={m.key} value={m.key} disabled={av !== undefined && !av[m.key] && st.color !== m.key}>
                {`${m.label}${av !== undefined && !av[m.key] ? ' — no data' : ''}`}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className="field" title="A second category drawn as the mark's shape (colour carries the first)">
        <span>Shape by</span>
        <select
          data-testid="shape-select"
          value={st.shape}
          onChange={(e) => patch({ shape: e.target.value as ViewState['shape'] })}
        >
          <option value="none">measured / simulated</option>
          {CATEGORY_KEYS.filter((k) => k !== 'simulated').map((k) => (
            <option key={k} value={k}>
              {CATEGORY_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label
        className="field"
        title="Configurations: the repeats of one setup pooled into one mark at their mean, with 95% whiskers; the frontier and the recommendation use the means"
      >
        <span className="has-def">Marks</span>
        <select
          data-testid="agg-select"
          value={st.agg}
          onChange={(e) => patch({ agg: e.target.value as ViewState['agg'] })}
        >
          <option value="runs">one per run</option>
          <option value="configs">one per configuration (mean ± 95%)</option>
        </select>
      </label>
      <label
        className="field field-check"
        title="Points predicted by clock curves fitted per configuration family, at SM clocks between measured ones: hollow marks, dashed frontier, never part of the measured frontier"
      >
        <span className="has-def">Predicted</span>
        <span className="row" style={{ gap: 4, color: 'var(--fg)', minHeight: '2rem' }}>
          <input
            type="checkbox"
            data-testid="pred-toggle"
            checked={st.pred}
            onChange={(e) => patch({ pred: e.target.checked })}
          />
          show
        </span>
      </label>
      {energyAxis && (
        <label className="field" title="Display unit for energy-per-token axes">
          <span>Energy unit</span>
          <select
            data-testid="unit-select"
            value={st.unit}
            onChange={(e) => patch({ unit: e.target.value as ViewState['unit'] })}
          >
            {Object.entries(ENERGY_UNIT_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      )}
      {energyAxis && st.unit === 'gco2_1m' && (
        <NumField
          label="gCO2e/kWh"
          title="Grid carbon intensity"
          value={st.grid}
          width={70}
          onCommit={(v) => patch({ grid: v ?? 400 })}
        />
      )}
      {energyAxis && st.unit === 'cost_1m' && (
        <NumField
          label="$/kWh"
          title="Electricity price"
          value={st.price}
          width={70}
          onCommit={(v) => patch({ price: v ?? 0.1 })}
        />
      )}
      <SloChips st={st} view={view} patch={patch} />
      <details className="field more-options" data-testid="more-options">
        <summary style={{ cursor: 'pointer' }}>More options{more.length ? ` (${more.join(', ')})` : ''}</summary>
        <div
          className="card"
          style={{
            marginTop: 6,
            marginBottom: 0,
            display: 'flex',
            flexWrap: 'wrap',
            gap: '0.75rem 1.25rem',
            alignItems: 'flex-start',
          }}
        >
          <label className="row" style={{ gap: 4, color: 'var(--fg)' }}>
            <input
              type="checkbox"
              data-testid="logx"
              checked={st.logX}
              onChange={(e) => patch({ logX: e.target.checked })}
            />{' '}
            log x
          </label>
          <label className="row" style={{ gap: 4, color: 'var(--fg)' }}>
            <input
              type="checkbox"
              data-testid="logy"
              checked={st.logY}
              onChange={(e) => patch({ logY: e.target.checked })}
            />{' '}
            log y
          </label>
          <label className="row" style={{ gap: 4, color: 'var(--fg)' }}>
            <input
              type="checkbox"
              checked={st.frontierOnly}
              onChange={(e) => patch({ frontierOnly: e.target.checked })}
            />{' '}
            frontier only
          </label>
          <MetricSelect
            label="Size by"
            value={st.size}
            allowNone="none"
            onChange={(k) => patch({ size: k })}
            testid="size-select"
            available={av}
          />
          <label className="field">
            <span>Runs</span>
            <select value={st.sim ?? ''} onChange={(e) => patch({ sim: (e.target.value || null) as ViewState['sim'] })}>
              <option value="">measured + simulated</option>
              <option value="real">measured only</option>
              <option value="sim">simulated only</option>
            </select>
          </label>
          <MultiCheck
            label="Engine"
            all={facets?.engines ?? []}
            value={st.engine}
            onChange={(v) => patch({ engine: v })}
            testid="engine-filter"
          />
          <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend style={{ padding: 0 }}>Knob ranges (only knobs this selection records)</legend>
            <div className="stack" style={{ gap: 4, paddingTop: 4 }}>
              {EXPLORE_KNOBS.filter((k) => !av || av[k] || st.knobs[k]).map((k) => (
                <div className="row" key={k} style={{ gap: 6 }}>
                  <NumField
                    label={`${KNOB_LABELS[k].label} min`}
                    title={KNOB_LABELS[k].definition}
                    value={st.knobs[k]?.min}
                    width={80}
                    onCommit={(v) => patch({ knobs: { ...st.knobs, [k]: { ...st.knobs[k], min: v } } })}
                  />
                  <NumField
                    label="max"
                    value={st.knobs[k]?.max}
                    width={80}
                    onCommit={(v) => patch({ knobs: { ...st.knobs, [k]: { ...st.knobs[k], max: v } } })}
                  />
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      </details>
    </div>
  );
}
