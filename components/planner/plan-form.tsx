'use client';
/**
 * The new-plan form: study and model (from the study's runs), workload (built-in Azure traces or
 * stored ones), SLO limits, interval, baseline, and the assumptions a planner user may change.
 * Posts to /api/plans; a 422 (no configuration meets the SLOs) is shown with its reason.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { apiFetch } from '@/lib/client/api';
import type { StudyModelOption } from '@/db/queries/plans';

export type WorkloadOption = { ref: string; label: string };

const SLO_KEYS = ['ttft_ms_p99', 'tpot_ms_p99', 'itl_ms_p99', 'e2e_ms_p99', 'ttft_ms_p90', 'tpot_ms_p90'] as const;
const SLO_LABEL: Record<(typeof SLO_KEYS)[number], string> = {
  ttft_ms_p99: 'p99 TTFT (ms)',
  tpot_ms_p99: 'p99 TPOT (ms)',
  itl_ms_p99: 'p99 ITL (ms)',
  e2e_ms_p99: 'p99 E2E (ms)',
  ttft_ms_p90: 'p90 TTFT (ms)',
  tpot_ms_p90: 'p90 TPOT (ms)',
};
const DEFAULT_SLO: Partial<Record<(typeof SLO_KEYS)[number], string>> = { ttft_ms_p99: '2000', tpot_ms_p99: '100' };

export function PlanForm({
  options,
  workloads,
  initial,
}: {
  options: StudyModelOption[];
  workloads: WorkloadOption[];
  initial: { study?: number; model?: string };
}) {
  const studies = useMemo(() => [...new Map(options.map((o) => [o.studyId, o.studyName])).entries()], [options]);
  const [study, setStudy] = useState<number>(initial.study ?? studies[0]?.[0] ?? 0);
  const models = options.filter((o) => o.studyId === study);
  const [model, setModel] = useState<string>(initial.model ?? models[0]?.model ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const slo: Record<string, number> = {};
    for (const k of SLO_KEYS) {
      const v = String(f.get(`slo.${k}`) ?? '').trim();
      if (v) slo[k] = Number(v);
    }
    const numOr = (k: string) => {
      const v = String(f.get(k) ?? '').trim();
      return v ? Number(v) : undefined;
    };
    const body = {
      study,
      model,
      workload: String(f.get('workload')),
      slo,
      intervalS: Number(f.get('intervalS')),
      baseline: String(f.get('baseline')),
      maxInstances: numOr('maxInstances'),
      allowCostly: f.get('allowCostly') === 'on',
      predictions: f.get('predictions') === 'on',
      switchCost: { timeS: numOr('switchTimeS') ?? 120, energyJ: numOr('switchEnergyJ') ?? 30000 },
      pricePerKwh: numOr('price'),
      gridGco2PerKwh: numOr('grid'),
      requestsPerDay: numOr('volume') ?? null,
      ...(numOr('durationS') !== undefined && { startS: numOr('startS') ?? 0, durationS: numOr('durationS') }),
    };
    setBusy(true);
    setError(null);
    try {
      const r = await apiFetch<{ id: number }>('/api/plans', { json: body });
      window.location.assign(`/plans/${r.id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  if (!options.length)
    return (
      <p className="banner">
        No study has runs yet: import or measure runs with SM clock, power limit and max_num_seqs first.
      </p>
    );
  return (
    <form className="card stack min-w-0" onSubmit={submit} aria-describedby={error ? 'plan-error' : undefined}>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="field min-w-0">
          Study
          <select
            className="w-full"
            name="study"
            value={study}
            onChange={(e) => {
              const id = Number(e.target.value);
              setStudy(id);
              setModel(options.find((o) => o.studyId === id)?.model ?? '');
            }}
          >
            {studies.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field min-w-0">
          Model
          <select className="w-full" name="model" value={model} onChange={(e) => setModel(e.target.value)}>
            {models.map((m) => (
              <option key={m.model} value={m.model}>
                {m.model} ({m.runs} runs, {m.gpus.join(', ')})
              </option>
            ))}
          </select>
        </label>
        <label className="field min-w-0">
          Workload
          <select className="w-full" name="workload" defaultValue={workloads[0]?.ref}>
            {workloads.map((w) => (
              <option key={w.ref} value={w.ref}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field min-w-0">
          Interval (s)
          <input name="intervalS" type="number" min={10} max={86400} step="any" defaultValue={300} required />
        </label>
      </div>
      <fieldset className="grid gap-3 sm:grid-cols-3 border border-border rounded-md p-3">
        <legend className="px-1 text-sm">SLOs (leave empty for none; at least one)</legend>
        {SLO_KEYS.map((k) => (
          <label className="field min-w-0" key={k}>
            {SLO_LABEL[k]}
            <input name={`slo.${k}`} type="number" min={1} step="any" defaultValue={DEFAULT_SLO[k] ?? ''} />
          </label>
        ))}
      </fieldset>
      <details>
        <summary>Baseline, reconfiguration and cost options</summary>
        <div className="grid gap-3 sm:grid-cols-3 mt-3">
          <label className="field min-w-0">
            Baseline
            <select className="w-full" name="baseline" defaultValue="max_clock_static">
              <option value="max_clock_static">Max clock, sized for peak</option>
              <option value="best_static">Best static configuration</option>
            </select>
          </label>
          <label className="field min-w-0">
            Max instances
            <input name="maxInstances" type="number" min={1} max={64} defaultValue={8} />
          </label>
          <label className="field min-w-0 flex-row items-center gap-2">
            <input name="allowCostly" type="checkbox" defaultChecked /> Change TP / max_num_seqs / instances with the
            load
          </label>
          <label className="field min-w-0 flex-row items-center gap-2">
            <input name="predictions" type="checkbox" defaultChecked /> Also plan at SM clocks predicted between
            measured ones (fitted curves)
          </label>
          <label className="field min-w-0">
            Switch time per instance (s)
            <input name="switchTimeS" type="number" min={0} step="any" defaultValue={120} />
          </label>
          <label className="field min-w-0">
            Switch energy per instance (J)
            <input name="switchEnergyJ" type="number" min={0} step="any" defaultValue={30000} />
          </label>
          <label className="field min-w-0">
            Volume (requests/day, optional)
            <input name="volume" type="number" min={1} step="any" />
          </label>
          <label className="field min-w-0">
            Electricity price ($/kWh)
            <input name="price" type="number" min={0} step="any" defaultValue={0.1} />
          </label>
          <label className="field min-w-0">
            Grid intensity (gCO2e/kWh)
            <input name="grid" type="number" min={0} step="any" defaultValue={400} />
          </label>
          <label className="field min-w-0">
            Slice: start (s)
            <input name="startS" type="number" min={0} step="any" />
          </label>
          <label className="field min-w-0">
            Slice: duration (s)
            <input name="durationS" type="number" min={1} step="any" />
          </label>
        </div>
      </details>
      {error && (
        <p className="banner banner-error" id="plan-error" role="alert" data-testid="plan-error">
          {error}
        </p>
      )}
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Planning…' : 'Make plan'}
        </button>
      </div>
    </form>
  );
}
