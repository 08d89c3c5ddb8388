/** Large files: chunked reading, streaming JSON, the vLLM stream parser equals the whole-text parser. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFile } from '@/lib/importers';
import { STREAM_MIN_BYTES, textSource } from '@/lib/importers/files';
import { PythonLiteralFilter, streamTopLevelObjects } from '@/lib/importers/stream-json';
import { vllmServeImporter } from '@/lib/importers/vllm/serve';
import { runRecordImporter } from '@/lib/importers/run-record';
import { sourceLines } from '@/lib/importers/text';
import { writeSyntheticVllm } from '../../bench/synthetic-vllm';
import { fixture, FIXTURES, NOW, sample, SKIP_SAMPLES } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-stream-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ctx = (name: string) => ({ name, sha256: '0'.repeat(64), now: NOW });

describe('PythonLiteralFilter', () => {
  const run = (parts: string[]) => {
    const f = new PythonLiteralFilter();
    return parts.map((p) => f.write(p)).join('') + f.end();
  };
  it('replaces bare NaN/Infinity/-Infinity outside strings, whatever the chunk boundaries', () => {
    const src = '{"a": NaN, "b": [Infinity, -Infinity], "s": "NaN and Infinity \\" NaN", "t": "\\\\", "c": -1.5}';
    const want =
      '{"a": "__py_NaN__", "b": ["__py_Infinity__", "__py_-Infinity__"], "s": "NaN and Infinity \\" NaN", "t": "\\\\", "c": -1.5}';
    expect(run([src])).toBe(want);
    for (let cut = 1; cut < src.length; cut++)
      expect(run([src.slice(0, cut), src.slice(cut)]), `cut at ${cut}`).toBe(want);
    expect(run(src.split(''))).toBe(want);
  });
});

describe('streamTopLevelObjects', () => {
  const collect = (text: string, chunk = 7) => {
    const docs: Record<string, unknown>[] = [];
    const items: [string, number, unknown][] = [];
    const parts = Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) =>
      text.slice(i * chunk, (i + 1) * chunk),
    );
    streamTopLevelObjects('t.json', parts, {
      streamed: new Set(['big']),
      onDocStart: () => docs.push({}),
      onKey: (k, v) => (docs[docs.length - 1][k] = v),
      onItem: (k, i, v) => items.push([k, i, v]),
      onStreamEnd: () => {},
      onDocEnd: () => {},
    });
    return { docs, items };
  };
  it('assembles ordinary values, streams the listed arrays, reads concatenated documents', () => {
    const { docs, items } = collect(
      '{"a": {"x": [1, {"y": null}]}, "big": [[1,2], "s", 3], "z": true}\n{"a": 2, "big": []}',
    );
    expect(docs).toEqual([{ a: { x: [1, { y: null }] }, z: true }, { a: 2 }]);
    expect(items).toEqual([
      ['big', 0, [1, 2]],
      ['big', 1, 's'],
      ['big', 2, 3],
    ]);
  });
  it.each([
    ['{"a": 1', /line 1.*truncated JSON/],
    ['{"a": 1}\n{"b": [1, 2', /line 2.*truncated JSON/],
    ['{"a": 1,, "b": 2}', /unexpected ","/],
    ['{"a": 1}\n\n{"b": tru}', /line 3.*invalid JSON/],
    ['[1, 2]', /top level/],
    ['   \n ', /empty/],
  ])('%s fails clearly', (text, re) => {
    expect(() => collect(text)).toThrow(re);
  });
});

describe('vLLM serve: parseStream gives the same records as parse', () => {
  const same = (name: string, text: string) => {
    const whole = vllmServeImporter.parse(text, ctx(name));
    const file = path.join(tmp, path.basename(name));
    fs.writeFileSync(file, text);
    const streamed = vllmServeImporter.parseStream!(textSource({ name, path: file }, 1000), ctx(name));
    expect(streamed).toEqual(whole);
    return whole;
  };
  it('fixtures (several objects, metadata knobs, inf rate)', () => {
    for (const n of ['vllm_append.json', 'e2e_vllm_serve.json'])
      same(n, fs.readFileSync(path.join(FIXTURES, n), 'utf8'));
  });
  it.skipIf(SKIP_SAMPLES)('the real detailed sample (per-request arrays)', () => {
    const [f] = sample('vllm/serving_llama33-70b_tp8_sharegpt_qps4_detailed.json');
    const res = same(f.name, new TextDecoder().decode(f.data));
    expect(res.runs[0].requests?.ttft_ms).toHaveLength(200);
  });
  it('malformed files fail the same way', () => {
    for (const n of [
      '03_truncated_vllm.json',
      '06_vllm_nan_ttft.json',
      '09_vllm_bad_second_object.json',
      '11_vllm_mismatched_arrays.json',
    ]) {
      const text = fs.readFileSync(path.join(FIXTURES, 'malformed', n), 'utf8');
      let whole = '';
      try {
        vllmServeImporter.parse(text, ctx(n));
      } catch (e) {
        whole = (e as Error).message;
      }
      const file = path.join(tmp, n);
      fs.writeFileSync(file, text);
      expect(() => vllmServeImporter.parseStream!(textSource({ name: n, path: file }, 64), ctx(n)), n).toThrow(n);
      expect(whole, n).toMatch(n);
      if (!/truncated/.test(whole))
        expect(() => vllmServeImporter.parseStream!(textSource({ name: n, path: file }, 64), ctx(n))).toThrow(whole);
    }
  });
});

it('a file above STREAM_MIN_BYTES is parsed from disk in chunks with the same result', () => {
  const file = path.join(tmp, 'big_vllm_detailed.json');
  const info = writeSyntheticVllm(file, STREAM_MIN_BYTES + 2 * 1024 * 1024, 7, { objects: 2, pythonNaN: true });
  expect(info.bytes).toBeGreaterThan(STREAM_MIN_BYTES);
  const streamed = parseFile({ name: 'big_vllm_detailed.json', path: file }, { now: NOW });
  const whole = vllmServeImporter.parse(fs.readFileSync(file, 'utf8'), {
    name: 'big_vllm_detailed.json',
    sha256: streamed.sha256,
    now: NOW,
  });
  expect(streamed.runs).toEqual(whole.runs);
  expect(streamed.runs).toHaveLength(2);
  const r = streamed.runs[0];
  expect(r.requests?.ttft_ms).toHaveLength(info.requests / 2);
  expect(r.requests?.e2e_ms[0]).toBeCloseTo((info.firstTtft + info.firstItlSum) * 1000, 6);
  expect(r.requests?.start_s?.[0]).toBe(0);
  expect(r.knobs.run_tag).toBe('synthetic-0');
  expect(streamed.runs[1].knobs.run_tag).toBe('synthetic-1');
  expect(r.workload.output_tokens_total! + streamed.runs[1].workload.output_tokens_total!).toBe(info.outputTokens);
});

it('vLLM without start_times: start_s is absent, not zeros', () => {
  const [f] = fixture('vllm_append.json');
  const o = JSON.parse(new TextDecoder().decode(f.data).split('\n')[0]);
  Object.assign(o, { input_lens: [1, 2], output_lens: [3, 4], ttfts: [0.1, 0.2], itls: [[0.01], [0.02, 0.03]] });
  delete o.start_times;
  delete o.latencies;
  const res = vllmServeImporter.parse(JSON.stringify(o), ctx('no_starts.json'));
  expect(res.runs[0].requests?.start_s).toBeUndefined();
  expect(res.runs[0].requests?.ttft_ms).toEqual([100, 200]);
  expect(res.warnings.join('\n')).toMatch(/no start times/);
});

describe('Joulebench run records, streamed line by line', () => {
  const rec = (i: number) => ({
    schema_version: 1,
    source: { kind: 'api' },
    label: `r${i} ü`, // a multi-byte character, cut by some chunk boundaries
    created_at: '2026-01-01T00:00:00Z',
    model: { id: 'm' },
    hardware: { gpu_model: 'H100', gpu_count: 1, simulated: true },
    engine: { name: 'vllm' },
    knobs: { max_num_seqs: 2 ** (i % 6) },
    workload: {},
    metrics: { duration_s: 10, energy_j: 1000 + i, completed: 100 },
  });
  const write = (name: string, text: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return { name, path: file };
  };
  const jsonl = Array.from({ length: 300 }, (_, i) => JSON.stringify(rec(i))).join('\r\n') + '\r\n';

  it('JSON Lines: the streamed records equal the whole-text parse, whatever the chunk size', () => {
    const f = write('runs.jsonl', jsonl);
    const whole = runRecordImporter.parse(jsonl, ctx(f.name)).runs;
    expect(whole).toHaveLength(300);
    for (const chunk of [7, 64, 1000, 1 << 16])
      expect(runRecordImporter.parseStream!(textSource(f, chunk), ctx(f.name)).runs, `chunk ${chunk}`).toEqual(whole);
    expect(whole[299].metrics.energy_j).toBe(1299);
    expect(whole[5].label).toBe('r5 ü');
  });

  it('a JSON array or a pretty-printed object is read whole, as before', () => {
    const arr = JSON.stringify([rec(1), rec(2)], null, 2);
    const a = write('runs-array.json', arr);
    expect(runRecordImporter.parseStream!(textSource(a, 64), ctx(a.name)).runs).toEqual(
      runRecordImporter.parse(arr, ctx(a.name)).runs,
    );
    const one = JSON.stringify(rec(3), null, 2);
    const o = write('run.json', one);
    expect(runRecordImporter.parseStream!(textSource(o, 64), ctx(o.name)).runs.map((r) => r.label)).toEqual(['r3 ü']);
  });

  it('errors name the file and the line', () => {
    const bad = jsonl.split('\r\n');
    bad[41] = '{"schema_version": 1, "broken": ';
    const f = write('bad.jsonl', bad.join('\n'));
    expect(() => runRecordImporter.parseStream!(textSource(f, 100), ctx(f.name))).toThrow(
      /bad\.jsonl.*line 42.*invalid JSON/,
    );
    const neg = jsonl.replace('"energy_j":1010', '"energy_j":-1');
    const g = write('neg.jsonl', neg);
    expect(() => runRecordImporter.parseStream!(textSource(g, 100), ctx(g.name))).toThrow(
      /neg\.jsonl.*line 11.*energy_j/,
    );
  });

  it('a large JSONL file goes through the streaming reader (parseFile above 8 MB)', () => {
    const lines: string[] = [];
    for (let i = 0, bytes = 0; bytes <= STREAM_MIN_BYTES; i++) {
      const l = JSON.stringify(rec(i));
      lines.push(l);
      bytes += l.length + 1;
    }
    const f = write('big.jsonl', lines.join('\n') + '\n');
    const parsed = parseFile(f, { now: NOW });
    expect(parsed.format).toBe('joulebench');
    expect(parsed.runs).toHaveLength(lines.length);
    expect(parsed.runs[lines.length - 1].metrics.energy_j).toBe(1000 + lines.length - 1);
  });

  it('a line longer than the bound is refused, naming the line', () => {
    const src = {
      size: 0,
      *chunks() {
        yield '{"a": 1}\n';
        for (;;) yield 'x'.repeat(1 << 20);
      },
    };
    expect(() => [...sourceLines('huge.jsonl', src)]).toThrow(/huge\.jsonl.*line 2.*longer than 64 M/);
  });
});
