/**
 * Run queries, one module per concept: filters (the one filter builder), cursor (sort keys and
 * keyset cursors), list (pages, counts, single runs), insert (insert, move, delete), bulk-indexes
 * (metric indexes built at the end of a bulk load) and facets (run_groups reads). Each takes the
 * db first so tests can pass an in-memory database.
 */
export * from './filters';
export * from './cursor';
export * from './list';
export * from './insert';
export * from './bulk-indexes';
export * from './facets';
export { warmRunPageColumns } from './memory-page';
