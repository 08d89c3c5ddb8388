'use client';
/**
 * Column mapping for the generic CSV/JSON importer. Mappings are saved in localStorage under a
 * name: they are a per-browser convenience (no server table, no migration); the same JSON works
 * with `joulebench import --format generic --mapping file.json`.
 */
import { useEffect, useState } from 'react';
import type { ColumnMapping } from '@/lib/importers/types';
import { METRIC_KEYS } from '@/lib/metrics/keys';

const STORE = 'joulebench.import.mappings';
const FIELDS = ['ignore', 'label', 'model', 'gpu_model', 'gpu_count', 'engine'];
const KNOBS = ['tp', 'pp', 'sm_clock_mhz', 'power_limit_w', 'max_num_seqs', 'max_concurrency', 'request_rate', 'input_len', 'output_len'];
const WORKLOAD = ['input_tokens_total', 'output_tokens_total', 'num_requests', 'dataset'];
const UNITS = ['', 'ns', 'us', 'ms', 's', 'J', 'kJ', 'Wh', 'kWh', 'MJ', 'W', 'kW'];

function load(): Record<string, ColumnMapping> {
  try {
    return JSON.parse(localStorage.getItem(STORE) ?? '{}') as Record<string, ColumnMapping>;
  } catch {
    return {};
  }
}

export async function readColumns(file: File): Promise<string[]> {
  const head = await file.slice(0, 64 * 1024).text();
  const t = head.trimStart();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      const v = JSON.parse(await file.text()) as unknown;
      const first = Array.isArray(v) ? v[0] : v;
      return first && typeof first === 'object' ? Object.keys(first as object) : [];
    } catch {
      return [];
    }
  }
  return (head.split(/\r?\n/)[0] ?? '').split(',').map((c) => c.replace(/^"|"$/g, '').trim()).filter(Boolean);
}

export function MappingEditor({ columns, value, onChange }: { columns: string[]; value: ColumnMapping; onChange: (m: ColumnMapping) => void }) {
  const [saved, setSaved] = useState<Record<string, ColumnMapping>>({});
  const [name, setName] = useState('');
  useEffect(() => setSaved(load()), []);
  const set = (col: string, patch: Partial<{ target: string; unit: string }>) => {
    const cur = value.columns[col] ?? { target: 'ignore' };
    const next = { ...cur, ...patch };
    if (!next.unit) delete next.unit;
    onChange({ columns: { ...value.columns, [col]: next } });
  };
  const save = () => {
    if (!name.trim()) return;
    const all = { ...load(), [name.trim()]: value };
    localStorage.setItem(STORE, JSON.stringify(all));
    setSaved(all);
  };
  return (
    <div className="stack" data-testid="mapping-editor">
      <div className="toolbar">
        <label className="field">
          Saved mapping
          <select onChange={(e) => saved[e.target.value] && onChange(saved[e.target.value])} defaultValue="">
            <option value="">(choose)</option>
            {Object.keys(saved).map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label className="field">
          Save as
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="mapping name" />
        </label>
        <button type="button" className="btn btn-small" onClick={save}>
          Save mapping
        </button>
      </div>
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
                <select aria-label={`target for ${c}`} value={value.columns[c]?.target ?? 'ignore'} onChange={(e) => set(c, { target: e.target.value })}>
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
                <select aria-label={`unit for ${c}`} value={value.columns[c]?.unit ?? ''} onChange={(e) => set(c, { unit: e.target.value })}>
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
