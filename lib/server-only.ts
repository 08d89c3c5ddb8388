/**
 * `import 'server-only'` resolves here (tsconfig paths, vitest alias): the CLI, worker, point
 * runner and tests are server processes, so outside Next the marker is a no-op. Inside Next the
 * guard is the compiler's: a client component whose imports reach a `server-only` import fails the
 * build ("You're importing a component that needs server-only"), whatever the path resolves to.
 */
export {};
