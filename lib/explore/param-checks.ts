/**
 * Checks of single URL values for the explorer's view state (lib/explore/state.ts). The state
 * parser runs in the browser too, and these few checks (enums, unions, finite numbers, a pattern)
 * are all it needs: zod/mini put ~22 KB gzip into the explorer's JavaScript for them, against a
 * 186 KB budget (issue 11). Server input with richer shapes keeps using zod.
 */
export type CheckResult<T> = { ok: true; value: T } | { ok: false; message: string };
export type Check<T> = (raw: unknown) => CheckResult<T>;

const ok = <T>(value: T): CheckResult<T> => ({ ok: true, value });
const fail = <T>(message: string): CheckResult<T> => ({ ok: false, message });

/** One of the listed strings. */
export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  const set = new Set<string>(values);
  return (raw) =>
    typeof raw === 'string' && set.has(raw) ? ok(raw as T) : fail(`must be one of ${values.join(', ')}`);
}

/** The first check that accepts the value; else the last one's message. */
export function either<A, B>(a: Check<A>, b: Check<B>, message?: string): Check<A | B> {
  return (raw) => {
    const r = a(raw);
    if (r.ok) return r;
    const s = b(raw);
    return s.ok || !message ? s : fail(message);
  };
}

export const finiteNumber: Check<number> = (raw) =>
  typeof raw === 'number' && Number.isFinite(raw) ? ok(raw) : fail('must be a finite number');

export const nonNegativeNumber: Check<number> = (raw) =>
  typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? ok(raw) : fail('must be a finite number >= 0');

export const positiveInteger: Check<number> = (raw) =>
  typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? ok(raw) : fail('must be a positive integer');

/** A string matching `re` (anchor it). */
export function matching(re: RegExp, message: string): Check<string> {
  return (raw) => (typeof raw === 'string' && re.test(raw) ? ok(raw) : fail(message));
}
