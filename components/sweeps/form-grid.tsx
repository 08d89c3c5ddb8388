'use client';
/** The sweep form's knob grid (GPU and server knobs, labels from the knob catalogue) and executor. */
import { KNOB_BY_KEY } from '@/lib/knobs/catalogue';
import { GRID_KNOBS } from '@/lib/sweeps/knobs';
import { Field, type SectionProps } from './form-field';
import { GRID_SECTION_KNOBS } from './form-spec';
import styles from './sweeps.module.css';

export interface SlurmInfo {
  available: boolean;
  reason?: string;
  partitions: string[];
}

export function GridSection({ f, set }: SectionProps) {
  return (
    <div className="card">
      <h2>Knob grid</h2>
      <p className="muted">
        Comma-separated values; every combination is one point. Leave a knob empty to keep its default. Load knobs
        (concurrency, rate, lengths) are set under Workload.
      </p>
      {GRID_SECTION_KNOBS.map((k) => (
        <div className={styles.gridRow} key={k}>
          <label htmlFor={`grid-${k}`} title={KNOB_BY_KEY.get(k)?.definition}>
            {GRID_KNOBS[k].label}
          </label>
          <input
            id={`grid-${k}`}
            value={f.grid[k]}
            onChange={(e) => set('grid', { ...f.grid, [k]: e.target.value })}
            placeholder="(default)"
          />
        </div>
      ))}
      <div className="row">
        <Field id="sw-reps" label="Repetitions">
          <input
            id="sw-reps"
            type="number"
            min="1"
            max="20"
            value={f.reps}
            onChange={(e) => set('reps', e.target.value)}
            style={{ width: 80 }}
          />
        </Field>
        <Field id="sw-adaptive" label="Adaptive: repeat until 95% half-width of J/token below (%)">
          <input
            id="sw-adaptive"
            type="number"
            min="0.1"
            max="50"
            step="0.1"
            placeholder="off"
            value={f.adaptiveTarget ?? ''}
            onChange={(e) => set('adaptiveTarget', e.target.value)}
            style={{ width: 80 }}
          />
        </Field>
        {(f.adaptiveTarget ?? '').trim() !== '' && (
          <Field id="sw-adaptive-max" label="or at most (runs)">
            <input
              id="sw-adaptive-max"
              type="number"
              min="2"
              max="50"
              value={f.adaptiveMax ?? '10'}
              onChange={(e) => set('adaptiveMax', e.target.value)}
              style={{ width: 80 }}
            />
          </Field>
        )}
        {f.simulated && (
          <Field
            id="sw-ts"
            label="Simulated time scale"
            hint="x faster than real time (above 1 the sim can fall behind on a busy host: points flagged unstable)"
          >
            <input
              id="sw-ts"
              type="number"
              min="0.01"
              step="any"
              value={f.timeScale}
              onChange={(e) => set('timeScale', e.target.value)}
              style={{ width: 100 }}
            />
          </Field>
        )}
      </div>
    </div>
  );
}

export function ExecutorSection({ f, set, slurm }: SectionProps & { slurm: SlurmInfo | null }) {
  return (
    <div className="card">
      <h2>Executor</h2>
      <div className="row">
        <label>
          <input
            type="radio"
            name="executor"
            value="local"
            checked={f.executor === 'local'}
            onChange={() => set('executor', 'local')}
          />{' '}
          Local (this host, one point at a time)
        </label>
        <label>
          <input
            type="radio"
            name="executor"
            value="slurm"
            checked={f.executor === 'slurm'}
            onChange={() => set('executor', 'slurm')}
          />{' '}
          Slurm cluster
        </label>
        {f.executor === 'slurm' && slurm && !slurm.available && (
          <span className="warn">Slurm is not reachable from this host: {slurm.reason}</span>
        )}
      </div>
      {f.executor === 'slurm' && (
        <div className="grid2">
          <Field id="sw-partition" label="Partition">
            <input
              id="sw-partition"
              list="sw-partitions"
              value={f.partition}
              onChange={(e) => set('partition', e.target.value)}
              placeholder="(default)"
            />
            <datalist id="sw-partitions">
              {slurm?.partitions.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </Field>
          <Field id="sw-account" label="Account">
            <input
              id="sw-account"
              value={f.account}
              onChange={(e) => set('account', e.target.value)}
              placeholder="(none)"
            />
          </Field>
          <Field id="sw-gpus" label="GPUs per point" hint="--gres=gpu:N">
            <input
              id="sw-gpus"
              type="number"
              min="0"
              value={f.gpusPerPoint}
              onChange={(e) => set('gpusPerPoint', e.target.value)}
            />
          </Field>
          <Field id="sw-time" label="Time limit per point" hint="minutes or HH:MM:SS">
            <input id="sw-time" value={f.timeLimit} onChange={(e) => set('timeLimit', e.target.value)} />
          </Field>
        </div>
      )}
    </div>
  );
}
