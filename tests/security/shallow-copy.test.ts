/** shallowCopy and copyInto (lib/shallow-copy.ts) give what object spread gives, for the per-run copies. */
import { describe, expect, it } from 'vitest';
import { copyInto, shallowCopy } from '@/lib/shallow-copy';

describe('shallowCopy', () => {
  it('copies own keys in order, leaving out the omitted ones, without touching the source', () => {
    const src = { b: 1, a: { x: 2 }, id: 7, c: null };
    const copy = shallowCopy(src, new Set(['id']));
    expect(Object.keys(copy)).toEqual(['b', 'a', 'c']);
    expect(copy.a).toBe(src.a);
    expect(src.id).toBe(7);
    expect(shallowCopy(src)).toEqual({ ...src });
  });

  it('an own "__proto__" key from JSON stays an own property, as with spread: the prototype is untouched', () => {
    const src = JSON.parse('{"__proto__": {"polluted": true}, "k": 1}') as Record<string, unknown>;
    const copy = shallowCopy(src) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy.polluted).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['__proto__', 'k']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify({ ...src }));
  });

  it('copyInto adds to an existing object after its keys, and keeps a "__proto__" key as data', () => {
    const src = JSON.parse('{"__proto__": {"polluted": true}, "k": 1, "skip": 2}') as Record<string, unknown>;
    const out = copyInto({ id: 'm' }, src, new Set(['skip'])) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['id', '__proto__', 'k']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.polluted).toBeUndefined();
  });
});
