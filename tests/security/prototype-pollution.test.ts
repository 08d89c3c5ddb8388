/**
 * Issue 10 item 1: knob filters keyed by request data must never reach Object.prototype.
 * `GET /api/runs?knob.__proto__=x` used to set Object.prototype.eq (every later request broke).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as facetsRoute } from '@/app/api/facets/route';
import { GET as runsRoute } from '@/app/api/runs/route';
import { listRuns } from '@/db/queries/runs';
import type { DB } from '@/db/client';
import { parseRunQuery } from '@/lib/api/run-query';
import { freshProcessDb, principalFixture, req } from '../auth/helpers';

let db: DB;
let viewer: ReturnType<typeof principalFixture>;
beforeAll(() => {
  db = freshProcessDb('proto');
  viewer = principalFixture(db, 'proto-viewer', 'viewer');
});

const polluted = () => {
  const probe: Record<string, unknown> = {};
  return ['eq', 'min', 'max', 'x'].filter((k) => probe[k] !== undefined);
};
afterEach(() => {
  // Clean up so one failure does not cascade into every later test of the file.
  for (const k of ['eq', 'min', 'max']) delete (Object.prototype as Record<string, unknown>)[k];
});

const HOSTILE = [
  'knob.__proto__=x',
  'knob.__proto__.min=1',
  'knob.constructor=x',
  'knob.prototype.max=3',
  'knob.constructor.min=2',
];

describe('reserved knob names', () => {
  it.each(HOSTILE)('GET /api/runs?%s is a 400 naming the parameter and pollutes nothing', async (qs) => {
    const res = await runsRoute(req(`/api/runs?${qs}`, { token: viewer.token }));
    expect(res.status).toBe(400);
    const param = qs.split('=')[0];
    expect((await res.json()).error.message).toContain(param);
    expect(polluted()).toEqual([]);
  });

  it.each(HOSTILE)('GET /api/facets?%s is a 400 and pollutes nothing', async (qs) => {
    const res = await facetsRoute(req(`/api/facets?${qs}`, { token: viewer.token }));
    expect(res.status).toBe(400);
    expect(polluted()).toEqual([]);
  });

  it('parseRunQuery (also used by the /runs page) refuses them before building any map', () => {
    for (const qs of HOSTILE) expect(() => parseRunQuery(new URLSearchParams(qs)), qs).toThrow(/reserved name/);
    expect(polluted()).toEqual([]);
  });

  it('the maps it builds have no prototype, so ordinary names cannot reach one either', () => {
    const p = parseRunQuery(new URLSearchParams('knob.run_tag=a&knob.tp.min=1'));
    expect(Object.getPrototypeOf(p.extraKnobs)).toBeNull();
    expect(Object.getPrototypeOf(p.knobs)).toBeNull();
    expect(p.extraKnobs?.run_tag).toEqual({ eq: 'a' });
  });

  it('the store refuses reserved knob names too (defence in depth)', () => {
    const extraKnobs = Object.create(null) as Record<string, { eq: string }>;
    extraKnobs['constructor'] = { eq: 'x' };
    expect(() => listRuns(db, { extraKnobs })).toThrow(/invalid knob name/);
  });

  it('after a hostile request, an ordinary filtered request still works', async () => {
    await runsRoute(req('/api/runs?knob.__proto__=x', { token: viewer.token }));
    const res = await runsRoute(req('/api/runs?knob.tp.min=1', { token: viewer.token }));
    expect(res.status).toBe(200);
  });
});
