/**
 * Parses runs-table query parameters (URL search params of /runs and GET /api/runs) into
 * ListRunsParams. Unknown sort keys, bad numbers, invalid knob names or negative limits throw
 * ValidationError (400). `cursor` is the `nextCursor` of the previous page (keyset paging).
 */
import { z } from 'zod';
import { COLUMN_KNOBS, type ColumnKnob } from '@/db/mappers/run-row';
import { decodeCursor, EXTRA_KNOB_NAME, SORT_KEYS, type ListRunsParams } from '@/db/queries/runs';
import { ValidationError } from '@/lib/errors';
import { assertSafeKey, dict } from '@/lib/safe-keys';

const intParam = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, `${name} must be an integer`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const numParam = (name: string) =>
  z
    .string()
    .refine((s) => s.trim() !== '' && Number.isFinite(Number(s)), `${name} must be a number`)
    .transform(Number);

export const MAX_PAGE = 1000;

export function parseRunQuery(sp: URLSearchParams): ListRunsParams {
  const out: ListRunsParams = {};
  const list = (k: string) =>
    sp
      .getAll(k)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  const one = <T>(key: string, schema: z.ZodType<T>): T | undefined => {
    const v = sp.get(key);
    if (v === null || v === '') return undefined;
    const r = schema.safeParse(v);
    if (!r.success) throw new ValidationError(`${key}: ${r.error.issues[0]?.message ?? 'invalid'}`);
    return r.data;
  };
  out.limit = one('limit', intParam('limit', 1, MAX_PAGE)) ?? 50;
  out.offset = one('offset', intParam('offset', 0, Number.MAX_SAFE_INTEGER)) ?? 0;
  const sort = sp.get('sort');
  if (sort) {
    if (!(SORT_KEYS as readonly string[]).includes(sort)) {
      throw new ValidationError(
        `sort: unknown sort key "${sort}" (known: ${SORT_KEYS.slice(0, 12).join(', ')}, ... and every metric key)`,
      );
    }
    out.sort = sort as ListRunsParams['sort'];
  }
  const order = sp.get('order');
  if (order) {
    if (order !== 'asc' && order !== 'desc') throw new ValidationError('order: must be "asc" or "desc"');
    out.order = order;
  }
  out.study = one('study', intParam('study', 1, Number.MAX_SAFE_INTEGER));
  const model = list('model');
  const gpu = list('gpu');
  const engine = list('engine');
  if (model.length) out.model = model;
  if (gpu.length) out.gpu = gpu;
  if (engine.length) out.engine = engine;
  const sim = sp.get('simulated');
  if (sim) {
    if (!['true', 'false', '1', '0'].includes(sim)) throw new ValidationError('simulated: must be true or false');
    out.simulated = sim === 'true' || sim === '1';
  }
  const q = sp.get('q');
  if (q) out.q = q.slice(0, 200);
  const ids = list('ids');
  if (ids.length) {
    if (ids.some((i) => !/^\d+$/.test(i))) throw new ValidationError('ids: must be comma-separated run ids');
    out.ids = ids.map(Number);
  }
  // knob.<name>.min / knob.<name>.max / knob.<name>=value. Typed knobs are columns (numbers);
  // any other name is a free-form knob read from the stored JSON (text, number or boolean).
  // Both maps are prototype-less and reserved names are refused (400), so a parameter such as
  // knob.__proto__ can never reach Object.prototype (docs/security.md, prototype pollution).
  for (const [key, value] of sp.entries()) {
    if (!key.startsWith('knob.')) continue;
    const m = /^knob\.(.+?)(?:\.(min|max))?$/.exec(key);
    const knob = m?.[1] ?? '';
    if (m) assertSafeKey(knob, key);
    if (!m || !EXTRA_KNOB_NAME.test(knob))
      throw new ValidationError(
        `${key.slice(0, 80)}: invalid knob name (letters, digits, "_" or "-", at most 64 characters; typed knobs: ${COLUMN_KNOBS.join(', ')})`,
      );
    if (COLUMN_KNOBS.includes(knob as ColumnKnob)) {
      const n = numParam(key).safeParse(value);
      if (!n.success) throw new ValidationError(`${key}: must be a number`);
      const knobs = (out.knobs ??= dict()) as Record<string, { min?: number; max?: number }>;
      const r = knobs[knob] ?? {};
      if (m[2] !== 'max') r.min = n.data;
      if (m[2] !== 'min') r.max = n.data;
      knobs[knob] = r;
      continue;
    }
    const extra = (out.extraKnobs ??= dict());
    const r = (extra[knob] ??= {});
    if (m[2]) {
      const n = numParam(key).safeParse(value);
      if (!n.success) throw new ValidationError(`${key}: must be a number`);
      r[m[2] as 'min' | 'max'] = n.data;
    } else {
      if (value.length > 200) throw new ValidationError(`${key}: value longer than 200 characters`);
      r.eq = value;
    }
  }
  const cursor = sp.get('cursor');
  if (cursor) out.cursor = decodeCursor(cursor);
  return out;
}

export { parseId } from '@/lib/ids';
