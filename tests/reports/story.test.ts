/** The report headline in plain language: the three cases of the issue plus no baseline / no feasible run, and the wording helpers. */
import { describe, expect, it } from 'vitest';
import { buildStory, type StoryInput } from '@/lib/reports/story';
import { cssString } from '@/components/reports/report-view';
import { countWords, fmtDateTime, knobPhrase, sloPhrase, targetsPhrase } from '@/lib/reports/words';

const itl = { metric: 'itl_ms_p99', bound: 50, kind: 'max' as const };
const rec = { model: 'Qwen3-8B', gpu: 'B200', gpuCount: 1, knobs: { tp: 1, max_num_seqs: 256, sm_clock_mhz: 1410 } };
const input = (over: Partial<StoryInput>): StoryInput => ({
  objective: { label: 'Energy per output token', direction: 'lower' },
  slo: [itl],
  recommended: rec,
  baseline: { label: 'vllm tp1 mns64', mode: 'run:7', meetsSlo: true, same: false },
  savingsFraction: 0.27,
  knobs: ['max_num_seqs'],
  ...over,
});

describe('buildStory', () => {
  it('savings: meets the target with N% less energy than today, green, signed minus', () => {
    const s = buildStory(input({}));
    expect(s.sentence).toBe(
      "Running Qwen3-8B on 1x B200 at max_num_seqs 256 meets the 50 ms p99 ITL target with 27% less energy per output token than today's configuration (vllm tp1 mns64).",
    );
    expect(s).toMatchObject({ kind: 'savings', tone: 'good', figure: '−27%' });
  });

  it('price of the SLO: meeting the target costs N% more than the fastest, which misses it; red, signed plus', () => {
    const s = buildStory(
      input({
        baseline: { label: 'fast', mode: 'max_throughput', meetsSlo: false, same: false },
        savingsFraction: -0.366,
      }),
    );
    expect(s.sentence).toBe(
      'Meeting the 50 ms p99 ITL target costs 37% more energy per output token than the fastest configuration, which misses it. Running Qwen3-8B on 1x B200 at max_num_seqs 256 is the most efficient configuration that meets it.',
    );
    expect(s).toMatchObject({ kind: 'price', tone: 'bad', figure: '+37%' });
  });

  it('baseline already optimal: neutral, nothing to change', () => {
    const s = buildStory(
      input({ baseline: { label: 'fast', mode: 'max_throughput', meetsSlo: true, same: true }, savingsFraction: null }),
    );
    expect(s.kind).toBe('optimal');
    expect(s.tone).toBe('neutral');
    expect(s.sentence).toMatch(
      /^The fastest configuration is already the best choice: running Qwen3-8B on 1x B200 at max_num_seqs 256 meets the 50 ms p99 ITL target/,
    );
    expect(s.sentence).toContain('No other configuration would save energy.');
  });

  it('savings against a baseline that misses the SLO say so', () => {
    const s = buildStory(
      input({ baseline: { label: 'x', mode: 'max_clock', meetsSlo: false, same: false }, savingsFraction: 0.05 }),
    );
    expect(s.sentence).toContain(
      'with 5% less energy per output token than the default-clock configuration, which misses it.',
    );
    expect(s.figure).toBe('−5%');
  });

  it('no baseline and no feasible run', () => {
    expect(buildStory(input({ baseline: null, savingsFraction: null }))).toMatchObject({
      kind: 'best',
      tone: 'neutral',
      figure: null,
    });
    const none = buildStory(input({ recommended: null, baseline: null, savingsFraction: null }));
    expect(none).toMatchObject({ kind: 'infeasible', tone: 'bad' });
    expect(none.sentence).toBe(
      'No configuration in this report meets the 50 ms p99 ITL target: there is nothing to recommend yet.',
    );
  });

  it('a higher-is-better objective flips the words and the sign', () => {
    const s = buildStory(
      input({ objective: { label: 'Output token throughput', direction: 'higher' }, savingsFraction: 0.2 }),
    );
    expect(s.sentence).toContain('with 20% more output token throughput');
    expect(s.figure).toBe('+20%');
  });
});

describe('wording', () => {
  it('knobs as people say them', () => {
    expect(knobPhrase('tp', 1)).toBe('TP 1');
    expect(knobPhrase('max_num_seqs', 256)).toBe('max_num_seqs 256');
    expect(knobPhrase('sm_clock_mhz', 1410)).toBe('SM clock 1,410 MHz');
  });
  it('SLOs in words, not keys', () => {
    expect(sloPhrase(itl)).toBe('p99 ITL ≤ 50 ms');
    expect(targetsPhrase([itl, { metric: 'ttft_ms_p99', bound: 2000, kind: 'max' }])).toBe(
      'the 50 ms p99 ITL and 2,000 ms p99 TTFT targets',
    );
  });
  it('large counts in words', () => {
    expect(countWords(1e9)).toBe('1 billion');
    expect(countWords(5e7)).toBe('50 million');
    expect(countWords(12000)).toBe('12,000');
  });
  it('one date format with its time zone', () => {
    expect(fmtDateTime('2026-12-06T06:47:43.123Z')).toBe('2026-12-06 06:47 UTC');
    expect(fmtDateTime('2026-12-06T23:59:00+02:00')).toBe('2026-12-06 21:59 UTC');
    expect(fmtDateTime(null)).toBe('—');
  });
  it('the print footer title is a safe CSS string', () => {
    expect(cssString('A "b"; } x')).toBe('"A \\22 b\\22 \\3b  \\7d  x"');
    expect(cssString('</style><script>')).not.toMatch(/[<>]/);
  });
});
