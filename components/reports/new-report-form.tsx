'use client';
/**
 * The create-report form: title, notes with a live preview (rendered exactly as readers will see
 * them: no raw HTML, safe links), and the business-unit inputs stored with the report.
 */
import { useState, type FormEvent } from 'react';
import { reportInputsSchema, type ReportInputs } from '@/lib/reports/inputs';
import { apiFetch, errorMessage } from '@/lib/client/api';
import { ReportNotes } from './markdown';
import s from './report.module.css';

function inputsFrom(f: FormData, defaults: { price: number; grid: number }): ReportInputs | { error: string } {
  const amount = Number(f.get('traffic') ?? '');
  const raw = {
    traffic: String(f.get('traffic') ?? '').trim()
      ? { amount, unit: String(f.get('trafficUnit')), per: String(f.get('trafficPer')) }
      : null,
    pricePerKwh: Number(f.get('price') || defaults.price),
    gridGco2PerKwh: Number(f.get('grid') || defaults.grid),
    scope: String(f.get('scope')),
    pue: Number(f.get('pue') || 1.2),
  };
  const r = reportInputsSchema.safeParse(raw);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  return { error: `${i?.path.join('.') || 'inputs'}: ${i?.message}` };
}

export function NewReportForm({
  query,
  runIds,
  defaultTitle,
  defaults,
}: {
  query: string;
  runIds: number[] | null;
  defaultTitle: string;
  defaults: { price: number; grid: number };
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notes, setNotes] = useState('');
  const [scope, setScope] = useState<'gpu' | 'facility'>('gpu');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const inputs = inputsFrom(f, defaults);
    if ('error' in inputs) return setError(inputs.error);
    setBusy(true);
    setError(null);
    try {
      const r = await apiFetch<{ id: number }>('/api/reports', {
        json: { title: f.get('title'), notes, query, inputs, ...(runIds ? { runIds } : {}) },
      });
      window.location.assign(`/reports/${r.id}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={submit}>
      <label className="field">
        Title
        <input name="title" required maxLength={200} defaultValue={defaultTitle} />
      </label>
      <label className="field">
        Notes (markdown: **bold**, lists, links; HTML is not rendered)
        <textarea
          name="notes"
          rows={8}
          maxLength={100000}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          placeholder="What was measured, what you recommend, caveats..."
        />
      </label>
      <div data-testid="notes-preview" aria-live="polite">
        <div className={s.meta}>Preview, as readers will see the notes:</div>
        <div className={s.section}>
          <ReportNotes markdown={notes} />
        </div>
      </div>
      <fieldset className="stack" style={{ border: '1px solid var(--border)', borderRadius: 8, padding: '0.75rem' }}>
        <legend>Business units (stored with the report; can be changed later)</legend>
        <div className={s.inputs}>
          <label>
            Traffic (empty: per 1M tokens only)
            <input name="traffic" type="number" min={0} step="any" placeholder="e.g. 50000000" />
          </label>
          <label>
            Unit
            <select name="trafficUnit" defaultValue="output_tokens">
              <option value="output_tokens">output tokens</option>
              <option value="tokens">tokens (input + output)</option>
              <option value="requests">requests</option>
            </select>
          </label>
          <label>
            Per
            <select name="trafficPer" defaultValue="day">
              <option value="day">day</option>
              <option value="month">month</option>
            </select>
          </label>
          <label>
            Electricity price ($/kWh)
            <input name="price" type="number" min={0} step="any" defaultValue={defaults.price} />
          </label>
          <label>
            Grid intensity (gCO2e/kWh)
            <input name="grid" type="number" min={0} step="any" defaultValue={defaults.grid} />
          </label>
          <label>
            Scope
            <select name="scope" value={scope} onChange={(e) => setScope(e.target.value as 'gpu' | 'facility')}>
              <option value="gpu">GPU energy only</option>
              <option value="facility">GPU energy × PUE</option>
            </select>
          </label>
          {scope === 'facility' && (
            <label>
              PUE
              <input name="pue" type="number" min={1} max={5} step="0.05" defaultValue={1.2} />
            </label>
          )}
        </div>
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy}>
          Create report (freeze the data)
        </button>
      </div>
    </form>
  );
}
