/** Workloads (request traces): types, parser, built-ins, statistics, synthetic ones, slices. */
export * from './types';
export {
  parseTrace,
  parseAzureTimestamp,
  TraceParseError,
  MAX_TRACE_BYTES,
  MAX_TRACE_ROWS,
  type ParsedTrace,
} from './parse';
export {
  BUILTINS,
  BUILTIN_PREFIX,
  AZURE_2023_ATTRIBUTION,
  builtinInfo,
  loadBuiltin,
  type BuiltinInfo,
} from './builtin';
export * from './stats';
export * from './synthetic';
export * from './slice';
