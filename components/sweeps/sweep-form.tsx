'use client';
/**
 * The sweep definition form: what to measure, server, workload (load knobs), knob grid (GPU and
 * server knobs), executor; a live point count and duration estimate; save or start. The fields
 * are one object (form-spec.ts SweepFields) that each section reads and sets by key.
 */
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/client/api';
import type { SetField } from './form-field';
import { ExecutorSection, GridSection, type SlurmInfo } from './form-grid';
import { ServerSection, WhatSection, WorkloadSection } from './form-sections';
import { fieldsFromSpec, specFromFields, type SweepFields } from './form-spec';
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

/** The server's estimate of the built definition (debounced), or the first field error. */
function useEstimate(built: { spec?: Record<string, unknown>; error?: string }) {
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [error, setError] = useState<string | null>(null);
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
        .catch((e: unknown) => {
          setEstimate(null);
          setError(errorMessage(e));
        });
    }, 250);
    return () => clearTimeout(t);
  }, [built]);
  return { estimate, error, setError };
}

export function SweepForm({ initial }: { initial: SweepFormInitial }) {
  const router = useRouter();
  const [f, setFields] = useState<SweepFields>(() => fieldsFromSpec(initial.spec, initial.studies));
  const set: SetField = useCallback((key, value) => setFields((prev) => ({ ...prev, [key]: value })), []);
  const [slurm, setSlurm] = useState<SlurmInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const built = useMemo(() => specFromFields(f, initial.studies), [f, initial.studies]);
  const { estimate, error, setError } = useEstimate(built);

  useEffect(() => {
    apiFetch<{ slurm: SlurmInfo }>('/api/sweeps/executors')
      .then((r) => setSlurm(r.slurm))
      .catch(() => setSlurm({ available: false, reason: 'unknown', partitions: [] }));
  }, []);

  const submit = async (start: boolean) => {
    if (!built.spec) return;
    setBusy(true);
    try {
      const r = await apiFetch<{ id: number }>('/api/sweeps', { json: { ...built.spec, start } });
      router.push(`/sweeps/${r.id}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => (e.preventDefault(), submit(true))} aria-label="Sweep definition">
      <WhatSection f={f} set={set} studies={initial.studies} simModels={initial.simModels} simGpus={initial.simGpus} />
      <ServerSection f={f} set={set} />
      <WorkloadSection f={f} set={set} />
      <GridSection f={f} set={set} />
      <ExecutorSection f={f} set={set} slurm={slurm} />
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
