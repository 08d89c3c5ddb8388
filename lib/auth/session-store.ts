/**
 * better-auth keeps its session token (the part of the signed cookie that identifies a session)
 * in clear in `sessions.token`. We store only its SHA-256 instead, as we do for API tokens and
 * share links, so a copy of the database (backup, leaked file) holds no usable session: the
 * token's preimage is needed, and the cookie signature needs the secret besides.
 *
 * This wraps better-auth's database adapter for the `session` model only:
 *  - every `token` value better-auth writes (create, update) or looks up (where clauses, any
 *    operator) is replaced by its digest before it reaches the database;
 *  - rows that come back for a lookup by token carry the clear token again (better-auth passes
 *    it on to the cookie and to later calls, e.g. deleting an expired session). Rows found by
 *    other fields (e.g. all sessions of a user) carry the digest, which is not a credential:
 *    presenting it as a token would be hashed again.
 * The adapter methods are patched in place, so better-auth's "as-is" transaction (which hands the
 * same adapter object to the callback) goes through the wrapper too.
 */
import type { BetterAuthOptions } from 'better-auth';
import { sha256Hex } from './tokens';

type Where = { field: string; value: unknown; operator?: string; connector?: string; mode?: string };
type Row = Record<string, unknown> | null | undefined;
// The adapter's method signatures are generic; we only touch model/where/data/update.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (args: any) => Promise<any>;
type AdapterLike = Record<string, unknown> & { transaction?: unknown };
type AdapterFactory = (options: BetterAuthOptions) => AdapterLike;

const isSession = (model: unknown) => model === 'session' || model === 'sessions';
const digest = (v: unknown) => (typeof v === 'string' ? sha256Hex(v) : v);

/** digest -> clear token, for the token values of one call. */
function hashWhere(where: Where[] | undefined, clear: Map<string, string>): Where[] | undefined {
  return where?.map((w) => {
    if (w.field !== 'token') return w;
    const values = Array.isArray(w.value) ? w.value : [w.value];
    for (const v of values) if (typeof v === 'string') clear.set(sha256Hex(v), v);
    return { ...w, value: Array.isArray(w.value) ? w.value.map(digest) : digest(w.value) };
  });
}

function restore<T extends Row>(row: T, clear: Map<string, string>): T {
  if (!row || typeof row.token !== 'string') return row;
  const token = clear.get(row.token);
  return token ? { ...row, token } : row;
}

export function hashSessionTokens(factory: AdapterFactory): AdapterFactory {
  return (options) => {
    const adapter = factory(options);
    const orig = { ...adapter } as Record<string, AnyFn>;
    const patch = (name: string, fn: AnyFn) => {
      if (typeof orig[name] === 'function') adapter[name] = fn;
    };
    patch('create', async (a) => {
      if (!isSession(a.model) || typeof a.data?.token !== 'string') return orig.create(a);
      const clear = new Map([[sha256Hex(a.data.token), a.data.token as string]]);
      return restore(await orig.create({ ...a, data: { ...a.data, token: sha256Hex(a.data.token) } }), clear);
    });
    for (const name of ['findOne', 'update', 'consumeOne', 'incrementOne'] as const) {
      patch(name, async (a) => {
        if (!isSession(a.model)) return orig[name](a);
        const clear = new Map<string, string>();
        const update =
          a.update && typeof a.update.token === 'string' ? { ...a.update, token: sha256Hex(a.update.token) } : a.update;
        if (a.update && typeof a.update.token === 'string') clear.set(sha256Hex(a.update.token), a.update.token);
        const row = await orig[name]({ ...a, where: hashWhere(a.where, clear), ...(update ? { update } : {}) });
        return restore(row, clear);
      });
    }
    patch('findMany', async (a) => {
      if (!isSession(a.model)) return orig.findMany(a);
      const clear = new Map<string, string>();
      const rows = (await orig.findMany({ ...a, where: hashWhere(a.where, clear) })) as Row[];
      return rows.map((r) => restore(r, clear));
    });
    for (const name of ['count', 'updateMany', 'delete', 'deleteMany'] as const) {
      patch(name, async (a) => {
        if (!isSession(a.model)) return orig[name](a);
        const update =
          a.update && typeof a.update.token === 'string' ? { ...a.update, token: sha256Hex(a.update.token) } : a.update;
        return orig[name]({ ...a, where: hashWhere(a.where, new Map()), ...(update ? { update } : {}) });
      });
    }
    return adapter;
  };
}
