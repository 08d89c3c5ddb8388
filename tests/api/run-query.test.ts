import { expect, test } from 'vitest';
import { parseId, parseRunQuery } from '@/lib/api/run-query';

const q = (s: string) => parseRunQuery(new URLSearchParams(s));

test('parses filters, knob ranges, sort and paging', () => {
  expect(
    q('study=3&gpu=H100,B200&model=a&knob.max_num_seqs.min=64&knob.tp=2&sort=tpot_ms_p99&order=asc&limit=10&offset=20'),
  ).toEqual({
    study: 3,
    gpu: ['H100', 'B200'],
    model: ['a'],
    knobs: { max_num_seqs: { min: 64 }, tp: { min: 2, max: 2 } },
    sort: 'tpot_ms_p99',
    order: 'asc',
    limit: 10,
    offset: 20,
  });
});

test.each([
  ['sort=bogus', /unknown sort key "bogus"/],
  ['limit=-1', /limit must be between 1 and 1000/],
  ['limit=5000', /limit must be between/],
  ['limit=abc', /limit must be an integer/],
  ['offset=-3', /offset must be between/],
  ['order=up', /order: must be "asc" or "desc"/],
  ['knob.bad%20name=1', /invalid knob name/],
  ['knob.a.b.c=1', /invalid knob name/],
  ['knob.run_tag.min=x', /knob.run_tag.min: must be a number/],
  ['cursor=zzz', /cursor: malformed/],
  ['knob.tp.min=x', /knob.tp.min: must be a number/],
  ['simulated=maybe', /simulated/],
  ['ids=1,x', /ids/],
])('rejects %s', (s, re) => {
  expect(() => q(s)).toThrow(re);
});

test('ids must be positive integers', () => {
  expect(parseId('12')).toBe(12);
  for (const bad of ['0', '-1', 'abc', '1e3', '1.5', '', '99999999999999999'])
    expect(() => parseId(bad), bad).toThrow(/malformed/);
});

test('free-form knobs: equality and numeric ranges on any valid name', () => {
  expect(q('knob.run_tag=baseline&knob.batch.min=2&knob.batch.max=8&knob.tp.min=2')).toMatchObject({
    knobs: { tp: { min: 2 } },
    extraKnobs: { run_tag: { eq: 'baseline' }, batch: { min: 2, max: 8 } },
  });
});

test('cursor round-trips', async () => {
  const { encodeCursor } = await import('@/db/queries/runs');
  const c = encodeCursor({ sort: 'energy_j', order: 'asc', v: 1.5, id: 9 });
  expect(q(`sort=energy_j&order=asc&cursor=${c}`).cursor).toEqual({ sort: 'energy_j', order: 'asc', v: 1.5, id: 9 });
});
