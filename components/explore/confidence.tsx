/**
 * The recommendation's confidence in words (agg=configs), props-only: "recommended in 87% of 1000
 * bootstrap resamples", and whether it is distinguishable from the runner-up, with the stated tie
 * rule when it is not (lib/configs/recommend.ts).
 */
import type { ConfigConfidence } from '@/lib/explore/configs-view';

const pct = (f: number) => `${Math.round(f * 100)}%`;
const pText = (p: number | null) =>
  p === null ? '' : p < 0.001 ? ' (Welch p < 0.001)' : ` (Welch p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)})`;

export function confidenceWords(c: ConfigConfidence): { main: string; versus: string } {
  const main = `Recommended in ${pct(c.confidence)} of ${c.resamples} bootstrap resamples of the runs.`;
  let versus: string;
  if (c.status === 'indistinguishable')
    versus = `Indistinguishable within measurement noise from ${c.runnerUpLabel}${pText(c.p)}; ${
      c.tieBreakApplied ? 'picked by the tie rule' : 'kept by the tie rule'
    }: ${c.rule}`;
  else if (c.status === 'distinguishable')
    versus = `Distinguishable from the runner-up, ${c.runnerUpLabel}${pText(c.p)}: the difference exceeds measurement noise.`;
  else if (c.status === 'no-noise-estimate')
    versus = `Against the runner-up, ${c.runnerUpLabel}: single run, no estimate of noise; repeat these configurations to tell whether the difference is real.`;
  else versus = 'It is the only feasible configuration.';
  return { main, versus };
}

export function ConfidenceText({ c, compact = false }: { c: ConfigConfidence; compact?: boolean }) {
  const w = confidenceWords(c);
  return (
    <div data-testid="confidence" data-status={c.status} style={{ marginTop: compact ? 2 : 6 }} title={c.sentence}>
      <b data-testid="confidence-main">{w.main}</b>{' '}
      <span className={c.status === 'distinguishable' ? undefined : 'muted'} data-testid="confidence-versus">
        {w.versus}
      </span>
    </div>
  );
}
