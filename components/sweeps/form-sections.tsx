'use client';
/** The sweep form's first sections: what to measure, the server, the workload (load knobs). */
import { Field, type SectionProps } from './form-field';
import type { ServerKind } from './form-spec';

const SERVER_LABEL: Record<ServerKind, string> = {
  sim: 'Simulated server',
  vllm: 'vLLM preset',
  sglang: 'SGLang preset',
  custom: 'Custom argv',
  endpoint: 'Existing endpoint',
};

export function WhatSection({
  f,
  set,
  studies,
  simModels,
  simGpus,
}: SectionProps & { studies: { id: number; name: string }[]; simModels: string[]; simGpus: string[] }) {
  return (
    <div className="card">
      <h2>What to measure</h2>
      <div className="grid2">
        <Field id="sw-name" label="Name">
          <input id="sw-name" value={f.name} onChange={(e) => set('name', e.target.value)} required />
        </Field>
        <Field id="sw-study" label="Target study" hint="an existing study, or a new name">
          <input
            id="sw-study"
            list="sw-studies"
            value={f.study}
            onChange={(e) => set('study', e.target.value)}
            placeholder="(a study named after the sweep)"
          />
          <datalist id="sw-studies">
            {studies.map((s) => (
              <option key={s.id} value={s.name} />
            ))}
          </datalist>
        </Field>
        <Field id="sw-model" label="Model">
          <input id="sw-model" list="sw-models" value={f.model} onChange={(e) => set('model', e.target.value)} />
          <datalist id="sw-models">
            {simModels.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </Field>
        <Field
          id="sw-gpu"
          label="GPU"
          hint={f.simulated ? 'the simulated GPU model' : 'recorded GPU name (the harness detects the real one)'}
        >
          <input id="sw-gpu" list="sw-gpus" value={f.gpu} onChange={(e) => set('gpu', e.target.value)} />
          <datalist id="sw-gpus">
            {simGpus.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </Field>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={f.simulated}
              onChange={(e) => {
                set('simulated', e.target.checked);
                // A simulated sweep runs the simulated server; a real one cannot.
                set('serverKind', e.target.checked ? 'sim' : f.serverKind === 'sim' ? 'vllm' : f.serverKind);
              }}
              aria-label="Simulated"
            />{' '}
            Simulated device {f.simulated && <span className="badge badge-sim">SIMULATED</span>}
          </label>
          <span className="muted">
            {f.simulated
              ? 'sim-server + fake nvidia-smi: no GPU needed; runs are marked simulated'
              : 'real GPUs: the harness sets clocks/power limits with nvidia-smi (needs permission)'}
          </span>
        </div>
      </div>
    </div>
  );
}

export function ServerSection({ f, set }: SectionProps) {
  return (
    <div className="card">
      <h2>Server</h2>
      <div className="row">
        {(Object.keys(SERVER_LABEL) as ServerKind[]).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name="server"
              value={k}
              checked={f.serverKind === k}
              disabled={f.simulated ? k !== 'sim' : k === 'sim'}
              onChange={() => set('serverKind', k)}
            />{' '}
            {SERVER_LABEL[k]}
          </label>
        ))}
      </div>
      {f.serverKind === 'endpoint' && (
        <Field id="sw-endpoint" label="Endpoint URL" hint="OpenAI-compatible; tp / max_num_seqs cannot vary">
          <input id="sw-endpoint" value={f.endpoint} onChange={(e) => set('endpoint', e.target.value)} />
        </Field>
      )}
      {f.serverKind === 'custom' && (
        <Field
          id="sw-argv"
          label="Command (one argv token per line; {model} {port} {host} {tp} {max_num_seqs} {gpus})"
          hint="run without a shell"
        >
          <textarea id="sw-argv" rows={6} value={f.customArgv} onChange={(e) => set('customArgv', e.target.value)} />
        </Field>
      )}
      {(f.serverKind === 'vllm' || f.serverKind === 'sglang') && (
        <Field id="sw-extra" label="Extra arguments (one per line)">
          <textarea id="sw-extra" rows={3} value={f.extraArgs} onChange={(e) => set('extraArgs', e.target.value)} />
        </Field>
      )}
    </div>
  );
}

/** Load-generator knobs, each set here only: one value, or a comma-separated list to sweep. */
export function WorkloadSection({ f, set }: SectionProps) {
  const listHint = 'one value, or a comma-separated list to sweep';
  return (
    <div className="card">
      <h2>Workload</h2>
      <div className="grid2">
        <Field id="sw-load" label="Load" hint={listHint}>
          <div className="row">
            <select
              aria-label="Load mode"
              value={f.loadMode}
              onChange={(e) => set('loadMode', e.target.value as 'concurrency' | 'rate')}
            >
              <option value="concurrency">fixed concurrency</option>
              <option value="rate">request rate (req/s)</option>
            </select>
            <input
              id="sw-load"
              inputMode="decimal"
              value={f.loadValue}
              onChange={(e) => set('loadValue', e.target.value)}
              style={{ width: 140 }}
            />
          </div>
        </Field>
        <Field id="sw-requests" label="Requests per point">
          <input
            id="sw-requests"
            type="number"
            min="1"
            value={f.requests}
            onChange={(e) => set('requests', e.target.value)}
          />
        </Field>
        <Field id="sw-in" label="Input length (tokens)" hint={listHint}>
          <input id="sw-in" inputMode="numeric" value={f.inputLen} onChange={(e) => set('inputLen', e.target.value)} />
        </Field>
        <Field id="sw-out" label="Output length (tokens)" hint={listHint}>
          <input
            id="sw-out"
            inputMode="numeric"
            value={f.outputLen}
            onChange={(e) => set('outputLen', e.target.value)}
          />
        </Field>
      </div>
    </div>
  );
}
