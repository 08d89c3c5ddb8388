/**
 * A lossless, smaller encoding of JSON-like data for the props a server page hands to a client
 * component. Next inlines those props in the page as the RSC payload, escaped inside a script,
 * and a view of many runs repeats the same keys hundreds of times: at 1M runs the explorer's
 * first page was 320 KB, half of it the initial view's keys and quotes (docs/benchmarks.md).
 *
 * Each distinct list of object keys (a "shape") is written once; an object becomes
 * [shape index + 1, ...its values] and an array [0, ...its items], so the two cannot be confused.
 * Strings, numbers, booleans and null are kept as they are; an undefined value is dropped from an
 * object (as JSON does) and becomes null in an array. A long value met again (a model name, a
 * run's metric that is also its x, a frontier point's y in the SLO price curve) is written once
 * and then as [-1, k]: the k-th long value in the order both sides walk the tree. No number is
 * rounded: unpack(pack(v)) deep-equals v.
 */
export interface Packed<T> {
  shapes: string[][];
  root: unknown;
  /** Never set: carries the packed value's type to unpack(). */
  readonly __type?: T;
}

type Plain = Record<string, unknown>;

/** A value worth a back-reference (about as long as "[-1,k]" or longer); decided from the value alone. */
const repeatable = (v: unknown): v is string | number =>
  typeof v === 'string'
    ? v.length >= 8
    : // Not ±Infinity: JSON (unlike React's payload) would turn it into null and shift every index.
      typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) && String(v).length >= 8;

export function pack<T>(value: T): Packed<T> {
  const shapes: string[][] = [];
  const index = new Map<string, number>();
  const tagOf = (keys: string[]) => {
    const id = JSON.stringify(keys);
    let i = index.get(id);
    if (i === undefined) {
      i = shapes.length;
      shapes.push(keys);
      index.set(id, i);
    }
    return i + 1;
  };
  const seen = new Map<unknown, number>();
  const enc = (v: unknown): unknown => {
    if (repeatable(v)) {
      const k = seen.get(v);
      if (k !== undefined) return [-1, k];
      seen.set(v, seen.size);
      return v;
    }
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) {
      const out = new Array<unknown>(v.length + 1);
      out[0] = 0;
      for (let i = 0; i < v.length; i++) out[i + 1] = v[i] === undefined ? null : enc(v[i]);
      return out;
    }
    if (isPlainObject(v)) {
      const keys: string[] = [];
      const out: unknown[] = [0];
      for (const k in v)
        if (Object.hasOwn(v, k) && v[k] !== undefined) {
          keys.push(k);
          out.push(enc(v[k]));
        }
      out[0] = tagOf(keys);
      return out;
    }
    throw new TypeError(`pack: cannot encode a ${typeof v}`);
  };
  return { shapes, root: enc(value) };
}

export function unpack<T>(packed: Packed<T>): T {
  const { shapes } = packed;
  const long: unknown[] = [];
  const dec = (v: unknown): unknown => {
    if (!Array.isArray(v)) {
      if (repeatable(v)) long.push(v);
      return v;
    }
    const tag = v[0] as number;
    if (tag === -1) {
      const k = v[1] as number;
      if (v.length !== 2 || !Number.isInteger(k) || k < 0 || k >= long.length)
        throw new Error(`unpack: bad reference ${k}`);
      return long[k];
    }
    if (tag === 0) {
      const out = new Array<unknown>(v.length - 1);
      for (let i = 1; i < v.length; i++) out[i - 1] = dec(v[i]);
      return out;
    }
    const keys = shapes[tag - 1];
    if (!keys || keys.length !== v.length - 1) throw new Error(`unpack: bad shape ${tag}`);
    // fromEntries defines own properties: a "__proto__" key stays data, never a prototype.
    return Object.fromEntries(keys.map((k, i) => [k, dec(v[i + 1])]));
  };
  return dec(packed.root) as T;
}

function isPlainObject(v: unknown): v is Plain {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
