/**
 * "Beyond noise?" card of /compare: for each run against the first, whether the difference on the
 * key metrics exceeds measurement noise (Welch's test on the repeats of each run's configuration
 * in its study), or "single run: no estimate of noise". Server component; the computation is
 * lib/configs/compare.ts.
 */
import type { DB } from '@/db/client';
import { readRunsForConfigs, type ConfigFilters } from '@/db/queries/configs';
import { COLUMN_KNOBS } from '@/db/mappers/run-row';
import { groupConfigs, noiseVerdict, NOISE_METRICS, type Configuration, type NoiseVerdict } from '@/lib/configs';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { RunRecord } from '@/lib/record/schema';

function typedKnobs(rec: RunRecord): ConfigFilters['knobsEqual'] {
  const out: ConfigFilters['knobsEqual'] = {};
  const knobs = rec.knobs as Record<string, unknown>;
  for (const k of COLUMN_KNOBS) {
    const v = Object.hasOwn(knobs, k) ? knobs[k] : undefined;
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/** The configuration (repeats in the same study) each run belongs to. */
function configOf(db: DB, id: number, rec: RunRecord): Configuration | null {
  try {
    const runs = readRunsForConfigs(db, {
      study: rec.study_id,
      model: [rec.model.id],
      gpu: [rec.hardware.gpu_model],
      engine: [rec.engine.name],
      // Only this run's typed knob values: the read is its repeats (plus runs differing in a
      // free-form knob, which groupConfigs separates), not every run of the model on the GPU.
      gpuCount: rec.hardware.gpu_count,
      knobsEqual: typedKnobs(rec),
    });
    return groupConfigs(runs).find((c) => c.runs.some((r) => r.id === id)) ?? null;
  } catch {
    // Too many runs of this model on this GPU to group here: the card shows "—" rather than failing the page.
    return null;
  }
}

function Verdict({ v }: { v: NoiseVerdict }) {
  switch (v.kind) {
    case 'same-config':
      return <span className="muted">same configuration (repeats)</span>;
    case 'missing':
      return <span className="muted">—</span>;
    case 'single-run':
      return (
        <span className="muted" data-verdict="single-run">
          {v.text}
        </span>
      );
    default: {
      const p = v.p < 0.001 ? 'p < 0.001' : `p = ${v.p.toFixed(3)}`;
      return v.kind === 'exceeds-noise' ? (
        <span
          className="badge badge-ok"
          data-verdict="exceeds-noise"
          title={`Welch's test on ${v.nOther} vs ${v.nBase} runs`}
        >
          exceeds noise ({p})
        </span>
      ) : (
        <span className="badge" data-verdict="within-noise" title={`Welch's test on ${v.nOther} vs ${v.nBase} runs`}>
          within noise ({p})
        </span>
      );
    }
  }
}

export function CompareNoise({ db, runs }: { db: DB; runs: { id: number; rec: RunRecord }[] }) {
  const configs = runs.map((r) => configOf(db, r.id, r.rec));
  const base = configs[0];
  if (!base) return null;
  const metrics = NOISE_METRICS.filter((m) => runs.some((r) => r.rec.metrics[m] !== undefined));
  return (
    <div
      className="card table-wrap"
      data-testid="compare-noise"
      tabIndex={0}
      role="region"
      aria-label="Beyond measurement noise?"
    >
      <h2 style={{ marginTop: 0 }}>Beyond measurement noise?</h2>
      <table className="table">
        <thead>
          <tr>
            <th>
              vs #{runs[0].id} (n = {base.runs.length})
            </th>
            {runs.slice(1).map((r, i) => (
              <th key={r.id}>
                #{r.id} (n = {configs[i + 1]?.runs.length ?? 1})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m}>
              <td>{METRIC_BY_KEY.get(m)?.label ?? m}</td>
              {runs.slice(1).map((r, i) => {
                const c = configs[i + 1];
                return <td key={r.id}>{c ? <Verdict v={noiseVerdict(base, c, m)} /> : '—'}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" style={{ fontSize: 12 }}>
        n = runs of the same configuration (model, GPU, engine, knobs, workload) in the run&apos;s study. A difference
        exceeds noise when Welch&apos;s t-test on those repeats gives p &lt; 0.05; one run alone has no estimate of
        noise. See docs/models.md.
      </p>
    </div>
  );
}
