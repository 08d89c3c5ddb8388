/**
 * Issue 10 item 7 and part of 8: deeply nested JSON (5,000+ levels) in POST /api/runs or an
 * imported file is a 400 naming the depth limit (it used to be a 500 from a stack overflow, or
 * accepted); `1e400` in an import is an error like NaN; the import `study` field and
 * `?studyName=` obey the 200-character study name limit.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postRuns } from '@/app/api/runs/route';
import type { DB } from '@/db/client';
import { countRuns } from '@/db/queries/runs';
import { parseFilesSettled } from '@/lib/importers';
import { streamTopLevelObjects } from '@/lib/importers/stream-json';
import { MAX_JSON_DEPTH, parseJsonLimited } from '@/lib/json-limits';
import { freshProcessDb, ORIGIN, principalFixture, req } from '../auth/helpers';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const VLLM = fs.readFileSync('tests/fixtures/importers/e2e_vllm_serve.json', 'utf8');

let db: DB;
let engineer: string;
let imports: typeof import('@/app/api/imports/route');
beforeAll(async () => {
  db = freshProcessDb('json-limits');
  engineer = principalFixture(db, 'json-engineer', 'engineer').token;
  imports = await import('@/app/api/imports/route');
});

function upload(name: string, text: string, fields: Record<string, string> = {}) {
  const fd = new FormData();
  fd.append('files', new Blob([text]), name);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return imports.POST(
    new Request(`${ORIGIN}/api/imports`, {
      method: 'POST',
      body: fd,
      headers: { authorization: `Bearer ${engineer}` },
    }),
  );
}

describe('JSON depth limit', () => {
  it('POST /api/runs with 5,000 and 100,000 levels of nesting: 400 naming the limit, nothing written', async () => {
    for (const depth of [5_000, 100_000]) {
      const body = `{"schema_version": 1, "knobs_extra": {"x": ${nested(depth)}}}`;
      const r = new Request(`${ORIGIN}/api/runs`, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${engineer}`, 'content-type': 'application/json' },
      });
      const res = await postRuns(r);
      expect(res.status, `depth ${depth}`).toBe(400);
      expect((await res.json()).error.message).toMatch(new RegExp(`depth limit is ${MAX_JSON_DEPTH}`));
    }
    expect(countRuns(db)).toBe(0);
  });

  it('an imported JSON file nested 5,000 deep is refused naming the file and the limit', async () => {
    const deep = VLLM.replace('"backend": "vllm"', `"backend": "vllm", "extra": ${nested(5_000)}`);
    const res = await upload('deep.json', deep);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/deep\.json.*depth limit is 128/);
    expect(countRuns(db)).toBe(0);
    const preview = await upload('deep.json', deep, { dryRun: '1' });
    expect(JSON.stringify(await preview.json())).toMatch(/JSON nested deeper than 128 levels/);
  });

  it('the streaming JSON reader (files over 8 MB) stops at the same depth', () => {
    const h = {
      streamed: new Set<string>(),
      onDocStart() {},
      onKey() {},
      onItem() {},
      onStreamEnd() {},
      onDocEnd() {},
    };
    expect(() => streamTopLevelObjects('big.json', [`{"a": ${nested(5_000)}}`], h)).toThrow(
      /big\.json.*depth limit is 128/,
    );
  });

  it('ordinary nesting is untouched', () => {
    expect(parseJsonLimited(nested(MAX_JSON_DEPTH))).toBeDefined();
    expect(() => parseJsonLimited(nested(MAX_JSON_DEPTH + 1))).toThrow(/depth limit/);
    expect(parseJsonLimited('{"s": "[[[[[[ brackets in strings do not count \\" ]]"}')).toEqual({
      s: '[[[[[[ brackets in strings do not count " ]]',
    });
  });
});

describe('numbers that overflow', () => {
  it.each(['request_rate', 'duration', 'gpu_energy_j', 'mean_ttft_ms'])(
    '1e400 as %s is an error naming the key, like NaN',
    (key) => {
      const text = VLLM.replace(new RegExp(`"${key}": [^,]+`), `"${key}": 1e400`);
      const [r] = parseFilesSettled([{ name: 'inf.json', data: new TextEncoder().encode(text) }]);
      expect(r.ok).toBe(false);
      expect((r as { reason: string }).reason).toMatch(new RegExp(`number out of range at key "${key}"`));
    },
  );

  it('in the streaming reader too', () => {
    const h = {
      streamed: new Set<string>(),
      onDocStart() {},
      onKey() {},
      onItem() {},
      onStreamEnd() {},
      onDocEnd() {},
    };
    expect(() => streamTopLevelObjects('big.json', ['{"a": 1, "rate": 1e400}'], h)).toThrow(
      /big\.json.*number out of range at key "rate"/,
    );
  });

  it('a 400-digit integer overflows too; large finite numbers pass', () => {
    expect(() => parseJsonLimited(`{"n": ${'9'.repeat(400)}}`)).toThrow(/out of range at key "n"/);
    expect(parseJsonLimited('{"n": 1e300}')).toEqual({ n: 1e300 });
  });
});

describe('study name limit on imports', () => {
  it('the study field of POST /api/imports: at most 200 characters', async () => {
    const res = await upload('run.json', VLLM, { study: 'x'.repeat(201) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/study: name is too long \(201 characters; max 200\)/);
    expect(countRuns(db)).toBe(0);
    const ok = await upload('run.json', VLLM, { study: 'y'.repeat(200), dryRun: '1' });
    expect(ok.status).toBe(200);
  });

  it('?studyName= of POST /api/runs: at most 200 characters', async () => {
    const res = await postRuns(
      req(`/api/runs?studyName=${'z'.repeat(201)}`, { method: 'POST', token: engineer, body: {} }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/studyName: name is too long/);
  });
});
