/**
 * The report's summary: the plain-language sentence with its signed figure, coloured by meaning
 * (green = saves, red = costs, grey = nothing to change), then the figures it rests on.
 */
import { fmtNum } from '@/lib/format';
import type { ReportData } from '@/lib/reports/types';
import { knobPhrase } from '@/lib/reports/words';
import s from './report.module.css';

export function ReportHeadline({ data }: { data: ReportData }) {
  const h = data.headline;
  const st = h.story;
  const tone = st.tone === 'good' ? s.good : st.tone === 'bad' ? s.bad : s.neutral;
  const meaning =
    st.kind === 'savings'
      ? 'saving'
      : st.kind === 'price'
        ? 'cost of meeting the target'
        : st.kind === 'optimal'
          ? 'no change needed'
          : '';
  const r = h.recommended;
  return (
    <section
      className={s.section}
      data-testid="report-headline"
      data-kind={st.kind}
      data-tone={st.tone}
      aria-labelledby="summary-h"
    >
      <h2 id="summary-h">Summary</h2>
      <div className={s.story}>
        {st.figure && (
          <div
            className={`${s.storyFigure} ${tone}`}
            data-testid="headline-figure"
            aria-label={`${st.figure} ${h.objective.label.toLowerCase()}${meaning ? `, ${meaning}` : ''}`}
          >
            {st.figure}
          </div>
        )}
        <div>
          <p className={s.storyText} data-testid="headline-sentence">
            {st.sentence}
          </p>
          <span className={s.scope} data-testid="gpu-only">
            GPU energy only
          </span>
        </div>
      </div>
      {r && (
        <div className={s.figures}>
          <div className={s.figure}>
            <strong data-testid="recommended-label">
              {r.gpuCount}x {r.gpu}
            </strong>
            <span>
              Recommended: {r.model}
              {h.knobs.length
                ? `, ${h.knobs
                    .filter((k) => r.knobs[k] !== undefined)
                    .map((k) => knobPhrase(k, r.knobs[k]))
                    .join(', ')}`
                : ''}{' '}
              (run #{r.id}, {r.label})
            </span>
          </div>
          <div className={s.figure}>
            <strong>
              {fmtNum(r.value)} {h.objective.unit}
            </strong>
            <span>
              {h.objective.label}, recommended
              {h.baseline ? ` (baseline ${fmtNum(h.baseline.value)} ${h.objective.unit})` : ''}
            </span>
          </div>
          {h.baseline && (
            <div className={s.figure}>
              <strong>
                {h.baseline.meetsSlo === false ? 'misses the SLO' : h.baseline.meetsSlo ? 'meets the SLO' : 'baseline'}
              </strong>
              <span>
                Baseline: run #{h.baseline.id}, {h.baseline.label}
                {h.baseline.note ? `; ${h.baseline.note}` : ''}
              </span>
            </div>
          )}
        </div>
      )}
      <p className={s.meta}>
        Energy is the GPUs’ energy as each run measured or reported it (CPU, memory, networking and cooling are not
        included); the recommendation is the run with the lowest {h.objective.label.toLowerCase()} among those meeting
        every SLO.
        {!h.baseline && r ? ' No baseline in this view, so no saving is computed.' : ''}
      </p>
    </section>
  );
}
