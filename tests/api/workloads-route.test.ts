/**
 * POST/GET /api/workloads and GET /api/workloads/:id against a real SQLite file: upload (multipart
 * and text/csv), synthetic specs, the list (built-in + stored), summaries, access and refusals.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { listWorkloads } from '@/db/queries/workloads';
import { loadWorkload } from '@/lib/workloads/load';
import { freshProcessDb, ORIGIN, principalFixture } from '../auth/helpers';

let db: DB;
let engineer: string;
let viewer: string;
let route: typeof import('@/app/api/workloads/route');
let one: typeof import('@/app/api/workloads/[id]/route');

const FIX = path.join(__dirname, '../fixtures/workloads');
const body = async (res: Response) => (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  db = freshProcessDb('workloads-route');
  engineer = principalFixture(db, 'wl-engineer', 'engineer').token;
  viewer = principalFixture(db, 'wl-viewer', 'viewer').token;
  route = await import('@/app/api/workloads/route');
  one = await import('@/app/api/workloads/[id]/route');
});

const auth = (t: string) => ({ authorization: `Bearer ${t}` });
function uploadForm(text: string, fileName: string, name?: string, token = engineer) {
  const fd = new FormData();
  fd.append('file', new Blob([text]), fileName);
  if (name) fd.append('name', name);
  return route.POST(new Request(`${ORIGIN}/api/workloads`, { method: 'POST', body: fd, headers: auth(token) }));
}
const postJson = (v: unknown, token = engineer) =>
  route.POST(
    new Request(`${ORIGIN}/api/workloads`, {
      method: 'POST',
      body: JSON.stringify(v),
      headers: { ...auth(token), 'content-type': 'application/json' },
    }),
  );
const get = (id: string, qs = '') =>
  one.GET(new Request(`${ORIGIN}/api/workloads/${encodeURIComponent(id)}${qs}`, { headers: auth(viewer) }), {
    params: Promise.resolve({ id: encodeURIComponent(id) }),
  });

describe('POST /api/workloads', () => {
  it('stores an uploaded Azure trace -> 201 {id}; the stored requests equal the file', async () => {
    const text = fs.readFileSync(path.join(FIX, 'azure-small.csv'), 'utf8');
    const res = await uploadForm(text, 'azure-small.csv', 'My trace');
    expect(res.status).toBe(201);
    const { id, ref } = await body(res);
    expect(ref).toBe(`db:${id}`);
    const w = loadWorkload(db, ref);
    expect(w.name).toBe('My trace');
    expect(w.startedAt).toBe('2023-11-16T18:15:46.680Z');
    expect(w.requests.map((r) => [r.atS, r.inputTokens, r.outputTokens])).toEqual([
      [0, 374, 44],
      [4.314579, 396, 109],
      [4.541877, 879, 55],
      [14.31941, 91, 16],
      [60, 1200, 300],
    ]);
  });

  it('reads a browser multipart body (mixed-case boundary, as Chromium sends)', async () => {
    const b = '----WebKitFormBoundaryAbCdEf12';
    const payload =
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="up.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      `atS,inputTokens,outputTokens\n0,10,5\n\r\n--${b}--\r\n`;
    const res = await route.POST(
      new Request(`${ORIGIN}/api/workloads`, {
        method: 'POST',
        body: payload,
        headers: { ...auth(engineer), 'content-type': `multipart/form-data; boundary=${b}` },
      }),
    );
    expect(res.status).toBe(201);
    expect(loadWorkload(db, `db:${(await body(res)).id}`).name).toBe('up.csv');
  });

  it('accepts a raw text/csv body (curl --data-binary)', async () => {
    const res = await route.POST(
      new Request(`${ORIGIN}/api/workloads?name=raw&fileName=raw.csv`, {
        method: 'POST',
        body: 'atS,inputTokens,outputTokens\n0,10,5\n2,20,6\n',
        headers: { ...auth(engineer), 'content-type': 'text/csv' },
      }),
    );
    expect(res.status).toBe(201);
    expect(loadWorkload(db, `db:${(await body(res)).id}`).requests).toHaveLength(2);
  });

  it('refuses a malformed trace with 400 naming file, line and column, and stores nothing', async () => {
    const before = listWorkloads(db).length;
    const res = await uploadForm('TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,5,x\n', 'bad.csv');
    expect(res.status).toBe(400);
    expect((await body(res)).error).toEqual({
      code: 'bad_request',
      message: 'bad.csv:2 (column GeneratedTokens): "x" is not a whole number of tokens',
    });
    expect(listWorkloads(db)).toHaveLength(before);
  });

  it('creates a synthetic workload from a JSON spec (seeded, lengths from the conversation trace)', async () => {
    const spec = {
      kind: 'step',
      steps: [
        { rateRps: 1, durationS: 30 },
        { rateRps: 5, durationS: 30 },
      ],
      seed: 4,
      name: 'Step test',
    };
    const res = await postJson(spec);
    expect(res.status).toBe(201);
    const { ref } = await body(res);
    const d = await body(await get(ref, '?binS=30'));
    expect(d.name).toBe('Step test');
    expect(d.source).toBe('synthetic');
    expect(d.spec).toMatchObject({ kind: 'step', seed: 4, lengthsFrom: 'builtin:azure-conv-2023' });
    expect(d.rate).toHaveLength(2);
    expect(d.rate[1].requests).toBeGreaterThan(2 * d.rate[0].requests);
    expect(d.attribution.text).toContain('CC-BY 4.0');
  });

  it('refuses bad specs (400 naming the key), viewers (403) and anonymous callers (401)', async () => {
    const bad = await postJson({ kind: 'constant', rateRps: -1, durationS: 10 });
    expect(bad.status).toBe(400);
    expect((await body(bad)).error.message).toMatch(/rateRps/);
    expect((await postJson({ kind: 'constant', rateRps: 1, durationS: 10, lengthsFrom: 'builtin:nope' })).status).toBe(
      404,
    );
    expect((await postJson({ kind: 'constant', rateRps: 1, durationS: 10 }, viewer)).status).toBe(403);
    const anon = await route.POST(new Request(`${ORIGIN}/api/workloads`, { method: 'POST', body: '{}' }));
    expect(anon.status).toBe(401);
  });

  it('refuses an upload over the size limit with 413', async () => {
    const res = await route.POST(
      new Request(`${ORIGIN}/api/workloads`, {
        method: 'POST',
        body: 'x',
        headers: { ...auth(engineer), 'content-type': 'text/csv', 'content-length': String(64 * 1024 * 1024) },
      }),
    );
    expect(res.status).toBe(413);
  });
});

describe('GET /api/workloads', () => {
  it('lists the built-in traces first (counts, attribution), then the stored ones', async () => {
    const res = await route.GET(new Request(`${ORIGIN}/api/workloads`, { headers: auth(viewer) }));
    expect(res.status).toBe(200);
    const { workloads } = await body(res);
    expect(workloads.slice(0, 2).map((w: { ref: string; requestCount: number }) => [w.ref, w.requestCount])).toEqual([
      ['builtin:azure-conv-2023', 19_366],
      ['builtin:azure-code-2023', 8_819],
    ]);
    expect(workloads[0].attribution.text).toContain('Splitwise');
    expect(
      workloads.some((w: { name: string; source: string }) => w.name === 'My trace' && w.source === 'upload'),
    ).toBe(true);
  });

  it('GET /api/workloads/:id summarises a built-in trace; unknown refs are 404, malformed 400', async () => {
    const d = await body(await get('builtin:azure-conv-2023'));
    expect(d).toMatchObject({ ref: 'builtin:azure-conv-2023', requestCount: 19_366, rateBinS: 60 });
    expect(d.rate.reduce((a: number, r: { requests: number }) => a + r.requests, 0)).toBe(19_366);
    expect(d.loadBuckets).toHaveLength(4);
    expect(d.input.stats.max).toBe(14_050);
    expect(d.requests).toBeUndefined();
    expect((await get('builtin:nope')).status).toBe(404);
    expect((await get('db:99999')).status).toBe(404);
    expect((await get('hello')).status).toBe(400);
    expect((await get('builtin:azure-conv-2023', '?binS=-3')).status).toBe(400);
    const withReqs = await body(await get('builtin:azure-code-2023', '?requests=1'));
    expect(withReqs.requests).toHaveLength(8_819);
  });
});
