/**
 * /models?study=&model=&gpu=&target=&family=&predict=: fitted models of one model on one GPU
 * (lib/models): the fit's form and quality (n, R^2, k-fold CV MAPE), measured points with the
 * dashed fit and hollow "predicted" marks with 95% intervals, and the residual plot. A family
 * that cannot be fitted says why. Same computation as GET /api/fits.
 */
import Link from 'next/link';
import { getDb } from '@/db/client';
import { MAX_CONFIG_RUNS, readRunsForConfigs, TooManyConfigRunsError } from '@/db/queries/configs';
import { runFacets } from '@/db/queries/runs';
import { listStudies } from '@/db/queries/studies';
import { ConfigsCard } from '@/components/models/configs-card';
import { MAX_CONFIG_VIEW_RUNS } from '@/lib/explore/configs-view';
import { FitChart } from '@/components/models/fit-chart';
import { FitSummary } from '@/components/models/fit-summary';
import { ResidualChart } from '@/components/models/residual-chart';
import { chartData, defaultPredictPoints, predictionsOf } from '@/components/models/data';
import type { RunForConfig } from '@/lib/configs/types';
import { parseFitsQuery } from '@/lib/api/configs-query';
import { requirePageReader } from '@/lib/auth/page';
import { ValidationError } from '@/lib/errors';
import { fmtNum } from '@/lib/explore/format';
import { plural } from '@/lib/overview/format';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { FIT_TARGETS, fitFamilies, type FamilyFit, type FitTarget } from '@/lib/models/families';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Models · Joulebench' };

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The families list shows the largest ones (they come sorted by size) and the chosen one. */
const MAX_FAMILIES_LISTED = 30;
function listedFamilies(n: number, chosen: number): number[] {
  const top = Array.from({ length: Math.min(n, MAX_FAMILIES_LISTED) }, (_, i) => i);
  return chosen >= top.length ? [...top, chosen] : top;
}

function familyName(f: FamilyFit): string {
  const k = Object.entries(f.family.knobs).map(([n, v]) => `${n}=${v}`);
  return `${f.family.engine}${f.family.engineVersion ? ` ${f.family.engineVersion}` : ''}, ${f.family.gpuCount}× GPU${k.length ? `, ${k.join(', ')}` : ''}${f.family.dataset ? `, ${f.family.dataset}` : ''}`;
}

