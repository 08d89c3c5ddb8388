/** The explorer's URL value checks (lib/explore/param-checks.ts) and their use in parseViewState. */
import { describe, expect, it } from 'vitest';
import { either, finiteNumber, matching, nonNegativeNumber, oneOf, positiveInteger } from '@/lib/explore/param-checks';
import { parseViewState, ViewStateError } from '@/lib/explore/state';

describe('param checks', () => {
  it('accept what they name and refuse the rest with a reason', () => {
    expect(oneOf(['a', 'b'])('b')).toEqual({ ok: true, value: 'b' });
    expect(oneOf(['a', 'b'])('__proto__')).toEqual({ ok: false, message: 'must be one of a, b' });
    expect(finiteNumber(Infinity).ok).toBe(false);
    expect(finiteNumber('3').ok).toBe(false);
    expect(nonNegativeNumber(-1).ok).toBe(false);
    expect(nonNegativeNumber(0)).toEqual({ ok: true, value: 0 });
    expect(positiveInteger(1.5).ok).toBe(false);
    expect(matching(/^run:\d+$/, 'bad')('run:12x')).toEqual({ ok: false, message: 'bad' });
    const study = either(oneOf(['all']), positiveInteger);
    expect(study('all')).toEqual({ ok: true, value: 'all' });
    expect(study(7)).toEqual({ ok: true, value: 7 });
    expect(study(0).ok).toBe(false);
  });

  it('parseViewState names each bad parameter (strict) and falls back to defaults (lenient)', () => {
    const bad = { study: '0', grid: '-3', baseline: 'run:x', 'knob.max_num_seqs.min': 'abc', shape: 'nope' };
    expect(() => parseViewState(bad, { strict: true })).toThrow(ViewStateError);
    const { state, issues } = parseViewState(bad);
    expect(issues).toHaveLength(5);
    expect(issues.join('\n')).toMatch(/grid=-3: must be a finite number >= 0/);
    expect(issues.join('\n')).toMatch(/baseline=run:x: must be max_throughput, max_clock, none or run:ID/);
    expect(state.study).toBeNull();
    const good = parseViewState({ study: 'all', baseline: 'run:12', shape: 'gpu', grid: '0' }, { strict: true }).state;
    expect(good).toMatchObject({ study: 'all', baseline: 'run:12', shape: 'gpu', grid: 0 });
  });
});
