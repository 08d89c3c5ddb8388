/** lib/client: URL-state updates keep repeated keys; query keys are shared; API errors are typed. */
import { describe, expect, it } from 'vitest';
import { apiErrorOf, ApiError } from '@/lib/client/api';
import { queryKeys, runsApiParams, runsPageQuery } from '@/lib/client/queries';
import { patchParams } from '@/lib/client/url-state';
import { errorResponse } from '@/lib/http';

describe('URL state', () => {
  it('a sort change keeps both models of model=a&model=b (the Object.fromEntries bug)', () => {
    const url = new URLSearchParams('model=org%2Fa&model=org%2Fb&offset=50');
    const next = patchParams(url, { sort: 'tpot_ms_p99', order: 'asc' });
    expect(next.getAll('model')).toEqual(['org/a', 'org/b']);
    expect(next.get('sort')).toBe('tpot_ms_p99');
    expect(next.has('offset')).toBe(false); // a new sort restarts paging
    expect(patchParams(url, { offset: '100' }).get('offset')).toBe('100');
  });

  it('lists set repeated keys; null and empty remove them', () => {
    const url = new URLSearchParams('gpu=H100&q=x');
    const next = patchParams(url, { model: ['m1', 'm2'], gpu: null, q: '' });
    expect(next.toString()).toBe('model=m1&model=m2');
  });
});

describe('query keys and options', () => {
  it('the runs page query sends every filter value, with the page size defaulted', () => {
    const url = new URLSearchParams('model=a&model=b&sort=id');
    expect(runsApiParams(url).toString()).toBe('model=a&model=b&sort=id&limit=50');
    expect(runsApiParams(new URLSearchParams('limit=10')).get('limit')).toBe('10');
    // The server page computes initialKey with the same factory the client queries with.
    expect(runsPageQuery(url).queryKey).toEqual(queryKeys.runsPage(url));
    expect(queryKeys.runsPage(url)[0]).toBe(queryKeys.runs()[0]);
  });
});

describe('ApiError', () => {
  it("carries the server's error code and message", async () => {
    const e = await apiErrorOf(errorResponse(400, 'bad_request', 'malformed run id "x": must be a positive integer'));
    expect(e).toBeInstanceOf(ApiError);
    expect({ status: e.status, code: e.code, message: e.message }).toEqual({
      status: 400,
      code: 'bad_request',
      message: 'malformed run id "x": must be a positive integer',
    });
  });

  it('falls back to the status when the body is not the error shape', async () => {
    const e = await apiErrorOf(new Response('<html>gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect({ status: e.status, code: e.code, message: e.message }).toEqual({
      status: 502,
      code: 'http_error',
      message: 'request failed (502 Bad Gateway)',
    });
  });
});