export default async function ModelsPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requirePageReader();
  const raw = await searchParams;
  const db = getDb();
  const studies = listStudies(db);
  const sp = new URLSearchParams();
  for (const k of ['study', 'model', 'gpu', 'target', 'predict']) {
    const v = one(raw[k]);
    if (v) sp.set(k, v);
  }
  let error: string | null = null;
  let q;
  try {
    q = parseFitsQuery(sp);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    error = e.message;
    q = parseFitsQuery(new URLSearchParams());
  }
  const facets = runFacets(db, q.filters.study);
  const model = q.filters.model?.[0] ?? facets.models[0];
  const gpu = q.filters.gpu?.[0] ?? facets.gpus[0];
  const target: FitTarget = q.target;
  const def = METRIC_BY_KEY.get(target)!;
  let fams: FamilyFit[] = [];
  let runs: readonly RunForConfig[] = [];
  let tooMany = false;
  if (!error && model && gpu) {
    try {
      runs = readRunsForConfigs(db, { ...q.filters, model: [model], gpu: [gpu] });
      fams = fitFamilies(runs, target);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      error = e.message;
      tooMany = e instanceof TooManyConfigRunsError;
    }
  }
  const famParam = Number(one(raw.family));
  const chosenIdx =
    Number.isInteger(famParam) && famParam >= 0 && famParam < fams.length
      ? famParam
      : Math.max(
          0,
          fams.findIndex((f) => f.fit.ok),
        );
  const chosen = fams[chosenIdx];
  const fit = chosen?.fit.ok ? chosen.fit : null;
  const preds = fit ? predictionsOf(fit, q.predict.length ? q.predict : defaultPredictPoints(fit)) : [];
  const io = FIT_TARGETS[target] === 'io';
  const link = (family: number) => {
    const u = new URLSearchParams(sp);
    u.set('model', model ?? '');
    u.set('gpu', gpu ?? '');
    u.set('family', String(family));
    return `/models?${u}`;
  };

  return (
    <div>
      <h1>Fitted models</h1>
      <p className="muted" style={{ maxWidth: 900 }}>
        Energy and latency per request as <code>a·in + b·out + c·in·out</code> over input and output lengths, and power
        and throughput as <code>y0 + k·(f/f_ref)^g</code> over SM clocks, fitted per configuration family. Predicted
        values are drawn hollow with their 95% interval and are never measurements. How the fits and their quality
        figures work: docs/models.md.
      </p>
      <form className="toolbar card" method="get" action="/models" aria-label="Choose what to fit">
        <label className="field" style={{ maxWidth: '100%' }}>
          Study
          <select
            style={{ maxWidth: '100%' }}
            name="study"
            defaultValue={q.filters.study ? String(q.filters.study) : 'all'}
          >
            <option value="all">all studies</option>
            {studies.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.runCount} runs)
              </option>
            ))}
          </select>
        </label>
        <label className="field" style={{ maxWidth: '100%' }}>
          Model
          <select style={{ maxWidth: '100%' }} name="model" defaultValue={model}>
            {facets.models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="field" style={{ maxWidth: '100%' }}>
          GPU
          <select style={{ maxWidth: '100%' }} name="gpu" defaultValue={gpu}>
            {facets.gpus.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
        <label className="field" style={{ maxWidth: '100%' }}>
          Target
          <select style={{ maxWidth: '100%' }} name="target" defaultValue={target}>
            {(Object.keys(FIT_TARGETS) as FitTarget[]).map((t) => (
              <option key={t} value={t}>
                {METRIC_BY_KEY.get(t)!.label} ({FIT_TARGETS[t] === 'io' ? 'over in/out length' : 'over SM clock'})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          Fit
        </button>
      </form>
      {error && !tooMany && (
        <p className="error" role="alert" data-testid="models-error">
          {error}
        </p>
      )}
      {tooMany && model && gpu && <TooManyRuns model={model} gpu={gpu} study={q.filters.study} />}
      {!error && !fams.length && (
        <p className="muted">No runs of this model on this GPU{q.filters.study ? ' in this study' : ''}.</p>
      )}
      {!error && model && gpu && fams.length > 0 && <ConfigsCard runs={runs} />}
      {fams.length > 1 && (
        <nav className="card" aria-label="Configuration families">
          <h2 style={{ marginTop: 0 }}>Configuration families ({fams.length})</h2>
          <ul style={{ margin: 0, paddingLeft: '1.2rem' }}>
            {listedFamilies(fams.length, chosenIdx).map((i) => (
              <li key={i}>
                <a
                  href={link(i)}
                  aria-current={i === chosenIdx ? 'true' : undefined}
                  style={{ fontWeight: i === chosenIdx ? 600 : undefined }}
                >
                  {familyName(fams[i])}
                </a>{' '}
                <span className="muted">
                  — {plural(fams[i].runIds.length, 'run')},{' '}
                  {fams[i].fit.ok ? `R² ${fams[i].fit.r2.toFixed(3)}` : 'not fitted'}
                </span>
              </li>
            ))}
          </ul>
          {fams.length > MAX_FAMILIES_LISTED && (
            <p className="muted" style={{ fontSize: 12 }} data-testid="families-not-listed">
              {fams.length - listedFamilies(fams.length, chosenIdx).length} smaller families (
              {plural(fams[MAX_FAMILIES_LISTED].runIds.length, 'run')} or fewer each) are not listed. A knob whose value
              differs in every run (a run index or a seed, say) makes each run its own family: keep such values out of
              the knobs (in the run record's <code>extra</code>) when you import.
            </p>
          )}
        </nav>
      )}
      {chosen && !chosen.fit.ok && (
        <div className="card" role="status" data-testid="fit-refused">
          <h2 style={{ marginTop: 0 }}>Not fitted: {familyName(chosen)}</h2>
          <p>{chosen.fit.reason}</p>
          <p className="muted">
            Measure more runs that vary {io ? 'the input and output lengths' : 'the SM clock'} in this family (a sweep
            over input_len × output_len, or sm_clock_mhz).
          </p>
        </div>
      )}
      {fit && chosen && (
        <>
          <div className="grid2">
            <section className="card">
              <h2 style={{ marginTop: 0 }}>
                {def.label}: {familyName(chosen)}
              </h2>
              {chosen.family.simulated && <span className="badge badge-sim">SIMULATED</span>}
              <FitSummary fit={fit} unit={def.unit} perToken={def.unit.replace('/request', '')} />
            </section>
            <section className="card">
              <h2 style={{ marginTop: 0 }}>Predictions</h2>
              <div className="table-wrap">
                <table className="table" data-testid="predictions">
                  <thead>
                    <tr>
                      <th>{io ? 'in, out (tokens)' : 'SM clock (MHz)'}</th>
                      <th>{def.short}</th>
                      <th>95% interval</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {preds.map(({ x, p }, i) => (
                      <tr key={i}>
                        <td>{io ? `${x.in}, ${x.out}` : x.f}</td>
                        <td className="num">{fmtNum(p.value)}</td>
                        <td className="num">
                          {fmtNum(p.interval[0])} – {fmtNum(p.interval[1])}
                        </td>
                        <td>
                          <span className="badge" data-predicted={p.predicted}>
                            predicted
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="muted" style={{ fontSize: 12 }}>
                Add points with <code>predict={io ? 'IN:OUT' : 'MHZ'}</code> in the URL. The interval is for one new run
                at that point (run-to-run noise plus the uncertainty of the fit).
              </p>
            </section>
          </div>
          <div className="grid2">
            <section className="card">
              <h2 style={{ marginTop: 0 }}>Measured, fitted, predicted</h2>
              <FitChart
                testid="fit-chart"
                xLabel={io ? 'output length (tokens)' : 'SM clock (MHz)'}
                yLabel={`${def.short} (${def.unit})`}
                {...chartData(fit, preds)}
              />
            </section>
            <section className="card">
              <h2 style={{ marginTop: 0 }}>Residuals</h2>
              <ResidualChart
                testid="residual-chart"
                unit={def.unit}
                relative={io}
                points={fit.residuals.map((r) => ({ fitted: r.fitted, residual: r.residual, id: r.id }))}
              />
              <p className="muted" style={{ fontSize: 12 }}>
                Measured minus fitted, per run
                {io ? ', as a percentage of the fitted value (the fit weights relative errors)' : ''}. Scatter without a
                pattern around 0 means the form fits; a curve or a funnel means it does not.
              </p>
            </section>
          </div>
        </>
      )}
    </div>
  );
}

/**
 * More runs of this model on this GPU than fits read (MAX_CONFIG_RUNS): say what the reader can do
 * instead of "narrow the query", which the page's pickers cannot do any further.
 */
function TooManyRuns({ model, gpu, study }: { model: string; gpu: string; study?: number }) {
  const explore = new URLSearchParams({ ...(study !== undefined ? { study: String(study) } : {}), model, gpu });
  explore.set('agg', 'configs');
  return (
    <p className="error" role="alert" data-testid="models-error">
      {model} on {gpu} has more than {MAX_CONFIG_RUNS.toLocaleString('en-US')} runs
      {study !== undefined ? ' in this study' : ''}, and fitted models read at most that many runs of one model on one
      GPU. {study === undefined ? 'Choose one study above, or see' : 'See'} its configurations, with 95% intervals, in
      the <Link href={`/explore?${explore}`}>explorer</Link>, which pools up to{' '}
      {MAX_CONFIG_VIEW_RUNS.toLocaleString('en-US')} runs into configurations (above that it draws each run).
    </p>
  );
}
