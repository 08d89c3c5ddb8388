'use client';
import { useEffect, useState } from 'react';
import { KNOB_BY_KEY, knobFieldLabel } from '@/lib/knobs/catalogue';
import type { ParamPatch } from '@/lib/client/url-state';

export interface StudyOption {
  id: number;
  name: string;
  runCount: number;
}
export interface Facets {
  models: string[];
  gpus: string[];
  engines: string[];
}

const KNOB_FILTERS = (['max_num_seqs', 'sm_clock_mhz', 'power_limit_w', 'tp'] as const).map((key) => ({
  key,
  label: knobFieldLabel(KNOB_BY_KEY.get(key)!, 'short'),
}));

/** Filter bar of the runs table. Text inputs apply on Enter/blur; selects apply at once. */
export function RunFilters({
  studies,
  facets,
  params,
  setParams,
}: {
  studies: StudyOption[];
  facets: Facets;
  params: URLSearchParams;
  setParams: (p: ParamPatch) => void;
}) {
  const [q, setQ] = useState(params.get('q') ?? '');
  useEffect(() => setQ(params.get('q') ?? ''), [params]);
  const select = (name: string, label: string, options: string[], all = 'all') => (
    <label className="field">
      {label}
      <select
        aria-label={label}
        value={params.get(name) ?? ''}
        onChange={(e) => setParams({ [name]: e.target.value || null })}
      >
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="toolbar" data-testid="run-filters">
      <label className="field">
        study
        <select
          aria-label="study"
          value={params.get('study') ?? ''}
          onChange={(e) => setParams({ study: e.target.value || null })}
        >
          <option value="">all studies</option>
          {studies.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.runCount})
            </option>
          ))}
        </select>
      </label>
      {select('model', 'model', facets.models)}
      {select('gpu', 'GPU', facets.gpus)}
      {select('engine', 'engine', facets.engines)}
      {KNOB_FILTERS.map((k) => (
        <KnobRange key={k.key} knob={k.key} label={k.label} params={params} setParams={setParams} />
      ))}
      <label className="field">
        search
        <input
          aria-label="search runs"
          value={q}
          placeholder="label contains…"
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && setParams({ q })}
          onBlur={() => q !== (params.get('q') ?? '') && setParams({ q })}
        />
      </label>
    </div>
  );
}

function KnobRange({
  knob,
  label,
  params,
  setParams,
}: {
  knob: string;
  label: string;
  params: URLSearchParams;
  setParams: (p: ParamPatch) => void;
}) {
  const minKey = `knob.${knob}.min`;
  const maxKey = `knob.${knob}.max`;
  const [min, setMin] = useState(params.get(minKey) ?? '');
  const [max, setMax] = useState(params.get(maxKey) ?? '');
  useEffect(() => {
    setMin(params.get(minKey) ?? '');
    setMax(params.get(maxKey) ?? '');
  }, [params, minKey, maxKey]);
  const apply = () => setParams({ [minKey]: min || null, [maxKey]: max || null });
  return (
    <label className="field">
      {label}
      <span className="row" style={{ gap: '0.2rem', flexWrap: 'nowrap' }}>
        <input
          aria-label={`${knob} min`}
          inputMode="decimal"
          style={{ width: '4.5rem' }}
          placeholder="min"
          value={min}
          onChange={(e) => setMin(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => e.key === 'Enter' && apply()}
        />
        <input
          aria-label={`${knob} max`}
          inputMode="decimal"
          style={{ width: '4.5rem' }}
          placeholder="max"
          value={max}
          onChange={(e) => setMax(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => e.key === 'Enter' && apply()}
        />
      </span>
    </label>
  );
}
