import { describe, expect, it } from 'vitest';
import { computeExplorerView } from '@/lib/explore/compute';
import { DEFAULT_VIEW } from '@/lib/explore/state';
import { pack, unpack } from '@/lib/wire/packed';
import { seeded, type Spec } from '../explore/fixtures';

/** What Next does with the props: JSON through the page, then parsed in the browser. */
const overTheWire = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('packed props', () => {
  it('round-trips an explorer view of many runs exactly, in fewer bytes', () => {
    const specs: Spec[] = Array.from({ length: 300 }, (_, i) => ({
      model: `org/model-${i % 4}`,
      gpu: i % 2 ? 'H100' : 'A100',
      sim: i % 3 === 0,
      knobs: { sm_clock_mhz: 1000 + (i % 7) * 100, max_num_seqs: 2 ** (i % 8) },
      metrics: {
        itl_ms_p99: 10 + Math.sqrt(i) * 3.1234567,
        energy_per_output_token_j: 0.9 / (1 + (i % 13)) + i * 1e-7,
        ...(i % 5 ? { output_throughput_tps: i * 17.25 } : {}),
      },
    }));
    const { db, studyId } = seeded(specs);
    const view = computeExplorerView(db, { ...structuredClone(DEFAULT_VIEW), study: studyId, slo: { itl_ms_p99: 40 } });
    expect(view.frontierPoints.length).toBeGreaterThan(3);
    const plain = overTheWire(view);
    const packed = overTheWire(pack(view));
    expect(unpack(packed)).toStrictEqual(plain);
    expect(JSON.stringify(packed).length).toBeLessThan(0.7 * JSON.stringify(plain).length);
  });

  it('keeps every kind of value and tells arrays from objects', () => {
    const v = {
      empty: {},
      none: [],
      nested: [[1, [2]], { a: [{ b: null }] }],
      tuple: [0, 1, 2],
      looksLikeAShape: [1, 'x'],
      text: 'a "quoted" \\ string',
      flags: [true, false],
      big: 1.7976931348623157e308,
      tiny: -5e-324,
      order: { z: 1, a: 2 },
      reordered: { a: 2, z: 1 },
    };
    const back = unpack(overTheWire(pack(v)));
    expect(back).toStrictEqual(v);
    expect(Object.keys(back.order)).toEqual(['z', 'a']);
  });

  it('writes a long value met again as a reference, and keeps a string apart from the same number', () => {
    const model = 'meta-llama/Llama-3.1-70B-Instruct';
    const v = {
      runs: [
        { model, x: 11.232004253983499, tp: 2, engine: 'vllm' },
        { model, x: 11.232004253983499, tp: 2, engine: 'vllm' },
      ],
      price: [{ threshold: 11.232004253983499, label: '11.232004253983499' }],
      weird: [Infinity, -Infinity, 0.5, 0.5, 'after the infinities', 'after the infinities'],
    };
    const packed = overTheWire(pack(v));
    const text = JSON.stringify(packed);
    expect(text.split(model).length - 1).toBe(1);
    expect(text.split('11.232004253983499').length - 1).toBe(2); // the number once, the string once
    expect(text.split('"vllm"').length - 1).toBe(2); // short values stay inline
    expect(unpack(packed)).toStrictEqual(overTheWire(v));
    expect(unpack(pack(v)).weird).toEqual(v.weird);
  });

  it('drops undefined like JSON does', () => {
    expect(unpack(pack({ a: undefined, b: [undefined, 1] }))).toStrictEqual({ b: [null, 1] });
  });

  it('keeps a "__proto__" key as data, never as the prototype', () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}');
    const back = unpack(overTheWire(pack(v))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(back)).toEqual(['__proto__', 'ok']);
  });

  it('refuses what is not JSON-like, and a payload whose shapes do not match', () => {
    expect(() => pack({ when: new Date(0) })).toThrow(/cannot encode a object/);
    expect(() => pack({ f: () => 1 })).toThrow(/cannot encode a function/);
    expect(() => unpack({ shapes: [['a', 'b']], root: [1, 'only one'] })).toThrow(/bad shape 1/);
    expect(() => unpack({ shapes: [], root: [3] })).toThrow(/bad shape 3/);
    expect(() => unpack({ shapes: [], root: [0, 'a long string', [-1, 1]] })).toThrow(/bad reference 1/);
    expect(() => unpack({ shapes: [], root: [0, 'a long string', [-1, 0.5]] })).toThrow(/bad reference 0.5/);
    expect(unpack({ shapes: [], root: [0, 'a long string', [-1, 0]] })).toEqual(['a long string', 'a long string']);
  });
});
