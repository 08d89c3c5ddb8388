/**
 * Request-trace CSV parser. Two layouts, told apart by the header row:
 *  - the Azure LLM inference trace: `TIMESTAMP,ContextTokens,GeneratedTokens`, the timestamp as
 *    `YYYY-MM-DD HH:MM:SS[.fraction]` (no zone in the file: read as UTC);
 *  - a plain one: `atS,inputTokens,outputTokens` (also `at_s,input_tokens,output_tokens`), atS in
 *    seconds from any origin.
 * Requests are rebased so the first arrives at 0 and sorted by arrival (stable). Input is bounded
 * (bytes and rows) and every refusal names the file, the line and the column.
 */
import type { TraceRequest } from './types';

export const MAX_TRACE_BYTES = 32 * 1024 * 1024;
export const MAX_TRACE_ROWS = 1_000_000;
/** A context or answer longer than this is a typo, not a request (the largest context windows are ~10M). */
const MAX_TOKENS = 10_000_000;

export class TraceParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}${column ? ` (column ${column})` : ''}: ${reason}`);
    this.name = 'TraceParseError';
  }
}

export type ParsedTrace = {
  requests: TraceRequest[];
  durationS: number;
  /** ISO time of the first request, when the file has wall-clock timestamps. */
  startedAt?: string;
  format: 'azure' | 'plain';
};

type Layout = { format: 'azure' | 'plain'; time: string; input: string; output: string };
const LAYOUTS: Layout[] = [
  { format: 'azure', time: 'TIMESTAMP', input: 'ContextTokens', output: 'GeneratedTokens' },
  { format: 'plain', time: 'atS', input: 'inputTokens', output: 'outputTokens' },
  { format: 'plain', time: 'at_s', input: 'input_tokens', output: 'output_tokens' },
];

const AZURE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/;

/** Azure timestamp -> ms since the epoch (UTC), with the sub-millisecond fraction kept. */
export function parseAzureTimestamp(s: string): number | undefined {
  const m = AZURE_TIME.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  return ms + (m[7] ? Number(`0.${m[7]}`) * 1000 : 0);
}

function findLayout(file: string, header: string[]): { layout: Layout; cols: [number, number, number] } {
  const names = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  for (const layout of LAYOUTS) {
    const cols = [layout.time, layout.input, layout.output].map((n) => names.indexOf(n));
    if (cols.every((c) => c >= 0)) return { layout, cols: cols as [number, number, number] };
  }
  throw new TraceParseError(
    file,
    1,
    undefined,
    `header must name the columns TIMESTAMP,ContextTokens,GeneratedTokens (Azure LLM inference trace) or atS,inputTokens,outputTokens (got "${names.join(',').slice(0, 120)}")`,
  );
}

function tokenCount(file: string, line: number, column: string, raw: string): number {
  const v = raw.trim();
  if (!/^\d{1,9}$/.test(v))
    throw new TraceParseError(file, line, column, `"${v.slice(0, 40)}" is not a whole number of tokens`);
  const n = Number(v);
  if (n < 1) throw new TraceParseError(file, line, column, 'a request has at least 1 token (got 0)');
  if (n > MAX_TOKENS) throw new TraceParseError(file, line, column, `${n} tokens is more than ${MAX_TOKENS}`);
  return n;
}

function arrivalMs(file: string, line: number, layout: Layout, raw: string): number {
  const v = raw.trim();
  if (layout.format === 'azure') {
    const t = parseAzureTimestamp(v);
    if (t === undefined)
      throw new TraceParseError(
        file,
        line,
        layout.time,
        `"${v.slice(0, 40)}" is not a timestamp like 2023-11-16 18:15:46.68`,
      );
    return t;
  }
  const s = Number(v);
  if (v === '' || !Number.isFinite(s) || s < 0)
    throw new TraceParseError(file, line, layout.time, `"${v.slice(0, 40)}" is not a time in seconds >= 0`);
  return s * 1000;
}

/** Parses a trace file's text; `file` names it in errors. */
export function parseTrace(
  text: string,
  file: string,
  limits: { maxBytes?: number; maxRows?: number } = {},
): ParsedTrace {
  const maxBytes = limits.maxBytes ?? MAX_TRACE_BYTES;
  const maxRows = limits.maxRows ?? MAX_TRACE_ROWS;
  if (Buffer.byteLength(text) > maxBytes)
    throw new TraceParseError(
      file,
      undefined,
      undefined,
      `file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`,
    );
  const lines = text.split('\n');
  const { layout, cols } = findLayout(file, (lines[0] ?? '').replace(/\r$/, '').split(','));
  const width = Math.max(...cols) + 1;
  const rows: Array<{ t: number; i: number; o: number }> = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (!line.trim()) continue;
    if (rows.length >= maxRows)
      throw new TraceParseError(file, n + 1, undefined, `more than ${maxRows} requests (the limit of one trace)`);
    const cells = line.split(',');
    if (cells.length < width)
      throw new TraceParseError(file, n + 1, undefined, `expected ${width} columns, found ${cells.length}`);
    rows.push({
      t: arrivalMs(file, n + 1, layout, cells[cols[0]]),
      i: tokenCount(file, n + 1, layout.input, cells[cols[1]]),
      o: tokenCount(file, n + 1, layout.output, cells[cols[2]]),
    });
  }
  if (!rows.length) throw new TraceParseError(file, undefined, undefined, 'no requests after the header');
  // Files are normally in arrival order; a stable sort keeps equal stamps in file order.
  rows.sort((a, b) => a.t - b.t);
  const t0 = rows[0].t;
  // Microsecond resolution: finer than any client timer, and keeps stored traces compact.
  const requests = rows.map((r) => ({ atS: Math.round((r.t - t0) * 1000) / 1e6, inputTokens: r.i, outputTokens: r.o }));
  return {
    requests,
    durationS: requests[requests.length - 1].atS,
    startedAt: layout.format === 'azure' ? new Date(t0).toISOString() : undefined,
    format: layout.format,
  };
}
