import { expect, test } from 'vitest';
import { parseId, parseRunQuery } from '@/lib/api/run-query';

const q = (s: string) => parseRunQuery(new URLSearchParams(s));

test('parses filters, knob ranges, sort and paging', () => {
  expect(q('study=3&gpu=H100,B200&model=a&knob.max_num_seqs.min=64&knob.tp=2&sort=tpot_ms_p99&order=asc&limit=10&offset=20')).toEqual({
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
  ['knob.colour.min=1', /unknown knob "colour"/],
  ['knob.tp.min=x', /knob.tp.min: must be a number/],
  ['simulated=maybe', /simulated/],
  ['ids=1,x', /ids/],
])('rejects %s', (s, re) => {
  expect(() => q(s)).toThrow(re);
});

test('ids must be positive integers', () => {
  expect(parseId('12')).toBe(12);
  for (const bad of ['0', '-1', 'abc', '1e3', '1.5', '', '99999999999999999']) expect(() => parseId(bad), bad).toThrow(/malformed/);
});
