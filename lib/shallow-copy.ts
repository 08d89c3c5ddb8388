/**
 * Shallow copies for the import's per-run path. V8 copies an object from JSON.parse or zod with
 * object spread or rest (`{ ...o }`, `const { a, ...rest } = o`) through a slow path: about 8 us
 * for a 12-key metrics object, against 0.6 us for a loop over its keys (measured on Node 20; a
 * million-run import does several per run). Same result as the spread: own enumerable string
 * keys in order, and an own `__proto__` key stays an own property instead of setting the copy's
 * prototype.
 */
export function shallowCopy<T extends object>(o: T, omit?: ReadonlySet<string>): T {
  return copyInto({}, o, omit) as T;
}

/** Like Object.assign(out, o), but as a spread does it: an own `__proto__` key stays data. */
export function copyInto(out: object, o: object, omit?: ReadonlySet<string>): object {
  const src = o as Record<string, unknown>;
  const dst = out as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    if (omit?.has(k)) continue;
    if (k === '__proto__')
      Object.defineProperty(dst, k, { value: src[k], enumerable: true, writable: true, configurable: true });
    else dst[k] = src[k];
  }
  return out;
}
