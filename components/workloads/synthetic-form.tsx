'use client';
/**
 * Create a synthetic workload (POST /api/workloads with a JSON spec): constant, diurnal sinusoid
 * or steps, Poisson arrivals, lengths resampled from a chosen workload, seeded. The server checks
 * the spec (and names a bad key); the new workload's page opens.
 */
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { apiFetch, errorMessage } from '@/lib/client/api';

type Kind = 'constant' | 'diurnal' | 'step';

export function SyntheticWorkloadForm({ lengthSources }: { lengthSources: { ref: string; name: string }[] }) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>('diurnal');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function spec(fd: FormData): Record<string, unknown> {
    const n = (k: string) => Number(fd.get(k));
    const common = {
      name: (fd.get('name') as string) || undefined,
      lengthsFrom: fd.get('lengthsFrom'),
      seed: n('seed'),
    };
    if (kind === 'constant') return { kind, rateRps: n('rateRps'), durationS: n('durationS'), ...common };
    if (kind === 'diurnal')
      return {
        kind,
        meanRps: n('rateRps'),
        amplitude: n('amplitude'),
        periodS: n('periodS'),
        durationS: n('durationS'),
        ...common,
      };
    const each = n('stepS');
    const rates = String(fd.get('rates') ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map(Number);
    return { kind, steps: rates.map((rateRps) => ({ rateRps, durationS: each })), ...common };
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { ref } = await apiFetch<{ ref: string }>('/api/workloads', { json: spec(new FormData(e.currentTarget)) });
      router.push(`/workloads/${encodeURIComponent(ref)}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} data-testid="workload-synthetic">
      <div className="row">
        <label className="field">
          Shape
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="constant">constant</option>
            <option value="diurnal">diurnal sinusoid</option>
            <option value="step">steps</option>
          </select>
        </label>
        {kind !== 'step' && (
          <label className="field">
            {kind === 'diurnal' ? 'Mean rate (req/s)' : 'Rate (req/s)'}
            <input name="rateRps" type="number" min={0} step="any" defaultValue={5} required />
          </label>
        )}
        {kind === 'diurnal' && (
          <>
            <label className="field">
              Amplitude (0–1)
              <input name="amplitude" type="number" min={0} max={1} step="any" defaultValue={0.6} required />
            </label>
            <label className="field">
              Period (s)
              <input name="periodS" type="number" min={1} step="any" defaultValue={3600} required />
            </label>
          </>
        )}
        {kind === 'step' ? (
          <>
            <label className="field">
              Rates (req/s, comma-separated)
              <input name="rates" type="text" defaultValue="2, 8, 4" required />
            </label>
            <label className="field">
              Each step (s)
              <input name="stepS" type="number" min={1} step="any" defaultValue={600} required />
            </label>
          </>
        ) : (
          <label className="field">
            Duration (s)
            <input name="durationS" type="number" min={1} step="any" defaultValue={3600} required />
          </label>
        )}
      </div>
      <div className="row">
        <label className="field">
          Lengths from
          <select name="lengthsFrom" defaultValue={lengthSources[0]?.ref}>
            {lengthSources.map((s) => (
              <option key={s.ref} value={s.ref}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Seed
          <input name="seed" type="number" min={0} step={1} defaultValue={0} required />
        </label>
        <label className="field">
          Name (optional)
          <input name="name" type="text" maxLength={200} />
        </label>
      </div>
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create synthetic workload'}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
