/**
 * The report's headline in plain language, signed and toned by what it means to the reader:
 *  - savings:     the recommendation meets the SLOs and uses less than the baseline (good);
 *  - price:       meeting the SLOs costs more than a baseline that misses them (bad: a cost);
 *  - optimal:     the baseline already is the recommendation (neutral: nothing to change);
 *  - best:        a recommendation but no baseline to compare with (neutral);
 *  - infeasible:  no run meets the SLOs (bad).
 * Client-safe and pure: tests/reports/story.test.ts checks each case's sentence.
 */
import { EXPLORE_KNOBS, type ExploreKnob } from '@/lib/explore/knobs';
import { knobPhrase, pctWords, targetsPhrase, type SloLike } from './words';

export type StoryKind = 'savings' | 'price' | 'optimal' | 'best' | 'infeasible';
export type Tone = 'good' | 'bad' | 'neutral';

export interface Story {
  kind: StoryKind;
  sentence: string;
  /** Signed change of the objective vs the baseline ("−27%", "+37%"), null without one. */
  figure: string | null;
  tone: Tone;
}

export interface StoryInput {
  objective: { label: string; direction: 'lower' | 'higher' };
  slo: SloLike[];
  recommended: { model: string; gpu: string; gpuCount: number; knobs: Partial<Record<ExploreKnob, number>> } | null;
  baseline: { label: string; mode: string; meetsSlo: boolean | null | undefined; same: boolean } | null;
  /** In the objective's own direction: 0.27 = 27 % better than the baseline. */
  savingsFraction: number | null;
  /** Knobs worth naming (those that vary between the report's runs), in order. */
  knobs: ExploreKnob[];
}

/** "the fastest configuration", "today's configuration (vllm tp1 mns64)". */
export function baselineWords(b: { label: string; mode: string }): string {
  if (b.mode === 'max_throughput') return 'the fastest configuration';
  if (b.mode === 'max_clock') return 'the default-clock configuration';
  return `today's configuration (${b.label})`;
}

/** "Running Qwen3-8B on 1x B200 at max_num_seqs 256" */
export function configWords(r: NonNullable<StoryInput['recommended']>, knobs: ExploreKnob[]): string {
  const named = (knobs.length ? knobs : EXPLORE_KNOBS.filter((k) => r.knobs[k] !== undefined).slice(0, 3))
    .filter((k) => r.knobs[k] !== undefined)
    .map((k) => knobPhrase(k, r.knobs[k]!));
  return `Running ${r.model} on ${r.gpuCount}x ${r.gpu}${named.length ? ` at ${named.join(', ')}` : ''}`;
}

const lc = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const uc = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function buildStory(s: StoryInput): Story {
  const targets = targetsPhrase(s.slo);
  if (!s.recommended) {
    return {
      kind: 'infeasible',
      sentence: `No configuration in this report meets ${targets || 'the view'}: there is nothing to recommend yet.`,
      figure: null,
      tone: 'bad',
    };
  }
  const config = configWords(s.recommended, s.knobs);
  const noun = lc(s.objective.label);
  const meets = targets ? `meets ${targets}` : 'serves this workload';
  const b = s.baseline;
  if (b?.same) {
    return {
      kind: 'optimal',
      sentence: `${uc(baselineWords(b))} is already the best choice: ${lc(config)} ${meets} with the lowest ${noun} measured. No other configuration would save energy.`,
      figure: '0%',
      tone: 'neutral',
    };
  }
  if (!b || s.savingsFraction === null) {
    return {
      kind: 'best',
      sentence: `${config} ${meets} with the lowest ${noun} of the configurations measured.`,
      figure: null,
      tone: 'neutral',
    };
  }
  const f = s.savingsFraction;
  const better = s.objective.direction === 'lower' ? 'less' : 'more';
  const worse = s.objective.direction === 'lower' ? 'more' : 'less';
  const misses = b.meetsSlo === false;
  const sign = (x: number) => (x === 0 ? '' : (s.objective.direction === 'lower') === x > 0 ? '−' : '+');
  if (f >= 0) {
    return {
      kind: 'savings',
      sentence: `${config} ${meets} with ${pctWords(f)} ${better} ${noun} than ${baselineWords(b)}${misses ? ', which misses it' : ''}.`,
      figure: `${sign(f)}${pctWords(f)}`,
      tone: 'good',
    };
  }
  return {
    kind: 'price',
    sentence: `Meeting ${targets || 'the targets'} costs ${pctWords(f)} ${worse} ${noun} than ${baselineWords(b)}${misses ? ', which misses it' : ''}. ${config} is the most efficient configuration that meets ${s.slo.length > 1 ? 'them' : 'it'}.`,
    figure: `${sign(f)}${pctWords(f)}`,
    tone: 'bad',
  };
}
