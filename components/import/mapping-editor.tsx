'use client';
/**
 * Column mapping for the generic CSV/JSON importer. Mappings are saved by name on the server
 * (/api/import-mappings), so every user, the API (mappingName) and the CLI (`joulebench import
 * --format generic --mapping NAME`) can reuse them. Columns come from the server's preview, which
 * reads them inside zips too.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ColumnMapping } from '@/lib/importers/types';
import { METRIC_KEYS } from '@/lib/metrics/keys';
import { KNOB_KEYS } from '@/lib/knobs/catalogue';
import { apiFetch, errorMessage } from '@/lib/client/api';

const FIELDS = ['ignore', 'label', 'model', 'gpu_model', 'gpu_count', 'engine'];
// Knob targets: every knob of the catalogue (lib/knobs), never a second list.
const KNOBS = KNOB_KEYS;
const WORKLOAD = ['input_tokens_total', 'output_tokens_total', 'num_requests', 'dataset'];
const UNITS = ['', 'ns', 'us', 'ms', 's', 'J', 'kJ', 'Wh', 'kWh', 'MJ', 'W', 'kW'];

interface Saved {
  name: string;
  mapping: ColumnMapping;
  createdBy: string | null;
  updatedAt: string;
}

export function MappingEditor({
  columns,
  value,
  onChange,
  onError,
}: {
  columns: string[];
  value: ColumnMapping;
  onChange: (m: ColumnMapping) => void;
  onError?: (msg: string) => void;
}) {
  const [saved, setSaved] = useState<Saved[]>([]);
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const reload = useCallback(async () => {
    // The list is a convenience: without it the editor still maps columns.
    const r = await apiFetch<{ mappings: Saved[] }>('/api/import-mappings').catch(() => null);
    if (r) setSaved(r.mappings);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  const set = (col: string, patch: Partial<{ target: string; unit: string }>) => {
    const cur = value.columns[col] ?? { target: 'ignore' };
    const next = { ...cur, ...patch };
    if (!next.unit) delete next.unit;
    onChange({ columns: { ...value.columns, [col]: next } });
  };
  const save = async () => {
    if (!name.trim()) return;
    try {
      await apiFetch('/api/import-mappings', { json: { name: name.trim(), mapping: value } });
    } catch (e) {
      return onError?.(errorMessage(e));
    }
    setNote(`Saved mapping "${name.trim()}".`);
    setChosen(name.trim());
    await reload();
  };
  const remove = async () => {
    if (!chosen) return;
    try {
      await apiFetch(`/api/import-mappings/${encodeURIComponent(chosen)}`, { method: 'DELETE' });
    } catch (e) {
      return onError?.(errorMessage(e));
    }
    setNote(`Deleted mapping "${chosen}".`);
    setChosen('');
    await reload();
  };
  const choose = (n: string) => {
    setChosen(n);
    const m = saved.find((s) => s.name === n);
    if (m) {
      onChange(m.mapping);
      setName(n);
    }
  };
  return (
    <div className="stack" data-testid="mapping-editor">
      <div className="toolbar">
        <label className="field">
          Saved mapping
          <select aria-label="Saved mapping" value={chosen} onChange={(e) => choose(e.target.value)}>
            <option value="">(choose)</option>
            {saved.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small btn-danger" disabled={!chosen} onClick={() => void remove()}>
          Delete
        </button>
        <label className="field">
          Save as
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="mapping name" />
        </label>
        <button
          type="button"
          className="btn btn-small"
          disabled={!name.trim() || !Object.keys(value.columns).length}
          onClick={() => void save()}
        >
          Save mapping
        </button>
        {note && <span className="muted">{note}</span>}
      </div>
      {!columns.length && <p className="muted">Columns appear after the preview has read the file.</p>}
      <table className="table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Maps to</th>
            <th>Unit</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c}>
              <td>{c}</td>
              <td>
                <select
                  aria-label={`target for ${c}`}
                  value={value.columns[c]?.target ?? 'ignore'}
                  onChange={(e) => set(c, { target: e.target.value })}
                >
                  {FIELDS.map((f) => (
                    <option key={f}>{f}</option>
                  ))}
                  <optgroup label="metric">
                    {METRIC_KEYS.map((k) => (
                      <option key={k} value={`metric:${k}`}>{`metric:${k}`}</option>
                    ))}
                  </optgroup>
                  <optgroup label="knob">
                    {KNOBS.map((k) => (
                      <option key={k} value={`knob:${k}`}>{`knob:${k}`}</option>
                    ))}
                  </optgroup>
                  <optgroup label="workload">
                    {WORKLOAD.map((k) => (
                      <option key={k} value={`workload:${k}`}>{`workload:${k}`}</option>
                    ))}
                  </optgroup>
                </select>
              </td>
              <td>
                <select
                  aria-label={`unit for ${c}`}
                  value={value.columns[c]?.unit ?? ''}
                  onChange={(e) => set(c, { unit: e.target.value })}
                >
                  {UNITS.map((u) => (
                    <option key={u} value={u}>
                      {u || '(as is)'}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
