/** lib/format.ts fmtNum: the one number format of tables, tooltips and charts. */
import { expect, test } from 'vitest';
import { fmtNum as exploreFmtNum } from '@/lib/explore/format';
import { fmtNum } from '@/lib/format';

test.each([
  [1234.5, 3, '1,235'],
  [1234.5678, 6, '1,234.57'],
  [0.123456, 3, '0.123'],
  [999.6, 3, '1,000'],
  [42, 3, '42'],
  [123456, 3, '123,456'],
  [2.5e6, 3, '2.50e+6'],
  [0.0004, 3, '4.00e-4'],
  [0, 3, '0'],
  [-1234.5, 3, '-1,235'],
  [Number.NaN, 3, '—'],
  [Number.POSITIVE_INFINITY, 3, '—'],
  [undefined, 3, '—'],
])('fmtNum(%s, %s) = %s', (v, digits, out) => {
  expect(fmtNum(v, digits)).toBe(out);
});

test('the explorer formats with the same function', () => {
  expect(exploreFmtNum).toBe(fmtNum);
});
