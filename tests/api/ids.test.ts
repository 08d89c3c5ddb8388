/** One id parser and one JSON-body reader for every route. */
import { expect, test } from 'vitest';
import { readJsonBody } from '@/lib/http';
import { parseId } from '@/lib/ids';

test('parseId takes plain decimal digits only', () => {
  expect(parseId('42', 'run id')).toBe(42);
  for (const bad of ['0x10', '1e3', '1.0', ' 7', '0', '-3', '', '1234567890123456'])
    expect(() => parseId(bad, 'run id'), bad).toThrow(/^malformed run id ".*": must be a positive integer$/);
});

test('readJsonBody: the body, or a 400 saying what was expected', async () => {
  const post = (body: string) => new Request('http://x/api', { method: 'POST', body });
  expect(await readJsonBody(post('{"a":[1]}'))).toEqual({ a: [1] });
  await expect(readJsonBody(post('{nope'), 'a sweep definition')).rejects.toMatchObject({
    status: 400,
    message: 'request body must be valid JSON (a sweep definition)',
  });
});
