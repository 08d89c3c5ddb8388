'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { GRID_KNOBS, GRID_KNOB_NAMES, type GridKnob } from '@/lib/sweeps/knobs';
import { apiFetch } from '@/lib/client/api';
import { specFromFields, type ServerKind } from './form-spec';
import styles from './sweeps.module.css';

export interface SweepFormInitial {
  spec?: Record<string, unknown>;
  studies: { id: number; name: string }[];
  simModels: string[];
  simGpus: string[];
}

interface Estimate {
  points: number;
  totalS: number;
  assumptions: string;
}

const fmt = (s: number) =>
  s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;

/** The sweep definition form: knob grid, workload, server, executor; live point count + estimate. */
export function SweepForm({ initial }: { initial: SweepFormInitial }) {
  const router = useRouter();
  const s0 = (initial.spec ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const [name, setName] = useState<string>(s0.name ? `${s0.name} (re-run)` : 'My sweep');
  const [study, setStudy] = useState<string>(
    typeof s0.study === 'number' ? (initial.studies.find((x) => x.id === s0.study)?.name ?? '') : (s0.study ?? ''),
  );
  const [simulated, setSimulated] = useState<boolean>(s0.simulated ?? true);
  const [model, setModel] = useState<string>(s0.model ?? 'meta-llama/Llama-3.1-8B-Instruct');
  const [gpu, setGpu] = useState<string>(s0.gpu ?? 'H100');
  const [serverKind, setServerKind] = useState<ServerKind>(s0.server?.kind ?? 'sim');
  const [endpoint, setEndpoint] = useState<string>(s0.server?.url ?? 'http://127.0.0.1:8000');
  const [customArgv, setCustomArgv] = useState<string>(
    (
      s0.server?.argv ?? [
        'vllm',
        'serve',
        '{model}',
        '--port',
        '{port}',
        '--tensor-parallel-size',
        '{tp}',
        '--max-num-seqs',
        '{max_num_seqs}',
      ]
    ).join('\n'),
  );
  const [extraArgs, setExtraArgs] = useState<string>((s0.server?.extra_args ?? []).join('\n'));
  const [loadMode, setLoadMode] = useState<'concurrency' | 'rate'>(
    s0.workload?.rate !== undefined ? 'rate' : 'concurrency',
  );
  const [loadValue, setLoadValue] = useState<string>(String(s0.workload?.rate ?? s0.workload?.concurrency ?? 8));
  const [requests, setRequests] = useState<string>(String(s0.workload?.requests ?? 32));
  const [inputLen, setInputLen] = useState<string>(String(s0.workload?.input_len ?? 512));
  const [outputLen, setOutputLen] = useState<string>(String(s0.workload?.output_len ?? 128));
  const [grid, setGrid] = useState<Record<GridKnob, string>>(() => {
    const g = Object.fromEntries(GRID_KNOB_NAMES.map((k) => [k, ''])) as Record<GridKnob, string>;
    if (s0.grid) for (const k of GRID_KNOB_NAMES) g[k] = (s0.grid[k] ?? []).join(', ');
    else {
      g.sm_clock_mhz = '1410, 1980';
      g.max_num_seqs = '64, 256';
    }
    return g;
  });
  const [reps, setReps] = useState<string>(String(s0.repetitions ?? 1));
  const [adaptiveTarget, setAdaptiveTarget] = useState<string>(s0.adaptive ? String(s0.adaptive.target_pct) : '');
  const [adaptiveMax, setAdaptiveMax] = useState<string>(String(s0.adaptive?.max_repetitions ?? 10));
  const [timeScale, setTimeScale] = useState<string>(String(s0.time_scale ?? 4));
  const [executor, setExecutor] = useState<'local' | 'slurm'>(s0.executor ?? 'local');
  const [partition, setPartition] = useState<string>(s0.slurm?.partition ?? '');
  const [account, setAccount] = useState<string>(s0.slurm?.account ?? '');
  const [gpusPerPoint, setGpusPerPoint] = useState<string>(String(s0.slurm?.gpus_per_point ?? 1));
  const [timeLimit, setTimeLimit] = useState<string>(s0.slurm?.time_limit ?? '30');
  const [slurmInfo, setSlurmInfo] = useState<{ available: boolean; reason?: string; partitions: string[] } | null>(
    null,
  );
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    apiFetch<{ slurm: { available: boolean; reason?: string; partitions: string[] } }>('/api/sweeps/executors')
      .then((r) => setSlurmInfo(r.slurm))
      .catch(() => setSlurmInfo({ available: false, reason: 'unknown', partitions: [] }));
  }, []);
  useEffect(() => {
    if (simulated && serverKind !== 'sim') setServerKind('sim');
    if (!simulated && serverKind === 'sim') setServerKind('vllm');
  }, [simulated, serverKind]);

  const built = useMemo(
    () =>
      specFromFields(
        {
          name,
          study,
          simulated,
          model,
          gpu,
          serverKind,
          endpoint,
          customArgv,
          extraArgs,
          loadMode,
          loadValue,
          requests,
          inputLen,
          outputLen,
          grid,
          reps,
          adaptiveTarget,
          adaptiveMax,
          timeScale,
          executor,
          partition,
          account,
          gpusPerPoint,
          timeLimit,
        },
        initial.studies,
      ),
    [
      name,
      study,
      simulated,
      model,
      gpu,
      serverKind,
      endpoint,
      customArgv,
      extraArgs,
      loadMode,
      loadValue,
      requests,
      inputLen,
      outputLen,
      grid,
      reps,
      adaptiveTarget,
      adaptiveMax,
      timeScale,
      executor,
      partition,
      account,
      gpusPerPoint,
      timeLimit,
      initial.studies,
    ],
  );

  useEffect(() => {
    if (built.error) {
      setEstimate(null);
      setError(built.error);
      return;
    }
    const t = setTimeout(() => {
      apiFetch<Estimate>('/api/sweeps/estimate', { json: built.spec })
        .then((e) => {
          setEstimate(e);
          setError(null);
        })
        .catch((e: Error) => {
          setEstimate(null);
          setError(e.message);
        });
    }, 250);
    return () => clearTimeout(t);
  }, [built]);

  const submit = async (start: boolean) => {
    if (!built.spec) return;
    setBusy(true);
    try {
      const r = await apiFetch<{ id: number }>('/api/sweeps', { json: { ...built.spec, start } });
      router.push(`/sweeps/${r.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  const field = (id: string, label: string, el: React.ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {el}
      {hint && <span className="muted">{hint}</span>}
    </div>
  );

  return (
    <form className="stack" onSubmit={(e) => (e.preventDefault(), submit(true))} aria-label="Sweep definition">
      <div className="card">
        <h2>What to measure</h2>
        <div className="grid2">
          {field(
            'sw-name',
            'Name',
            <input id="sw-name" value={name} onChange={(e) => setName(e.target.value)} required />,
          )}
          {field(
            'sw-study',
            'Target study',
            <>
              <input
                id="sw-study"
                list="sw-studies"
                value={study}
                onChange={(e) => setStudy(e.target.value)}
                placeholder="(a study named after the sweep)"
              />
              <datalist id="sw-studies">
                {initial.studies.map((s) => (
                  <option key={s.id} value={s.name} />
                ))}
              </datalist>
            </>,
            'an existing study, or a new name',
          )}
          {field(
            'sw-model',
            'Model',
            <>
              <input id="sw-model" list="sw-models" value={model} onChange={(e) => setModel(e.target.value)} />
              <datalist id="sw-models">
                {initial.simModels.map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
            </>,
          )}
          {field(
            'sw-gpu',
            'GPU',
            <input id="sw-gpu" list="sw-gpus" value={gpu} onChange={(e) => setGpu(e.target.value)} />,
            simulated ? 'the simulated GPU model' : 'recorded GPU name (the harness detects the real one)',
          )}
          <datalist id="sw-gpus">
            {initial.simGpus.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={simulated}
                onChange={(e) => setSimulated(e.target.checked)}
                aria-label="Simulated"
              />{' '}
              Simulated device {simulated && <span className="badge badge-sim">SIMULATED</span>}
            </label>
            <span className="muted">
              {simulated
                ? 'sim-server + fake nvidia-smi: no GPU needed; runs are marked simulated'
                : 'real GPUs: the harness sets clocks/power limits with nvidia-smi (needs permission)'}
            </span>
          </div>
        </div>
      </div>

      <div className="card">
        <h2>Server</h2>
        <div className="row">
          {(['sim', 'vllm', 'sglang', 'custom', 'endpoint'] as ServerKind[]).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="server"
                value={k}
                checked={serverKind === k}
                disabled={simulated ? k !== 'sim' : k === 'sim'}
                onChange={() => setServerKind(k)}
              />{' '}
              {
                {
                  sim: 'Simulated server',
                  vllm: 'vLLM preset',
                  sglang: 'SGLang preset',
                  custom: 'Custom argv',
                  endpoint: 'Existing endpoint',
                }[k]
              }
            </label>
          ))}
        </div>
        {serverKind === 'endpoint' &&
          field(
            'sw-endpoint',
            'Endpoint URL',
            <input id="sw-endpoint" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />,
            'OpenAI-compatible; tp / max_num_seqs cannot vary',
          )}
        {serverKind === 'custom' &&
          field(
            'sw-argv',
            'Command (one argv token per line; {model} {port} {host} {tp} {max_num_seqs} {gpus})',
            <textarea id="sw-argv" rows={6} value={customArgv} onChange={(e) => setCustomArgv(e.target.value)} />,
            'run without a shell',
          )}
        {(serverKind === 'vllm' || serverKind === 'sglang') &&
          field(
            'sw-extra',
            'Extra arguments (one per line)',
            <textarea id="sw-extra" rows={3} value={extraArgs} onChange={(e) => setExtraArgs(e.target.value)} />,
          )}
      </div>

      <div className="card">
        <h2>Workload</h2>
        <div className="grid2">
          {field(
            'sw-load',
            'Load',
            <div className="row">
              <select
                aria-label="Load mode"
                value={loadMode}
                onChange={(e) => setLoadMode(e.target.value as 'concurrency' | 'rate')}
              >
                <option value="concurrency">fixed concurrency</option>
                <option value="rate">request rate (req/s)</option>
              </select>
              <input
                id="sw-load"
                type="number"
                min="0"
                step="any"
                value={loadValue}
                onChange={(e) => setLoadValue(e.target.value)}
                style={{ width: 100 }}
              />
            </div>,
          )}
          {field(
            'sw-requests',
            'Requests per point',
            <input
              id="sw-requests"
              type="number"
              min="1"
              value={requests}
              onChange={(e) => setRequests(e.target.value)}
            />,
          )}
          {field(
            'sw-in',
            'Input length (tokens)',
            <input id="sw-in" type="number" min="1" value={inputLen} onChange={(e) => setInputLen(e.target.value)} />,
          )}
          {field(
            'sw-out',
            'Output length (tokens)',
            <input
              id="sw-out"
              type="number"
              min="1"
              value={outputLen}
              onChange={(e) => setOutputLen(e.target.value)}
            />,
          )}
        </div>
      </div>

      <div className="card">
        <h2>Knob grid</h2>
        <p className="muted">
          Comma-separated values; every combination is one point. Leave a knob empty to keep its default.
        </p>
        {GRID_KNOB_NAMES.map((k) => (
          <div className={styles.gridRow} key={k}>
            <label htmlFor={`grid-${k}`}>{GRID_KNOBS[k].label}</label>
            <input
              id={`grid-${k}`}
              value={grid[k]}
              onChange={(e) => setGrid((g) => ({ ...g, [k]: e.target.value }))}
              placeholder={k}
            />
          </div>
        ))}
        <div className="row">
          {field(
            'sw-reps',
            'Repetitions',
            <input
              id="sw-reps"
              type="number"
              min="1"
              max="20"
              value={reps}
              onChange={(e) => setReps(e.target.value)}
              style={{ width: 80 }}
            />,
          )}
          {field(
            'sw-adaptive',
            'Adaptive: repeat until 95% half-width of J/token below (%)',
            <input
              id="sw-adaptive"
              type="number"
              min="0.1"
              max="50"
              step="0.1"
              placeholder="off"
              value={adaptiveTarget}
              onChange={(e) => setAdaptiveTarget(e.target.value)}
              style={{ width: 80 }}
            />,
          )}
          {adaptiveTarget.trim() !== '' &&
            field(
              'sw-adaptive-max',
              'or at most (runs)',
              <input
                id="sw-adaptive-max"
                type="number"
                min="2"
                max="50"
                value={adaptiveMax}
                onChange={(e) => setAdaptiveMax(e.target.value)}
                style={{ width: 80 }}
              />,
            )}
          {simulated &&
            field(
              'sw-ts',
              'Simulated time scale',
              <input
                id="sw-ts"
                type="number"
                min="0.01"
                step="any"
                value={timeScale}
                onChange={(e) => setTimeScale(e.target.value)}
                style={{ width: 100 }}
              />,
              'x faster than real time',
            )}
        </div>
      </div>

      <div className="card">
        <h2>Executor</h2>
        <div className="row">
          <label>
            <input
              type="radio"
              name="executor"
              value="local"
              checked={executor === 'local'}
              onChange={() => setExecutor('local')}
            />{' '}
            Local (this host, one point at a time)
          </label>
          <label>
            <input
              type="radio"
              name="executor"
              value="slurm"
              checked={executor === 'slurm'}
              onChange={() => setExecutor('slurm')}
            />{' '}
            Slurm cluster
          </label>
          {executor === 'slurm' && slurmInfo && !slurmInfo.available && (
            <span className="warn">Slurm is not reachable from this host: {slurmInfo.reason}</span>
          )}
        </div>
        {executor === 'slurm' && (
          <div className="grid2">
            {field(
              'sw-partition',
              'Partition',
              <>
                <input
                  id="sw-partition"
                  list="sw-partitions"
                  value={partition}
                  onChange={(e) => setPartition(e.target.value)}
                  placeholder="(default)"
                />
                <datalist id="sw-partitions">
                  {slurmInfo?.partitions.map((p) => (
                    <option key={p} value={p} />
                  ))}
                </datalist>
              </>,
            )}
            {field(
              'sw-account',
              'Account',
              <input
                id="sw-account"
                value={account}
                onChange={(e) => setAccount(e.target.value)}
                placeholder="(none)"
              />,
            )}
            {field(
              'sw-gpus',
              'GPUs per point',
              <input
                id="sw-gpus"
                type="number"
                min="0"
                value={gpusPerPoint}
                onChange={(e) => setGpusPerPoint(e.target.value)}
              />,
              '--gres=gpu:N',
            )}
            {field(
              'sw-time',
              'Time limit per point',
              <input id="sw-time" value={timeLimit} onChange={(e) => setTimeLimit(e.target.value)} />,
              'minutes or HH:MM:SS',
            )}
          </div>
        )}
      </div>

      <div className="card row">
        <div className={styles.estimate} data-testid="sweep-estimate" aria-live="polite">
          {estimate ? (
            <>
              <strong>{estimate.points} points</strong>, estimated duration ≈ <strong>{fmt(estimate.totalS)}</strong>{' '}
              <span className="muted">({estimate.assumptions})</span>
            </>
          ) : error ? (
            <span className="error" role="alert">
              {error}
            </span>
          ) : (
            <span className="muted">…</span>
          )}
        </div>
        <div className="spacer" style={{ flex: 1 }} />
        <button type="button" className="btn" disabled={busy || !estimate} onClick={() => submit(false)}>
          Save without starting
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy || !estimate}>
          Start sweep
        </button>
      </div>
    </form>
  );
}
