/**
 * Process-wide singletons for server caches. Next.js bundles route handlers (app/api) and pages
 * separately, so a module's top-level state exists once per bundle layer: without this, the run
 * columns of a 100k-run study were loaded (and refreshed after every import) twice and held twice
 * in memory, once for GET /api/frontier and once for the /explore page, and a view computed by
 * one was recomputed by the other. Objects made here live on globalThis under a registered
 * symbol, so every copy of the importing module gets the same one.
 */
export function processWide<T>(name: string, make: () => T): T {
  const key = Symbol.for(`joulebench.${name}`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  let v = g[key];
  if (v === undefined) g[key] = v = make();
  return v;
}
